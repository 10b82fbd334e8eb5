package io.igaudit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summaries on rows whose values are known exactly: feature 0 of row i is i/n (uniform on
 * [0, 1)), feature 1 is −(i/n). The rows are summarised in three partitions and merged, as the
 * tasks and the driver do: moments exact, quantiles within the KLL sketch's rank error.
 */
class FeatureStatsTest {

    private static final int ROWS = 20_000;
    private static final List<String> NAMES = List.of("up", "down");

    private static StatsSpec spec(boolean perClass, double rate) {
        return new StatsSpec(2, perClass, 0.5, StatsSpec.DEFAULT_K, rate, 1.0, null, 3, 4, 0, 0L, false, StatsSpec.Slices.NONE);
    }

    /** Rows [from, to) as one batch: attributions, target (1 for rows below {@code rare}, else 0), delta, steps. */
    private static BatchResults batch(int from, int to, int rare) {
        int rows = to - from;
        float[] a = new float[rows * 2];
        int[] targets = new int[rows];
        float[] deltas = new float[rows];
        int[] steps = new int[rows];
        for (int r = 0; r < rows; r++) {
            int i = from + r;
            a[2 * r] = (float) i / ROWS;
            a[2 * r + 1] = -(float) i / ROWS;
            targets[r] = i < rare ? 1 : 0;
            deltas[r] = (float) i / ROWS;
            steps[r] = i % 4 == 0 ? 8 : 4;
        }
        return new BatchResults(rows, 2, a, targets, new float[rows], new float[rows], deltas, steps);
    }

    /** The rows in three partitions of unequal size, each summarised apart, merged as the driver merges. */
    private static PartitionStats merged(StatsSpec spec, int rare) {
        int[] bounds = {0, 3_000, 11_000, ROWS};
        StatsAccumulator driver = new StatsAccumulator();
        for (int p = 0; p < 3; p++) {
            PartitionStats part = new PartitionStats(p, spec);
            part.add(batch(bounds[p], bounds[p + 1], rare), r -> List.of("row"));
            StatsAccumulator task = new StatsAccumulator();
            task.add(part);
            driver.merge(task);
        }
        return driver.value();
    }

    private static FeatureRow row(List<FeatureRow> rows, Integer target, int index) {
        return rows.stream().filter(r -> java.util.Objects.equals(r.target(), target) && r.index() == index)
                .findFirst().orElseThrow();
    }

    private static double[] quantiles(FeatureRow row) {
        FeatureRow.Quantiles q = row.quantiles();
        return new double[] {q.p05(), q.p25(), q.p50(), q.p75(), q.p95()};
    }

    /** Asserts that {@code value} lies within the sketch's rank error of rank {@code p} on i/n, i = 0..n−1. */
    private static void assertRank(double p, double value, double sign, String what) {
        double rank = sign * value + (sign < 0 ? 1.0 / ROWS : 0); // the rank of i/n (or of −i/n)
        double rankOfValue = sign > 0 ? rank : 1 - rank + 1.0 / ROWS;
        assertEquals(p, rankOfValue, QuantileSketch.rankError(StatsSpec.DEFAULT_K) + 2.0 / ROWS, what);
    }

    @Test
    void momentsAreExactAndQuantilesWithinTheSketchError() {
        List<FeatureRow> rows = FeatureStats.rows(merged(spec(false, 1.0), 0), NAMES);
        assertEquals(2, rows.size());
        FeatureRow up = row(rows, null, 0);
        double n = ROWS;
        assertEquals(ROWS, up.count());
        assertEquals((n - 1) / 2 / n, up.moments().mean(), 1e-12);
        assertEquals((n - 1) / 2 / n, up.moments().meanAbs(), 1e-12);
        // Var of i/n over i = 0..n−1 is (n² − 1)/(12 n²); the sample std scales it by n/(n − 1).
        assertEquals(Math.sqrt((n * n - 1) / (12 * n * n) * n / (n - 1)), up.moments().std(), 1e-12);
        assertEquals(0.0, up.quantiles().min());
        assertEquals((float) (ROWS - 1) / ROWS, (float) up.quantiles().max());
        assertEquals((n - 1) / n, up.positiveShare(), 0.0, "0 is not positive");
        assertEquals(0.5, up.shareOfTotalAbs(), 1e-12);
        FeatureRow down = row(rows, null, 1);
        assertEquals(0.0, down.positiveShare(), 0.0);
        assertEquals(1 + 2, up.rank() + down.rank(), "ranks 1 and 2");
        double[] ranks = {0.05, 0.25, 0.5, 0.75, 0.95};
        for (int q = 0; q < ranks.length; q++) {
            assertRank(ranks[q], quantiles(up)[q], 1, "up p" + ranks[q]);
            assertRank(ranks[q], quantiles(down)[q], -1, "down p" + ranks[q]);
        }
    }

    @Test
    void mergingPartitionsGivesTheMomentsOfOnePass() {
        PartitionStats one = new PartitionStats(0, spec(false, 1.0));
        one.add(batch(0, ROWS, 0), r -> List.of());
        FeatureGroup whole = one.allRows();
        FeatureGroup parts = merged(spec(false, 1.0), 0).allRows();
        for (int i = 0; i < 2; i++) {
            assertEquals(whole.count(), parts.count());
            assertEquals(whole.mean(i), parts.mean(i), 1e-15);
            assertEquals(whole.std(i), parts.std(i), 1e-15);
            assertEquals(whole.min(i), parts.min(i));
            assertEquals(whole.max(i), parts.max(i));
            assertEquals(whole.positiveShare(i), parts.positiveShare(i));
        }
    }

