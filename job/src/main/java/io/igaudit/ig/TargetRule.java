package io.igaudit.ig;

/**
 * Which model output IG explains, per row. A model with one output per row needs no index:
 * every rule resolves to 0 there, and a fixed index other than 0 is an error.
 */
public sealed interface TargetRule {

    /** The same output index for every row. */
    record Fixed(int index) implements TargetRule {
        @Override
        public int targetOf(int row, ModelOutputs outputsAtInputs) {
            return index;
        }
    }

    /** The output with the largest value at the input (argmax of F(x)), per row. */
    record Predicted() implements TargetRule {
        @Override
        public int targetOf(int row, ModelOutputs outputsAtInputs) {
            return outputsAtInputs.argmax(row);
        }
    }

    /** An explicit output index for each row of the batch. */
    record PerRow(int[] indices) implements TargetRule {
        @Override
        public int targetOf(int row, ModelOutputs outputsAtInputs) {
            if (indices.length != outputsAtInputs.rows()) {
                throw new IllegalArgumentException(
                        indices.length + " per-row targets for a batch of " + outputsAtInputs.rows() + " rows");
            }
            return indices[row];
        }
    }

    /** The unchecked output index for one row. */
    int targetOf(int row, ModelOutputs outputsAtInputs);

    /** The output index of each row, checked against the model's output width. */
    default int[] resolve(ModelOutputs outputsAtInputs) {
        int rows = outputsAtInputs.rows();
        int width = outputsAtInputs.width();
        int[] targets = new int[rows];
        for (int row = 0; row < rows; row++) {
            int target = targetOf(row, outputsAtInputs);
            if (target < 0 || target >= width) {
                throw new TargetOutOfRangeException(row, target, width);
            }
            targets[row] = target;
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
