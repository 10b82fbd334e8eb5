package io.igaudit.partition;

import io.igaudit.ig.InputBatch;
import io.igaudit.io.SparkInternals;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.TextTokenizer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Packs a few rows on the driver exactly as the tasks pack them, so that the model is probed
 * with real input before any task runs.
 */
public final class DriverProbe {

    private DriverProbe() {}

    /**
     * The rows as the model's inputs, copied out of Arrow memory.
     *
     * @param rows selected rows in the layout's order (at least one)
     * @param text the tokenizer for a text column; null without one
     */
    public static InputBatch pack(List<InternalRow> rows, TensorLayout layout, LayerPartitionSpec.TextResources text) {
        try (BufferAllocator allocator = SparkInternals.taskAllocator("ig-audit-probe");
                TensorPacker packer = new TensorPacker(allocator, rows.size(), layout);
                TextTokenizer tokenizer = text == null || text.tokenizerJson() == null ? null
                        : TextTokenizer.of(text.tokenizerJson(), text.maxLength(), text.addSpecialTokens())) {
            for (int i = 0; i < rows.size(); i++) {
                packer.pack(rows.get(i), i);
            }
            InputBatch packed = packer.batch(rows.size(), tokenizer);
            return packed.select(java.util.stream.IntStream.range(0, rows.size()).toArray());
        }
    }
}
