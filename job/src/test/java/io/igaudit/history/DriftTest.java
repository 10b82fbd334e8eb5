package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.stats.FeatureRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drift between two runs on hand-computed values: changes, ranks, top-k overlap, PSI. */
class DriftTest {

    private static final List<String> NAMES = List.of("a", "b", "c", "d");

    @Test
    void psiOfIdenticalSharesIsZeroAndOfAShiftMatchesTheFormula() {
        assertEquals(0, Drift.psi(new double[] {0.25, 0.25, 0.5}, new long[] {25, 25, 50}), 1e-15);
        // expected (0.5, 0.5), actual (0.9, 0.1): (0.4 ln 1.8) + (-0.4 ln 0.2)
        double expected = 0.4 * Math.log(0.9 / 0.5) + (-0.4) * Math.log(0.1 / 0.5);
        assertEquals(expected, Drift.psi(new double[] {0.5, 0.5}, new long[] {90, 10}), 1e-12);
    }

    @Test
    void psiFloorsEmptyBins() {
        double floor = Drift.PSI_FLOOR;
        double expected = (1 - 0.5) * Math.log(1 / 0.5) + (floor - 0.5) * Math.log(floor / 0.5);
        assertEquals(expected, Drift.psi(new double[] {0.5, 0.5}, new long[] {10, 0}), 1e-12);
        assertTrue(Double.isNaN(Drift.psi(new double[] {0.5, 0.5}, new long[] {0, 0})), "no rows: undefined");
        assertThrows(IllegalArgumentException.class, () -> Drift.psi(new double[] {1}, new long[] {1, 2}));
    }

    @Test
    void relativeChange() {
        assertEquals(0.5, Drift.relativeChange(2, 3), 1e-15);
        assertEquals(-0.25, Drift.relativeChange(4, 3), 1e-15);
        assertEquals(0, Drift.relativeChange(0, 0));
        assertEquals(Double.POSITIVE_INFINITY, Drift.relativeChange(0, 1));
    }

    @Test
    void comparesByNameWithRanksOverlapAndPsi() {
        RunTags tags = Histories.tags("/d", Map.of());
        RunRecord earlier = Histories.run("r1", Instant.parse("2026-01-01T00:00:00Z"), tags,
                Histories.features(NAMES, new double[] {4, 3, 2, 1}));
        // Now c doubled and became the most important; d fell to zero.
        List<FeatureRow> now = Histories.rows(NAMES, new double[] {4, 3, 5, 0});
        Map<String, long[]> counts = Map.of("a", new long[] {25, 25, 25, 25}, "c", new long[] {0, 0, 10, 90});
        DriftResult drift = Drift.compare(earlier, now, counts, 2);

        assertEquals(List.of("a", "b"), drift.topBefore());
        assertEquals(List.of("c", "a"), drift.topNow());
        assertEquals(0.5, drift.topKOverlap(), 1e-15);
        // Ranked c, a, b, d now; the earlier run's mean |attribution| a 4, b 3, c 2, d 1 is the gain.
        double log3 = Math.log(3) / Math.log(2);
        double log5 = Math.log(5) / Math.log(2);
        assertEquals((2 + 4 / log3 + 3 / 2.0 + 1 / log5) / (4 + 3 / log3 + 2 / 2.0 + 1 / log5), drift.ndcg(), 1e-12);
        assertEquals(List.of("c", "a", "b", "d"), drift.features().stream().map(FeatureDrift::feature).toList(),
                "in this run's rank order");
        FeatureDrift c = drift.features().get(0);
        assertEquals(1.5, c.relativeChange(), 1e-15);
        assertEquals(3, c.rankBefore());
        assertEquals(1, c.rankNow());
        assertEquals(2, c.rankChange());
        assertEquals(Drift.psi(new double[] {0.25, 0.25, 0.25, 0.25}, new long[] {0, 0, 10, 90}), c.psi(), 1e-15);
        assertEquals(0, drift.features().get(1).psi(), 1e-15, "a: same shares");
        assertTrue(Double.isNaN(drift.features().get(2).psi()), "b: no counts given");
        assertEquals(-1, drift.features().get(3).relativeChange(), 1e-15);
        assertEquals("c", drift.largestChange().orElseThrow().feature());
        assertEquals("c", drift.largestPsi().orElseThrow().feature());
    }

