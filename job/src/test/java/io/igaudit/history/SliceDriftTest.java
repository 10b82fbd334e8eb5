package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.SliceSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceDriftTest {

    /** A slice whose features have these mean |attribution|, ranked by it. */
    private static SliceSummary slice(String name, long rows, String[] features, double... meanAbs) {
        List<FeatureRow> rowsByRank = new ArrayList<>();
        Integer[] order = new Integer[features.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(meanAbs[y], meanAbs[x]));
        for (int rank = 0; rank < order.length; rank++) {
            int i = order[rank];
            rowsByRank.add(new FeatureRow(features[i], i, null, rows, new FeatureRow.Moments(meanAbs[i], meanAbs[i], 0.1),
                    new FeatureRow.Quantiles(0, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN), 1, 0, rank + 1));
        }
        return new SliceSummary(name, rows, 0.01, 0, 0.5, rowsByRank);
    }

    private static final String[] ABC = {"a", "b", "c"};

    @Test
    void aReversedRankingInOneSliceGivesItsHandComputedNdcgAndTheOtherSliceStays() {
        List<SliceSummary> before = List.of(slice("region=eu", 200, ABC, 3, 2, 1), slice("region=us", 200, ABC, 3, 2, 1));
        List<SliceSummary> now = List.of(slice("region=eu", 210, ABC, 3, 2, 1), slice("region=us", 190, ABC, 1, 2, 3));
        List<SliceDrift> drift = SliceDrift.compare(before, now, 1, 100);
        assertEquals(1.0, drift.get(0).ndcg(), 1e-12);
        assertEquals(1.0, drift.get(0).topKOverlap(), 0.0);
        // us now ranks c, b, a; the earlier values are a 3, b 2, c 1:
        // DCG = 1/log2 2 + 2/log2 3 + 3/log2 4, ideal = 3/log2 2 + 2/log2 3 + 1/log2 4.
        double dcg = 1 + 2 / log2(3) + 3 / 2.0;
        double ideal = 3 + 2 / log2(3) + 1 / 2.0;
        SliceDrift us = drift.get(1);
        assertEquals(dcg / ideal, us.ndcg(), 1e-12);
        assertEquals(0.0, us.topKOverlap(), 0.0, "top 1 was a, is c");
        assertEquals("c", us.largestChangeFeature(), "c went from 1 to 3: +200 %");
        assertEquals(2.0, us.largestChange(), 1e-12);
        assertTrue(us.checked());
    }

    @Test
    void aSliceInOneRunOnlyOrWithFewRowsIsReportedButNotChecked() {
        List<SliceSummary> before = List.of(slice("region=eu", 200, ABC, 3, 2, 1), slice("region=apac", 50, ABC, 3, 2, 1));
        List<SliceSummary> now = List.of(slice("region=apac", 500, ABC, 1, 2, 3), slice("region=us", 300, ABC, 3, 2, 1));
        List<SliceDrift> drift = SliceDrift.compare(before, now, 2, 100);
        assertEquals(List.of("region=apac", "region=us", "region=eu"), drift.stream().map(SliceDrift::slice).toList());
        assertFalse(drift.get(0).checked(), "50 rows before, below 100");
        assertTrue(drift.get(0).inBoth());
        assertFalse(drift.get(1).inBoth(), "new in this run");
        assertTrue(Double.isNaN(drift.get(1).ndcg()));
        assertEquals(0, drift.get(2).rowsNow(), "gone from this run");
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
