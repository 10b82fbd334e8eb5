package io.igaudit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Token and category states kept beside a partition's summary travel and merge with it: each
 * partition once however often its task runs, the merge of partitions equal to one pass, and
 * intact after serialisation (as the accumulator ships them).
 */
class EmbeddingStatsTest {

    private static final StatsSpec SPEC = new StatsSpec(3, false, 0.5, StatsSpec.DEFAULT_K, 1.0, 1.0, null, 3, 4, 0, 0L, false, StatsSpec.Slices.NONE);

    /**
     * Row r of [from, to): tokens (r % 5, 9, 7) with attributions (r, 1, 0), the last position
     * padded; one categorical column (code r % 3) at attribution 1.
     */
    private static PartitionStats partition(int partition, int from, int to) {
        int rows = to - from;
        long[] ids = new long[rows * 3];
        long[] mask = new long[rows * 3];
        long[] codes = new long[rows];
        float[] a = new float[rows * 3];
        for (int r = 0; r < rows; r++) {
            int i = from + r;
            ids[3 * r] = i % 5;
            ids[3 * r + 1] = 9;
            ids[3 * r + 2] = 7;
            mask[3 * r] = 1;
            mask[3 * r + 1] = 1;
            a[3 * r] = i;
            a[3 * r + 1] = 1;
            codes[r] = i % 3;
        }
        int[] targets = new int[rows];
        EmbeddingStats embeddings = new EmbeddingStats(new TokenStats(100, new long[] {9}, false),
                new CategoryStats(List.of("colour"), new int[] {1}, false));
        embeddings.tokens().add(new TokenBatch(rows, 1, 3, ids, null, mask, a, 3, 0, targets));
        embeddings.categories().add(new CategoryBatch(rows, 1, codes, a, 3, targets));
        PartitionStats stats = new PartitionStats(partition, SPEC);
        stats.keep(embeddings);
        stats.add(new BatchResults(rows, 3, a, targets, new float[rows], new float[rows], new float[rows], new int[rows]),
                r -> List.of());
        return stats;
    }

    private static PartitionStats accumulate(List<PartitionStats> fromTasks) {
        StatsAccumulator driver = new StatsAccumulator();
        for (PartitionStats part : fromTasks) {
            StatsAccumulator task = new StatsAccumulator();
            task.add(part);
            driver.merge(task);
        }
        return driver.value();
    }

    @Test
    void aPartitionsTokensAndCategoriesCountOnceHoweverOftenItsTaskRuns() {
        PartitionStats merged = accumulate(List.of(partition(7, 0, 10), partition(7, 0, 10), partition(8, 10, 20),
                partition(7, 0, 10)));
        TokenStats tokens = merged.embeddings().tokens();
        assertEquals(20, tokens.rows());
        assertEquals(60, tokens.positions());
        assertEquals(20, tokens.paddedPositions(), "the third position of every row is padding");
        // Token 0 holds rows 0, 5, 10, 15: total |a| = 30, mean 7.5.
        TokenRow zero = tokens.table(1).stream().filter(t -> t.tokenId() == 0).findFirst().orElseThrow();
        assertEquals(4, zero.occurrences());
        assertEquals(30, zero.totalAbs());
        assertEquals(7.5, zero.mean());
        TokenRow special = tokens.table(1).stream().filter(t -> t.tokenId() == 9).findFirst().orElseThrow();
        assertEquals(20, special.occurrences(), "the special token, once per row");
        // Code 1 holds rows 1, 4, 7, 10, 13, 16, 19 with attribution 1 at index 1.
        CategoryRow one = merged.embeddings().categories().table(Map.of()).stream().filter(c -> c.code() == 1)
                .findFirst().orElseThrow();
        assertEquals(7, one.count());
        assertEquals(1.0, one.mean());
        assertEquals(0.35, one.share(), 1e-15);
    }

    @Test
    void partitionsMergeToOnePassAndSurviveSerialisation() throws Exception {
        PartitionStats merged = accumulate(List.of(partition(0, 0, 7), partition(1, 7, 20)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(merged);
        }
        PartitionStats back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (PartitionStats) in.readObject();
        }
        PartitionStats whole = partition(0, 0, 20);
        assertEquals(whole.embeddings().tokens().table(2), back.embeddings().tokens().table(2));
        assertEquals(whole.embeddings().categories().table(Map.of()), back.embeddings().categories().table(Map.of()));
    }
}
