package io.igaudit.partition;

import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.TensorType;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.TextTokenizer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * Packs a batch of selected rows into the model's input tensors: one off-heap Arrow vector per
 * tensor (float32 or int64), row-major, which the engine reads in place. Array and scalar columns
 * are copied value by value (primitives only); the text column is kept per row and tokenized for
 * the whole batch at once, filling the ids, mask and type-id tensors.
 */
final class TensorPacker implements AutoCloseable {

    private final TensorLayout layout;
    private final BaseFixedWidthVector[] vectors;
    private final String[] texts;
    private TextTokenizer.Encoded encoded;

    TensorPacker(BufferAllocator allocator, int maxRows, TensorLayout layout) {
        this.layout = layout;
        this.vectors = new BaseFixedWidthVector[layout.slots().size()];
        this.texts = layout.textOrdinal() >= 0 ? new String[maxRows] : null;
        try {
            for (int i = 0; i < vectors.length; i++) {
                TensorLayout.Slot slot = layout.slots().get(i);
                vectors[i] = slot.type() == TensorType.INT64 ? new BigIntVector(slot.name(), allocator)
                        : new Float4Vector(slot.name(), allocator);
                vectors[i].allocateNew(Math.multiplyExact(maxRows, slot.elementsPerRow()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Writes the tensor values of {@code row} (and keeps its text) as row number {@code index} of the batch. */
    void pack(InternalRow row, int index) {
        for (int i = 0; i < vectors.length; i++) {
            TensorLayout.Slot slot = layout.slots().get(i);
            if (!slot.fromText()) {
                packSlot(row, index, slot, vectors[i].getDataBuffer());
            }
        }
        if (texts != null) {
            texts[index] = row.getUTF8String(layout.textOrdinal()).toString();
        }
    }

    private static void packSlot(InternalRow row, int index, TensorLayout.Slot slot, ArrowBuf data) {
        int elements = slot.elementsPerRow();
        boolean longs = slot.type() == TensorType.INT64;
        long offset = (long) index * elements * slot.type().bytes();
        if (slot.kind() == TensorLayout.Kind.ARRAY) {
            ArrayData array = row.getArray(slot.ordinal());
            if (array.numElements() != elements) {
                throw new IllegalStateException("tensor " + slot.name() + ": a row holds " + array.numElements()
                        + " values, the input scan found " + elements + " in every row (did the input change during the run?)");
            }
            for (int e = 0; e < elements; e++) {
                if (longs) {
                    data.setLong(offset + (long) e * Long.BYTES, array.getLong(e));
                } else {
                    data.setFloat(offset + (long) e * Float.BYTES, array.getFloat(e));
                }
            }
        } else {
            for (int e = 0; e < elements; e++) {
                if (longs) {
                    data.setLong(offset + (long) e * Long.BYTES, row.getLong(slot.ordinal() + e));
                } else {
                    data.setFloat(offset + (long) e * Float.BYTES, row.getFloat(slot.ordinal() + e));
                }
            }
        }
    }

    /**
     * The first {@code rows} packed rows as the model's inputs, over the same memory; text is
     * tokenized here with {@code tokenizer} (null without a text column).
     */
    InputBatch batch(int rows, TextTokenizer tokenizer) {
        encoded = texts == null ? null : tokenizer.encode(texts, rows);
        List<InputTensor> tensors = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            TensorLayout.Slot slot = layout.slots().get(i);
            ArrowBuf data = vectors[i].getDataBuffer();
            if (slot.fromText()) {
                fillFromText(slot, data, rows);
            }
            int bytes = rows * slot.elementsPerRow() * slot.type().bytes();
            tensors.add(new InputTensor(slot.name(), slot.type(), data.nioBuffer(0, bytes).order(ByteOrder.nativeOrder()),
                    rows, slot.rowShape()));
        }
        return new InputBatch(tensors);
    }

    /** The tokenized text of the last batch; null without a text column. */
    TextTokenizer.Encoded encoded() {
        return encoded;
    }

    private void fillFromText(TensorLayout.Slot slot, ArrowBuf data, int rows) {
        long[] values = switch (slot.kind()) {
            case TEXT_IDS -> encoded.ids();
            case TEXT_MASK -> encoded.mask();
            default -> encoded.typeIds();
        };
        int count = rows * slot.elementsPerRow();
        if (slot.type() == TensorType.INT64) {
            data.nioBuffer(0, count * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer().put(values, 0, count);
        } else {
            for (int i = 0; i < count; i++) {
                data.setFloat((long) i * Float.BYTES, values[i]);
            }
        }
    }

    @Override
    public void close() {
        for (BaseFixedWidthVector vector : vectors) {
            if (vector != null) {
                vector.close();
            }
        }
    }
}
