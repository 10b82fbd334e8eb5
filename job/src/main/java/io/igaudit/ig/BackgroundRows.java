package io.igaudit.ig;

/**
 * The reference rows Expected Gradients draws from (typically a sample of the training data).
 *
 * @param values the rows, flat, row-major
 * @param rows number of rows, ≥ 1
 */
public record BackgroundRows(float[] values, int rows) implements java.io.Serializable {

    /** Checks that the values split into {@code rows} rows of at least one value. */
    public BackgroundRows {
        if (rows < 1 || values.length == 0 || values.length % rows != 0) {
            throw new IllegalArgumentException("attribution.background: " + values.length
                    + " values do not split into " + rows + " rows");
        }
        values = values.clone();
    }

    /** Values per row. */
    public int elementsPerRow() {
        return values.length / rows;
    }

    /** Row {@code row} copied into {@code target} at {@code offset}. */
    void copyRow(int row, float[] target, int offset) {
        System.arraycopy(values, row * elementsPerRow(), target, offset, elementsPerRow());
    }

    @Override
    public float[] values() {
        return values.clone();
    }
}
