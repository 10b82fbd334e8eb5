package io.igaudit.partition;

import io.igaudit.ig.FeatureBatch;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * Packs the features of internal rows, row-major, into one off-heap Arrow float vector that the
 * engine reads in place: primitives only, no object per row or value.
 */
final class FeaturePacker implements AutoCloseable {

    private final Float4Vector values;
    private final int firstOrdinal;
    private final int elementsPerRow;
    private final boolean arrayColumn;
    private final int[] rowShape;

    FeaturePacker(BufferAllocator allocator, int maxRows, int firstOrdinal, int[] rowShape, boolean arrayColumn) {
        this.firstOrdinal = firstOrdinal;
        this.rowShape = rowShape.clone();
        this.arrayColumn = arrayColumn;
        int elements = 1;
        for (int dimension : rowShape) {
            elements *= dimension;
        }
        this.elementsPerRow = elements;
        this.values = new Float4Vector("features", allocator);
        values.allocateNew(Math.multiplyExact(maxRows, elementsPerRow));
    }

    /** Writes the features of {@code row} as row number {@code index} of the batch. */
    void pack(InternalRow row, int index) {
        ArrowBuf data = values.getDataBuffer();
        long offset = (long) index * elementsPerRow * Float.BYTES;
        if (arrayColumn) {
            ArrayData array = row.getArray(firstOrdinal);
            for (int i = 0; i < elementsPerRow; i++) {
                data.setFloat(offset + (long) i * Float.BYTES, array.getFloat(i));
            }
        } else {
            for (int i = 0; i < elementsPerRow; i++) {
                data.setFloat(offset + (long) i * Float.BYTES, row.getFloat(firstOrdinal + i));
            }
        }
    }

    /** The first {@code rows} packed rows as a batch over the same memory. */
    FeatureBatch batch(int rows) {
        return new FeatureBatch(values.getDataBuffer().nioBuffer(0, rows * elementsPerRow * Float.BYTES)
                .order(ByteOrder.nativeOrder()), rows, rowShape);
    }

    @Override
    public void close() {
        values.close();
    }
}
