package io.igaudit.ig;

/**
 * Which model outputs are explained, per row: one output per row, or with {@link Several} the same
 * few outputs for every row. A model with one output per row needs no index: every rule resolves
 * to 0 there, and a fixed index other than 0 is an error.
 */
public sealed interface TargetRule {

    /** The same output index for every row. */
    record Fixed(int index) implements TargetRule {
        @Override
        public int targetOf(int row, int t, ModelOutputs outputsAtInputs) {
            return index;
        }
    }

    /** The output with the largest value at the input (argmax of F(x)), per row. */
    record Predicted() implements TargetRule {
        @Override
        public int targetOf(int row, int t, ModelOutputs outputsAtInputs) {
            return outputsAtInputs.argmax(row);
        }
    }

    /** An explicit output index for each row of the batch. */
    record PerRow(int[] indices) implements TargetRule {
        @Override
        public int targetOf(int row, int t, ModelOutputs outputsAtInputs) {
            if (indices.length != outputsAtInputs.rows()) {
                throw new IllegalArgumentException(
                        indices.length + " per-row targets for a batch of " + outputsAtInputs.rows() + " rows");
            }
            return indices[row];
        }
    }

    /** The same several output indices for every row: each row is explained once per index. */
    record Several(int[] indices) implements TargetRule {
        /** Rejects an empty list. */
        public Several {
            if (indices == null || indices.length == 0) {
                throw new IllegalArgumentException("several targets need at least one output index");
            }
            indices = indices.clone();
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }

        @Override
        public int targetOf(int row, int t, ModelOutputs outputsAtInputs) {
            return indices[t];
        }

        @Override
        public int perRow() {
            return indices.length;
        }
    }

    /** The unchecked output index of target {@code t} (0 ≤ t < {@link #perRow()}) of one row. */
    int targetOf(int row, int t, ModelOutputs outputsAtInputs);

    /** How many outputs are explained per row: 1 except for {@link Several}. */
    default int perRow() {
        return 1;
    }

    /**
     * The output indices of every row, checked against the model's output width: rows × perRow()
     * entries in the order {@code r·T + t} (one per row when T = 1).
     */
    default int[] resolve(ModelOutputs outputsAtInputs) {
        int rows = outputsAtInputs.rows();
        int width = outputsAtInputs.width();
        int perRow = perRow();
        int[] targets = new int[rows * perRow];
        for (int row = 0; row < rows; row++) {
            for (int t = 0; t < perRow; t++) {
                int target = targetOf(row, t, outputsAtInputs);
                if (target < 0 || target >= width) {
                    throw new TargetOutOfRangeException(row, target, width);
                }
                targets[row * perRow + t] = target;
            }
        }
        return targets;
    }

    /** A target index that the model's output does not have. */
    final class TargetOutOfRangeException extends IllegalArgumentException {
        private final int row;
        private final int target;
        private final int width;

        TargetOutOfRangeException(int row, int target, int width) {
            super("target index " + target + " (row " + row + " of the batch) is outside the model's output,"
                    + " which has width " + width + " (valid indices 0.." + (width - 1) + ")");
            this.row = row;
            this.target = target;
            this.width = width;
        }

        /** The row of the batch whose target is out of range. */
        public int row() {
            return row;
        }

        /** The offending index. */
        public int target() {
            return target;
        }

        /** The model's output width. */
        public int width() {
            return width;
        }
    }
}
