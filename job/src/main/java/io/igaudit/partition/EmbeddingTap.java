package io.igaudit.partition;

import io.igaudit.ig.Attributions;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.TensorType;
import io.igaudit.stats.CategoryBatch;
import io.igaudit.stats.CategoryStats;
import io.igaudit.stats.EmbeddingStats;
import io.igaudit.stats.SliceGroups;
import io.igaudit.stats.StatsSpec;
import io.igaudit.stats.TokenBatch;
import io.igaudit.stats.TokenStats;

/**
 * A task's token and category statistics: hands each attributed batch's ids, tokens, mask, codes
 * and attributions to the partition's {@link EmbeddingStats}.
 */
final class EmbeddingTap {

    private final EmbeddingParts parts;
    private final StatsSpec.Slices slices;
    private final EmbeddingStats stats;

    /**
     * Empty statistics for the given parts.
     *
     * @param perClass also one group per target
     * @param slices the slices of audit.slices, each with statistics of its own (over all its rows)
     */
    EmbeddingTap(EmbeddingParts parts, boolean perClass, StatsSpec.Slices slices) {
        this.parts = parts;
        this.slices = slices;
        EmbeddingStats[] perSlice = new EmbeddingStats[slices.count()];
        for (int i = 0; i < perSlice.length; i++) {
            perSlice[i] = empty(parts, false, new EmbeddingStats[0]);
        }
        this.stats = empty(parts, perClass, perSlice);
    }

    private static EmbeddingStats empty(EmbeddingParts parts, boolean perClass, EmbeddingStats[] slices) {
        EmbeddingParts.TokenPart tokens = parts.tokens();
        EmbeddingParts.CategoryPart categories = parts.categories();
        return new EmbeddingStats(
                tokens == null ? null : new TokenStats(tokens.capacity(), tokens.specialIds(), perClass),
                categories == null ? null : new CategoryStats(categories.columns(), categories.attributionIndex(), perClass),
                slices);
    }

    /** The partition's statistics. */
    EmbeddingStats stats() {
        return stats;
    }

    /**
     * Adds a batch.
     *
     * @param inputs the batch's input rows
     * @param result its attributions, {@code perRow} output rows per input row
     * @param strings the token of every position of the sequence, or null when not spelled out
     * @param slicesOfRows per input row, its slice indices ({@link StatsSpec.Slices#perRow} each; none without slices)
     */
    void add(InputBatch inputs, Attributions result, int perRow, String[] strings, int[] slicesOfRows) {
        EmbeddingParts.TokenPart tokens = parts.tokens();
        TokenBatch tokenBatch = null;
        CategoryBatch categoryBatch = null;
        if (tokens != null) {
            long[] mask = tokens.mask() == null ? null : asLongs(inputs.tensor(tokens.mask()));
            tokenBatch = new TokenBatch(result.rows(), perRow, tokens.length(), inputs.tensor(tokens.sequence()).toLongArray(),
                    tokens.spelled() ? strings : null, mask, result.values(), result.elementsPerRow(), tokens.offset(),
                    result.targets());
            stats.tokens().add(tokenBatch);
        }
        if (parts.categories() != null) {
            categoryBatch = new CategoryBatch(result.rows(), perRow, codes(inputs), result.values(), result.elementsPerRow(),
                    result.targets());
            stats.categories().add(categoryBatch);
        }
        int entries = slices.perRow();
        for (int r = 0; entries > 0 && r < result.rows(); r++) {
            int inputRow = r / perRow;
            for (int e = 0; e < entries; e++) {
                int slice = slicesOfRows[inputRow * entries + e];
                if (slice == SliceGroups.NONE) {
                    continue;
                }
                if (tokenBatch != null) {
                    stats.slice(slice).tokens().addRow(tokenBatch, r);
                }
                if (categoryBatch != null) {
                    stats.slice(slice).categories().addRow(categoryBatch, r);
                }
            }
        }
    }

    /** Every row's codes, the columns of the part's tensors one after another. */
    private long[] codes(InputBatch inputs) {
        EmbeddingParts.CategoryPart categories = parts.categories();
        int rows = inputs.rows();
        int width = categories.columns().size();
        long[] codes = new long[rows * width];
        int offset = 0;
        for (String name : categories.tensors()) {
            InputTensor tensor = inputs.tensor(name);
            int elements = tensor.elementsPerRow();
            long[] own = tensor.toLongArray();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(own, r * elements, codes, r * width + offset, elements);
            }
            offset += elements;
        }
        return codes;
    }

    /** A mask as 0/1 longs, whatever its type. */
    private static long[] asLongs(InputTensor mask) {
        if (mask.type() == TensorType.INT64) {
            return mask.toLongArray();
        }
        float[] values = mask.toFloatArray();
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i] == 0 ? 0 : 1;
        }
        return longs;
    }
}
