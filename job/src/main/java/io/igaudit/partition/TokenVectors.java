package io.igaudit.partition;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;

/** The {@code tokens} column of one batch: each output row's token strings, one per position. */
final class TokenVectors implements AutoCloseable {

    private final ListVector tokens;

    /**
     * @param perInputRow the tokens of every input row, row-major, {@code length} per row
     * @param length tokens per row
     * @param outputRows output rows: {@code perRow} per input row, in input order
     * @param perRow output rows per input row (one per target)
     */
    TokenVectors(String[] perInputRow, int length, int outputRows, int perRow, BufferAllocator allocator) {
        tokens = ListVector.empty("tokens", allocator);
        try {
            tokens.addOrGetVector(FieldType.notNullable(ArrowType.Utf8.INSTANCE));
            tokens.setInitialCapacity(outputRows);
            tokens.allocateNew();
            VarCharVector strings = (VarCharVector) tokens.getDataVector();
            int written = 0;
            for (int row = 0; row < outputRows; row++) {
                tokens.startNewValue(row);
                int first = (row / perRow) * length;
                for (int t = 0; t < length; t++) {
                    strings.setSafe(written++, perInputRow[first + t].getBytes(StandardCharsets.UTF_8));
                }
                tokens.endValue(row, length);
            }
            strings.setValueCount(written);
            tokens.setValueCount(outputRows);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The column for Spark. */
    ColumnVector column() {
        return new ArrowColumnVector(tokens);
    }

    @Override
    public void close() {
        tokens.close();
    }
}
