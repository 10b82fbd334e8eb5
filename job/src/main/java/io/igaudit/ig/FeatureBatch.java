package io.igaudit.ig;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A batch of rows of float32 values in one direct, native-order buffer: {@code rows} rows of
 * {@code rowShape} each, row-major. Direct memory lets the model wrap the values without a copy
 * (the Spark job hands over Arrow buffers this way).
 *
 * @param data direct native-order buffer of exactly rows × elementsPerRow floats, position 0
 * @param rows number of rows
 * @param rowShape the tensor shape of one row, e.g. {@code [30]} or {@code [1, 8, 8]}
 */
public record FeatureBatch(ByteBuffer data, int rows, int[] rowShape) {

    /** Checks the buffer against the declared shape. */
    public FeatureBatch {
        if (rows < 1) {
            throw new IllegalArgumentException("a batch needs at least one row, got " + rows);
        }
        if (rowShape.length == 0 || Arrays.stream(rowShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("bad row shape " + Arrays.toString(rowShape));
        }
        if (!data.isDirect() || data.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("batch data must be a direct native-order buffer");
        }
        long expectedBytes = (long) rows * elementsOf(rowShape) * Float.BYTES;
        if (data.position() != 0 || data.limit() != expectedBytes) {
            throw new IllegalArgumentException(
                    "batch buffer holds " + data.remaining() + " bytes from position " + data.position()
                            + ", expected " + expectedBytes + " for " + rows + " rows of "
                            + Arrays.toString(rowShape));
        }
        rowShape = rowShape.clone();
    }

    /** A batch copied from a row-major float array. */
    public static FeatureBatch of(float[] values, int rows, int... rowShape) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(values);
        return new FeatureBatch(buffer, rows, rowShape);
    }

    /** Number of float values in one row. */
    public int elementsPerRow() {
        return elementsOf(rowShape);
    }

    /** The shape of one row (a copy). */
    @Override
    public int[] rowShape() {
        return rowShape.clone();
    }

    /** A read view of the values; the view's position is independent of other views. */
    public FloatBuffer floats() {
        return data.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** All values copied into a heap array (for tests and small batches). */
    public float[] toArray() {
        float[] values = new float[rows * elementsPerRow()];
        floats().get(values);
        return values;
    }

    /** Row {@code index} as a one-row batch sharing this batch's memory. */
    public FeatureBatch row(int index) {
        if (index < 0 || index >= rows) {
            throw new IndexOutOfBoundsException("row " + index + " of a batch of " + rows + " rows");
        }
        int bytes = elementsPerRow() * Float.BYTES;
        ByteBuffer view = data.duplicate();
        view.position(index * bytes).limit((index + 1) * bytes);
        return new FeatureBatch(view.slice().order(ByteOrder.nativeOrder()), 1, rowShape);
    }

    /** The rows at {@code rowIndices}, copied into a new batch in that order (an index may repeat). */
    public FeatureBatch select(int[] rowIndices) {
        int elements = elementsPerRow();
        FloatBuffer source = floats();
        float[] chosen = new float[rowIndices.length * elements];
        for (int i = 0; i < rowIndices.length; i++) {
            int row = rowIndices[i];
            if (row < 0 || row >= rows) {
                throw new IndexOutOfBoundsException("row " + row + " of a batch of " + rows + " rows");
            }
            source.get(row * elements, chosen, i * elements, elements);
        }
        return of(chosen, rowIndices.length, rowShape);
    }

    /** True when rows of {@code other} have the same shape as rows of this batch. */
    public boolean sameRowShape(FeatureBatch other) {
        return Arrays.equals(rowShape, other.rowShape);
    }

    static int elementsOf(int[] shape) {
        long product = 1;
        for (int dimension : shape) {
            product *= dimension;
        }
        if (product > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException("row shape too large: " + Arrays.toString(shape));
        }
        return (int) product;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureBatch b
                && rows == b.rows && Arrays.equals(rowShape, b.rowShape) && data.equals(b.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + Arrays.hashCode(rowShape)) + data.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureBatch[rows=" + rows + ", rowShape=" + Arrays.toString(rowShape) + "]";
    }
}
