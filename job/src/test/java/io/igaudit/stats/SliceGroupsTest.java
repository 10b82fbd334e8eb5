package io.igaudit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SliceGroupsTest {

    private static final int NONE = SliceGroups.NONE;

    /** Rows r = 0..5 of two features (r, −2r); delta r/10; prediction r. */
    private static BatchResults batch(int from, int rows, int perInputRow) {
        int outputs = rows * perInputRow;
        float[] values = new float[outputs * 2];
        float[] deltas = new float[outputs];
        float[] predictions = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            int r = from + o / perInputRow;
            values[o * 2] = r;
            values[o * 2 + 1] = -2 * r;
            deltas[o] = r / 10f;
            predictions[o] = r;
        }
        return new BatchResults(outputs, 2, values, new int[outputs], predictions, new float[outputs], deltas, new int[outputs]);
    }

    @Test
    void eachRowGoesToItsSliceOfEveryEntryAndTwoPartitionsMergeToOnePass() {
        // Two entries per row: a column with slices 0 (even rows) and 1 (odd rows); a condition, slice 2, on rows ≥ 4.
        int[] slices = {0, NONE, 1, NONE, 0, NONE, 1, NONE, 0, 2, 1, 2};
        SliceGroups whole = new SliceGroups(3, 2, 0.25);
        whole.add(batch(0, 6, 1), slices, 2, 1);
        SliceGroups first = new SliceGroups(3, 2, 0.25);
        first.add(batch(0, 3, 1), java.util.Arrays.copyOfRange(slices, 0, 6), 2, 1);
        SliceGroups second = new SliceGroups(3, 2, 0.25);
        second.add(batch(3, 3, 1), java.util.Arrays.copyOfRange(slices, 6, 12), 2, 1);
        first.merge(second);
        for (SliceGroups groups : List.of(whole, first)) {
            SliceGroups.Slice even = groups.slice(0);
            assertEquals(3, even.rows());
            assertEquals((0 + 2 + 4) / 3.0, even.attributions().meanAbs(0), 1e-12);
            assertEquals(-2 * (0 + 2 + 4) / 3.0, even.attributions().mean(1), 1e-12);
            assertEquals(0.2, even.meanAbsDelta(), 1e-6);
            assertEquals(0.4, even.maxAbsDelta(), 1e-6);
            assertEquals(1, even.overTolerance(), "only row 4's delta 0.4 is above 0.25");
            assertEquals(3, groups.slice(1).rows());
            assertEquals(3.0, groups.slice(1).meanPrediction(), 1e-12, "rows 1, 3, 5");
            SliceGroups.Slice condition = groups.slice(2);
            assertEquals(2, condition.rows(), "rows 4 and 5");
            assertEquals(Math.sqrt(0.5), condition.attributions().std(0), 1e-12, "sample sd of 4 and 5");
        }
    }

    @Test
    void twentySlicesOfAnImagesPixelsAreRefusedAndOfATablesFeaturesNot() {
        assertTrue(SliceGroups.bytesPerTask(20, 224 * 224 * 3) > SliceGroups.MAX_BYTES_PER_TASK, "20 slices of 150,528 pixels: 138 MiB");
        assertTrue(SliceGroups.bytesPerTask(20, 1024) < SliceGroups.MAX_BYTES_PER_TASK);
        assertTrue(SliceGroups.bytesPerTask(4, 224 * 224 * 3) < SliceGroups.MAX_BYTES_PER_TASK, "4 slices of an image: 28 MiB");
        // The figure is what the groups hold: 48 bytes per feature and slice.
        assertEquals(20L * 1024 * 48, SliceGroups.bytesPerTask(20, 1024));
    }

    @Test
    void everyTargetOfARowCountsInTheRowsSlice() {
        SliceGroups groups = new SliceGroups(2, 2, 1);
        groups.add(batch(0, 2, 3), new int[] {0, 1}, 1, 3);
        assertEquals(3, groups.slice(0).rows(), "row 0's three targets");
        assertEquals(3, groups.slice(1).rows());
        assertEquals(1.0, groups.slice(1).attributions().meanAbs(0), 1e-12);
    }

    @Test
    void aSliceWithoutRowsSaysSoAndTheSummaryLeavesItOut() {
        SliceGroups groups = new SliceGroups(2, 2, 1);
        groups.add(batch(1, 2, 1), new int[] {0, 0}, 1, 1);
        assertTrue(Double.isNaN(groups.slice(1).meanAbsDelta()));
        List<SliceSummary> summaries = SliceSummary.of(groups, List.of("region=eu", "region=us"), List.of("a", "b"));
        assertEquals(1, summaries.size());
        SliceSummary eu = summaries.get(0);
        assertEquals("region=eu", eu.slice());
        assertEquals(List.of("b", "a"), eu.top(2), "|−2r| > |r|");
        assertTrue(Double.isNaN(eu.features().get(0).quantiles().p50()), "a slice keeps no quantiles");
        assertEquals(1.0, eu.features().get(0).shareOfTotalAbs() + eu.features().get(1).shareOfTotalAbs(), 1e-12);
    }
}
