package io.igaudit.ig;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * One named input tensor of a batch: {@code rows} rows of {@code rowShape} elements of one
 * {@link TensorType}, row-major, in one direct, native-order buffer (so that the model wraps it
 * without a copy, as {@link FeatureBatch} does for float rows).
 *
 * @param name the tensor's name (its place in the configuration, e.g. "input_ids"), for messages
 * @param type float32 or int64
 * @param data direct native-order buffer of exactly rows × elementsPerRow × type.bytes() bytes, position 0
 * @param rows number of rows
 * @param rowShape the shape of one row, e.g. {@code [128]} for 128 token ids
 */
public record InputTensor(String name, TensorType type, ByteBuffer data, int rows, int[] rowShape) {

    /** Checks the buffer against the declared type and shape. */
    public InputTensor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an input tensor needs a name");
        }
        if (type == null) {
            throw new IllegalArgumentException("input tensor " + name + " needs a type");
        }
        if (rows < 1) {
            throw new IllegalArgumentException("input tensor " + name + " needs at least one row, got " + rows);
        }
        if (rowShape.length == 0 || Arrays.stream(rowShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("input tensor " + name + ": bad row shape " + Arrays.toString(rowShape));
        }
        if (!data.isDirect() || data.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("input tensor " + name + ": data must be a direct native-order buffer");
        }
        long expectedBytes = (long) rows * FeatureBatch.elementsOf(rowShape) * type.bytes();
        if (data.position() != 0 || data.limit() != expectedBytes) {
            throw new IllegalArgumentException("input tensor " + name + " holds " + data.remaining()
                    + " bytes from position " + data.position() + ", expected " + expectedBytes + " for " + rows
                    + " rows of " + Arrays.toString(rowShape) + " " + type);
        }
        rowShape = rowShape.clone();
    }

    /** A float32 tensor copied from a row-major array. */
    public static InputTensor ofFloats(String name, float[] values, int rows, int... rowShape) {
        ByteBuffer buffer = allocate((long) values.length * Float.BYTES);
        buffer.asFloatBuffer().put(values);
        return new InputTensor(name, TensorType.FLOAT32, buffer, rows, rowShape);
    }

    /** An int64 tensor copied from a row-major array. */
    public static InputTensor ofLongs(String name, long[] values, int rows, int... rowShape) {
        ByteBuffer buffer = allocate((long) values.length * Long.BYTES);
        buffer.asLongBuffer().put(values);
        return new InputTensor(name, TensorType.INT64, buffer, rows, rowShape);
    }

    /** A float32 tensor over the memory of a float batch (no copy). */
    public static InputTensor of(String name, FeatureBatch batch) {
        return new InputTensor(name, TensorType.FLOAT32, batch.data(), batch.rows(), batch.rowShape());
    }

    /** Number of elements in one row. */
    public int elementsPerRow() {
        return FeatureBatch.elementsOf(rowShape);
    }

    /** The shape of one row (a copy). */
    @Override
    public int[] rowShape() {
        return rowShape.clone();
    }

    /** The values as floats (a float32 tensor only), as a view over the same memory. */
    public FloatBuffer floats() {
        requireType(TensorType.FLOAT32);
        return data.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** The values as longs (an int64 tensor only), as a view over the same memory. */
    public LongBuffer longs() {
        requireType(TensorType.INT64);
        return data.duplicate().order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    /** All values of a float32 tensor, copied. */
    public float[] toFloatArray() {
        float[] values = new float[rows * elementsPerRow()];
        floats().get(values);
        return values;
    }

    /** All values of an int64 tensor, copied. */
    public long[] toLongArray() {
        long[] values = new long[rows * elementsPerRow()];
        longs().get(values);
        return values;
    }

    /** This float32 tensor as a {@link FeatureBatch} over the same memory. */
    public FeatureBatch asFeatureBatch() {
        requireType(TensorType.FLOAT32);
        return new FeatureBatch(data, rows, rowShape);
    }

    /** The largest value of an int64 tensor (the largest id or code), to check ids against a vocabulary size. */
    public long largestValue() {
        LongBuffer values = longs();
        long largest = Long.MIN_VALUE;
        while (values.hasRemaining()) {
            largest = Math.max(largest, values.get());
        }
        return largest;
    }

    /** The rows at {@code rowIndices}, copied in that order (an index may repeat). */
    public InputTensor select(int[] rowIndices) {
        int rowBytes = elementsPerRow() * type.bytes();
        ByteBuffer chosen = allocate((long) rowIndices.length * rowBytes);
        ByteBuffer source = data.duplicate();
        for (int row : rowIndices) {
            if (row < 0 || row >= rows) {
                throw new IndexOutOfBoundsException("row " + row + " of input tensor " + name + " with " + rows + " rows");
            }
            source.limit((row + 1) * rowBytes).position(row * rowBytes);
            chosen.put(source);
        }
        chosen.flip();
        return new InputTensor(name, type, chosen.order(ByteOrder.nativeOrder()), rowIndices.length, rowShape);
    }

    /** The same tensor with other values of the same type and shape (a baseline, say). */
    public InputTensor withData(ByteBuffer newData) {
        return new InputTensor(name, type, newData, rows, rowShape);
    }

    private void requireType(TensorType wanted) {
        if (type != wanted) {
            throw new IllegalArgumentException("input tensor " + name + " is " + type + ", not " + wanted);
        }
    }

    static ByteBuffer allocate(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large: " + bytes + " bytes");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InputTensor t && name.equals(t.name) && type == t.type && rows == t.rows
                && Arrays.equals(rowShape, t.rowShape) && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * name.hashCode() + type.hashCode()) + rows) + Arrays.hashCode(rowShape);
    }

    @Override
    public String toString() {
        return "InputTensor[" + name + ", " + type + ", rows=" + rows + ", rowShape=" + Arrays.toString(rowShape) + "]";
    }
}
