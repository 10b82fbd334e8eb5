package io.igaudit.ig;

/**
 * Model outputs for a batch: {@code rows × width} floats, row-major. A model with one output per
 * row (regression, output shape {@code (B,)} or {@code (B, 1)}) has width 1.
 *
 * @param values the outputs, row-major
 * @param rows number of rows
 * @param width outputs per row
 */
public record ModelOutputs(float[] values, int rows, int width) {

    /** Checks the array against the declared shape. */
    public ModelOutputs {
        if (values.length != (long) rows * width) {
            throw new IllegalArgumentException(
                    values.length + " outputs do not fit " + rows + " rows of width " + width);
        }
    }

    /** Output {@code index} of row {@code row}. */
    public float value(int row, int index) {
        return values[row * width + index];
    }

    /** The index of the largest output of a row (the first one on ties, as torch.argmax). */
    public int argmax(int row) {
        int best = 0;
        for (int i = 1; i < width; i++) {
            if (values[row * width + i] > values[row * width + best]) {
                best = i;
            }
        }
        return best;
    }
}
