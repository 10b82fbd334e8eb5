package io.igaudit.ig;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * How the baseline of one input tensor is made from the rows being explained, for layer
 * Integrated Gradients. Integer inputs have no "zero" that means absence: a reference id stands
 * for "no token" (e.g. PAD or UNK) and a reference category for "no information" (e.g. a
 * dedicated missing code), while inputs that say where tokens are (masks, positions) stay the
 * row's own, so that the path only changes what the layer attributes.
 */
public sealed interface TensorBaseline extends java.io.Serializable {

    /**
     * The baseline of {@code tensor}: as many rows, the same type and shape.
     *
     * @param rowSeeds one random seed per row (used by random float baselines only)
     */
    InputTensor baselineOf(InputTensor tensor, long[] rowSeeds);

    /** A short description for run.json and the report, e.g. "id 0, keeping [101, 102]". */
    String description();

    /** The row's own values: masks, positions, side inputs that are not attributed. */
    record Own() implements TensorBaseline {
        @Override
        public InputTensor baselineOf(InputTensor tensor, long[] rowSeeds) {
            return tensor;
        }

        @Override
        public String description() {
            return "the row's own";
        }
    }

    /**
     * Token ids: every id becomes {@code referenceId} except the ids of {@code keepIds}, which keep
     * their place (special tokens such as CLS, SEP and PAD: the baseline is then "a sentence of the
     * same length and structure with no words", and those positions get exactly 0).
     */
    record ReplaceIds(long referenceId, long[] keepIds) implements TensorBaseline {
        /** Copies the keep list. */
        public ReplaceIds {
            keepIds = keepIds.clone();
        }

        @Override
        public long[] keepIds() {
            return keepIds.clone();
        }

        @Override
        public InputTensor baselineOf(InputTensor tensor, long[] rowSeeds) {
            requireInt64(tensor, "a reference id");
            long[] ids = tensor.toLongArray();
            for (int i = 0; i < ids.length; i++) {
                if (!kept(ids[i])) {
                    ids[i] = referenceId;
                }
            }
            return InputTensor.ofLongs(tensor.name(), ids, tensor.rows(), tensor.rowShape());
        }

        private boolean kept(long id) {
            for (long keep : keepIds) {
                if (keep == id) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String description() {
            return "id " + referenceId + (keepIds.length == 0 ? "" : ", keeping " + Arrays.toString(keepIds));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ReplaceIds r && r.referenceId == referenceId && Arrays.equals(r.keepIds, keepIds);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(referenceId) + Arrays.hashCode(keepIds);
        }

        @Override
        public String toString() {
            return "ReplaceIds[" + description() + "]";
        }
    }

    /**
     * Categorical codes, one column per element of a row (row shape {@code [columns]}): column c
     * becomes {@code perColumn[c]}, e.g. a dedicated "missing" code or the most frequent category.
     */
    record ReferenceCategories(long[] perColumn) implements TensorBaseline {
        /** Copies the codes; at least one column. */
        public ReferenceCategories {
            if (perColumn.length == 0) {
                throw new IllegalArgumentException("reference categories need one code per column, got none");
            }
            perColumn = perColumn.clone();
        }

        @Override
        public long[] perColumn() {
            return perColumn.clone();
        }

        @Override
        public InputTensor baselineOf(InputTensor tensor, long[] rowSeeds) {
            requireInt64(tensor, "reference categories");
            int[] shape = tensor.rowShape();
            if (shape.length != 1 || shape[0] != perColumn.length) {
                throw new IllegalArgumentException("input tensor " + tensor.name() + " has rows of shape "
                        + Arrays.toString(shape) + " but " + perColumn.length + " reference categories were given;"
                        + " they need one per column (rows of shape [" + perColumn.length + "])");
            }
            ByteBuffer buffer = InputTensor.allocate((long) tensor.rows() * perColumn.length * Long.BYTES);
            LongBuffer codes = buffer.asLongBuffer();
            for (int r = 0; r < tensor.rows(); r++) {
                codes.put(perColumn);
            }
            return tensor.withData(buffer);
        }

        @Override
        public String description() {
            return "reference categories " + Arrays.toString(perColumn);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ReferenceCategories r && Arrays.equals(r.perColumn, perColumn);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(perColumn);
        }

        @Override
        public String toString() {
            return "ReferenceCategories" + Arrays.toString(perColumn);
        }
    }

    /**
     * Float inputs: today's baseline options (zeros, numbers, mean, median, a file, ...), from a
     * source that gives exactly one baseline batch (1 row shared by every row, or one per row).
     */
    record Floats(BaselineSource source) implements TensorBaseline {
        @Override
        public InputTensor baselineOf(InputTensor tensor, long[] rowSeeds) {
            if (tensor.type() != TensorType.FLOAT32) {
                throw new IllegalArgumentException("input tensor " + tensor.name() + " is " + tensor.type()
                        + "; a float baseline (" + source.description() + ") needs a float32 input");
            }
            List<FeatureBatch> batches = source.forBatch(tensor.asFeatureBatch(), rowSeeds);
            if (batches.size() != 1) {
                throw new IllegalArgumentException("the baseline of input tensor " + tensor.name() + " ("
                        + source.description() + ") gives " + batches.size() + " baseline rows per input row;"
                        + " layer attribution takes one");
            }
            FeatureBatch baseline = batches.get(0);
            if (!baseline.sameRowShape(tensor.asFeatureBatch())) {
                throw new IllegalArgumentException("the baseline of input tensor " + tensor.name() + " has rows of shape "
                        + Arrays.toString(baseline.rowShape()) + " but the input has " + Arrays.toString(tensor.rowShape()));
            }
            if (baseline.rows() == tensor.rows()) {
                return InputTensor.of(tensor.name(), baseline);
            }
            if (baseline.rows() != 1) {
                throw new IllegalArgumentException("the baseline of input tensor " + tensor.name() + " has "
                        + baseline.rows() + " rows for " + tensor.rows() + "; it needs 1 or one per row");
            }
            return InputTensor.of(tensor.name(), baseline.select(new int[tensor.rows()]));
        }

        @Override
        public String description() {
            return source.description();
        }
    }

    private static void requireInt64(InputTensor tensor, String what) {
        if (tensor.type() != TensorType.INT64) {
            throw new IllegalArgumentException("input tensor " + tensor.name() + " is " + tensor.type() + "; "
                    + what + " need" + (what.startsWith("a ") ? "s" : "") + " an int64 input");
        }
    }
}