    @Test
    void featuresInOnlyOneRunAreListedWithoutNumbers() {
        RunTags tags = Histories.tags("/d", Map.of());
        RunRecord earlier = Histories.run("r1", Instant.EPOCH, tags, Histories.features(List.of("a", "gone"), new double[] {2, 1}));
        DriftResult drift = Drift.compare(earlier, Histories.rows(List.of("a", "new"), new double[] {2, 1}), Map.of(), 5);
        assertEquals(2, drift.topK(), "k is at most the number of features");
        FeatureDrift added = drift.features().get(1);
        assertEquals("new", added.feature());
        assertTrue(Double.isNaN(added.meanAbsBefore()) && !added.inBoth() && added.rankChange() == 0);
        FeatureDrift gone = drift.features().get(2);
        assertEquals("gone", gone.feature());
        assertTrue(Double.isNaN(gone.meanAbsNow()) && gone.rankNow() == 0);
        assertEquals("a", drift.largestChange().orElseThrow().feature(), "only features of both runs count");
    }

    /** Features of target {@code target}: the all-rows records with the target set. */
    private static List<FeatureRecord> forTarget(int target, double[] meanAbs) {
        return Histories.features(NAMES, meanAbs).stream().map(f -> new FeatureRecord(new FeatureRow(f.stats().feature(),
                f.stats().index(), target, f.stats().count(), f.stats().moments(), f.stats().quantiles(), f.stats().positiveShare(),
                f.stats().shareOfTotalAbs(), f.stats().rank()), f.bins())).toList();
    }

    @Test
    void ndcgPerClassComparesEachTargetWithTheSameTargetOfTheEarlierRun() {
        List<FeatureRecord> before = new java.util.ArrayList<>(Histories.features(NAMES, new double[] {4, 3, 2, 1}));
        before.addAll(forTarget(0, new double[] {4, 3, 2, 1}));
        before.addAll(forTarget(1, new double[] {1, 2, 3, 4}));
        RunRecord earlier = Histories.run("r1", Instant.parse("2026-01-01T00:00:00Z"), Histories.tags("/d", Map.of()), before);
        List<FeatureRow> now = new java.util.ArrayList<>(Histories.rows(NAMES, new double[] {4, 3, 2, 1}));
        forTarget(0, new double[] {4, 3, 2, 1}).forEach(f -> now.add(f.stats()));
        forTarget(1, new double[] {4, 3, 2, 1}).forEach(f -> now.add(f.stats())); // class 1 reversed
        DriftResult drift = Drift.compare(earlier, now, Map.of(), 2);

        assertEquals(1.0, drift.ndcg(), 1e-12, "all rows kept their order");
        assertEquals(1.0, drift.ndcgPerClass().get(0), 1e-12);
        double log3 = Math.log(3) / Math.log(2);
        double log5 = Math.log(5) / Math.log(2);
        // Class 1 now ranked a, b, c, d; its earlier values a 1, b 2, c 3, d 4.
        double reversed = (1 + 2 / log3 + 3 / 2.0 + 4 / log5) / (4 + 3 / log3 + 2 / 2.0 + 1 / log5);
        assertEquals(reversed, drift.ndcgPerClass().get(1), 1e-12);
        assertEquals(Map.entry("class 1", reversed), drift.lowestNdcg(), "the threshold names the class that fell most");
    }

    @Test
    void jensenShannonIsInBitsFromZeroForTheSameSharesToOneForDisjointOnes() {
        assertEquals(0.0, Drift.jensenShannon(new double[] {0.2, 0.8}, new double[] {0.2, 0.8}), 1e-15);
        assertEquals(1.0, Drift.jensenShannon(new double[] {1, 0}, new double[] {0, 1}), 1e-15);
        // M = (0.75, 0.25): KL(p‖M) = 0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25) = 0.143841 nats, KL(q‖M) = ln(1/0.75) = 0.287682;
        // their mean 0.215762 nats = 0.311278 bits. Shares need not be normalised.
        assertEquals(0.311278, Drift.jensenShannon(new double[] {5, 5}, new double[] {1, 0}), 1e-6);
    }
}
