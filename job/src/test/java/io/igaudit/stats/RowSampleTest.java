package io.igaudit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowSampleTest {

    private static List<SampledRow> rowsOf(long key, int targets) {
        List<SampledRow> rows = new ArrayList<>();
        for (int t = 0; t < targets; t++) {
            rows.add(new SampledRow(List.of(Long.toString(key)), t, key, 0f, new float[] {key}, new float[] {t}, null));
        }
        return rows;
    }

    private static List<Long> keysOf(RowSample sample) {
        return sample.rows().stream().map(row -> Long.parseLong(row.ids().get(0))).toList();
    }

    @Test
    void keepsTheRowsWithTheSmallestKeysInKeyOrderWithAllTheirTargets() {
        RowSample sample = new RowSample(3, Long.MAX_VALUE);
        for (long key : new long[] {50, 10, 40, 30, 20, 60}) {
            sample.offer(key, rowsOf(key, 2));
        }
        assertEquals(List.of(10L, 10L, 20L, 20L, 30L, 30L), keysOf(sample));
        assertEquals(List.of(0, 1, 0, 1, 0, 1), sample.rows().stream().map(SampledRow::target).toList());
        assertFalse(sample.admits(30), "a key no smaller than the largest kept is refused when full");
        assertTrue(sample.admits(29));
    }

    @Test
    void mergingPartitionsGivesTheSampleOfAllRowsWhateverTheSplit() {
        SplittableRandom random = new SplittableRandom(7);
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add(random.nextLong() >>> 1);
        }
        RowSample whole = new RowSample(40, Long.MAX_VALUE);
        keys.forEach(key -> whole.offer(key, rowsOf(key, 1)));

        List<Long> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new java.util.Random(3));
        RowSample merged = new RowSample(40, Long.MAX_VALUE);
        for (int part = 0; part < 7; part++) {
            RowSample partition = new RowSample(40, Long.MAX_VALUE);
            for (int i = part; i < shuffled.size(); i += 7) {
                partition.offer(shuffled.get(i), rowsOf(shuffled.get(i), 1));
            }
            merged.merge(partition);
        }
        List<Long> smallest = keys.stream().sorted().limit(40).toList();
        assertEquals(smallest, keysOf(whole));
        assertEquals(smallest, keysOf(merged));
    }

    @Test
    void keepsEveryRowBelowItsCapacityAndNothingAtZero() {
        RowSample roomy = new RowSample(10, Long.MAX_VALUE);
        roomy.offer(5, rowsOf(5, 1));
        roomy.offer(5, rowsOf(5, 1)); // the same values twice: both rows are kept
        assertEquals(2, roomy.rows().size());
        RowSample none = new RowSample(0, Long.MAX_VALUE);
        assertFalse(none.admits(0));
        none.offer(0, rowsOf(0, 1));
        assertTrue(none.rows().isEmpty());
    }

    @Test
    void keysAtOrAboveTheLimitAreNeverKept() {
        RowSample sample = new RowSample(5, 100);
        for (long key : new long[] {150, 99, 100, 3}) {
            sample.offer(key, rowsOf(key, 1));
        }
        assertEquals(List.of(3L, 99L), keysOf(sample));
    }

    @Test
    void theKeyLimitAdmitsAFewTimesTheCapacityOverTheRun() {
        assertEquals(Long.MAX_VALUE, RowSample.keyLimit(2_000, 5_000, 4), "every key when that is all of them");
        long limit = RowSample.keyLimit(2_000, 10_000_000, 4);
        double share = limit / 0x1.0p63;
        assertEquals((4.0 * 2_000 + 64) / 10_000_000, share, 1e-12);
        SplittableRandom random = new SplittableRandom(11);
        long admitted = 0;
        for (int i = 0; i < 10_000_000; i++) {
            if ((random.nextLong() >>> 1) < limit) {
                admitted++;
            }
        }
        assertEquals(8_064, admitted, 4 * Math.sqrt(8_064), "about 4 × 2,000 + 64 of 10M uniform keys");
    }

    @Test
    void travelsToTheDriverAndMergesThere() throws Exception {
        RowSample sample = new RowSample(2, Long.MAX_VALUE);
        sample.offer(7, rowsOf(7, 2));
        sample.offer(5, rowsOf(5, 2));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(sample);
        }
        RowSample copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (RowSample) in.readObject();
        }
        assertEquals(List.of(5L, 5L, 7L, 7L), keysOf(copy));
        copy.offer(1, rowsOf(1, 2));
        assertEquals(List.of(1L, 1L, 5L, 5L), keysOf(copy), "the copy still orders by key");
    }
}