    @Test
    void aPartitionCountsOnceHoweverOftenItsTaskRuns() {
        StatsAccumulator driver = new StatsAccumulator();
        for (int attempt = 0; attempt < 3; attempt++) {
            PartitionStats part = new PartitionStats(7, spec(false, 1.0));
            part.add(batch(0, 100, 0), r -> List.of());
            StatsAccumulator task = new StatsAccumulator();
            task.add(part);
            driver.merge(task);
        }
        assertEquals(100, driver.value().allRows().count());
        assertEquals(100, driver.value().delta().rows());
        assertEquals(1, driver.partitions());
    }

    @Test
    void aRareClassKeepsAllItsRowsInItsQuantiles() {
        // Rows 0..29 are class 1, the rest class 0; the all-rows sketches see a 10 % sample.
        List<FeatureRow> rows = FeatureStats.rows(merged(spec(true, 0.1), 30), NAMES);
        assertEquals(6, rows.size(), "two features × (all rows, class 0, class 1)");
        FeatureRow rare = row(rows, 1, 0);
        assertEquals(30, rare.count());
        // The exact median of 0/n .. 29/n at inclusive rank 15 of 30.
        assertEquals(14.0 / ROWS, rare.quantiles().p50(), 1e-7);
        FeatureRow all = row(rows, null, 0);
        assertEquals(ROWS, all.count(), "moments over every row whatever the sample");
        assertEquals((ROWS - 1) / 2.0 / ROWS, all.moments().mean(), 1e-12);
        // The 2,000-row sample adds a rank error of √(p(1−p)/n): five of them, and the sketch's.
        double bound = 5 * Math.sqrt(0.25 / 2_000) + QuantileSketch.rankError(StatsSpec.DEFAULT_K);
        assertEquals(0.5, all.quantiles().p50(), bound);
    }

    @Test
    void deltasStepsAndWorstRowsAreExact() {
        PartitionStats stats = merged(spec(false, 1.0), 0);
        DeltaStats delta = stats.delta();
        assertEquals(ROWS, delta.rows());
        assertEquals((ROWS - 1) / 2.0 / ROWS, delta.meanAbs(), 1e-12);
        assertEquals((float) (ROWS - 1) / ROWS, delta.maxAbs(), 0.0);
        assertEquals(ROWS / 2 - 1, delta.overTolerance(), "i/n above 0.5");
        assertEquals(0.95, delta.absQuantile(0.95), QuantileSketch.rankError(StatsSpec.DEFAULT_K) + 1.0 / ROWS);
        assertEquals(List.of((float) (ROWS - 1) / ROWS, (float) (ROWS - 2) / ROWS, (float) (ROWS - 3) / ROWS),
                delta.largest().stream().map(DeltaRow::delta).toList(), "three largest, largest first");
        long binned = delta.rowsPerBin().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(ROWS, binned, "every row in a log bin (delta 0 in the lowest)");
        StepCounts steps = stats.steps();
        assertEquals(java.util.Map.of(4, (long) ROWS * 3 / 4, 8, (long) ROWS / 4), steps.rowsBySteps());
        assertEquals(5.0, steps.mean(), 1e-12);
        assertEquals(4, steps.quantile(0.5));
        assertEquals(8, steps.quantile(0.95));
        assertEquals(4, steps.min());
        assertEquals(8, steps.max());
    }

    @Test
    void nanFollowsSparkOrdering() {
        PartitionStats stats = new PartitionStats(0, spec(false, 1.0));
        float[] a = {1f, Float.NaN, -2f, 3f};
        stats.add(new BatchResults(2, 2, a, new int[2], new float[2], new float[2], new float[] {Float.NaN, 0.1f}, new int[] {1, 1}),
                r -> List.of());
        FeatureGroup group = stats.allRows();
        assertEquals(-2f, group.min(0));
        assertEquals(1f, group.max(0));
        assertEquals(3f, group.min(1), "min skips NaN");
        assertTrue(Float.isNaN(group.max(1)), "NaN is the largest");
        assertEquals(1.0, group.positiveShare(1), "NaN counts as positive, as NaN > 0 in Spark");
        assertEquals(1, stats.delta().overTolerance(), "a NaN delta is over the tolerance");
        assertEquals(1, stats.delta().nanRows());
        assertTrue(Float.isNaN(stats.delta().largest().get(0).delta()), "a NaN delta comes first");
    }

    @Test
    void aSummarySurvivesSerialisation() throws Exception {
        PartitionStats stats = merged(spec(true, 1.0), 30);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(stats);
        }
        PartitionStats back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (PartitionStats) in.readObject();
        }
        assertEquals(FeatureStats.rows(stats, NAMES), FeatureStats.rows(back, NAMES));
        back.merge(stats);
        assertEquals(2L * ROWS, back.allRows().sketch(0).count(), "a deserialised sketch still merges");
        assertNull(back.earlierBinCounts(0), "no earlier run, no counts");
    }
}
