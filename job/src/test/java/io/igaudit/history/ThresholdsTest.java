package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.AuditConfig.FailOn;
import io.igaudit.history.ThresholdResult.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The fail-on thresholds: pass, fail, and "not evaluated" without an earlier run. */
class ThresholdsTest {

    private static final List<String> NAMES = List.of("a", "b", "c");

    private static DriftResult drift() {
        RunRecord earlier = Histories.run("r1", Instant.EPOCH, Histories.tags("/d", Map.of()),
                Histories.features(NAMES, new double[] {3, 2, 1}));
        return Drift.compare(earlier, Histories.rows(NAMES, new double[] {3, 1, 2.5}),
                Map.of("a", new long[] {40, 20, 20, 20}), 2);
    }

    private static FailOn all(double overlap, double change, double psi, double share) {
        return new FailOn(OptionalDouble.of(overlap), OptionalDouble.empty(), OptionalDouble.of(change), OptionalDouble.of(psi), OptionalDouble.of(share));
    }

    @Test
    void eachThresholdPassesOrFailsOnItsValue() {
        // top-2 before a, b; now a, c: overlap 0.5. Largest change: c, +150 %. PSI only for a.
        List<ThresholdResult> results = Thresholds.evaluate(all(0.6, 2.0, 0.01, 0.05), Optional.of(drift()), 100, 3);
        assertEquals(List.of(FailOn.TOP_K_OVERLAP_BELOW, FailOn.MEAN_ABS_CHANGE_ABOVE, FailOn.PSI_ABOVE,
                FailOn.SHARE_OVER_TOLERANCE_ABOVE), results.stream().map(ThresholdResult::key).toList());
        assertEquals(Status.FAILED, results.get(0).status());
        assertEquals(0.5, results.get(0).actual(), 1e-15);
        assertEquals(Status.PASSED, results.get(1).status(), "150 % is within 200 %");
        assertEquals("c", results.get(1).subject());
        assertEquals(1.5, results.get(1).actual(), 1e-12);
        assertEquals(Status.FAILED, results.get(2).status());
        assertEquals("a", results.get(2).subject());
        assertEquals(Status.PASSED, results.get(3).status(), "3 % of rows is within 5 %");
        assertEquals(0.03, results.get(3).actual(), 1e-15);
        assertTrue(Thresholds.anyFailed(results));
    }

    @Test
    void aFeaturesOwnThresholdChecksThatFeatureOnly() {
        // b fell by 50 %, c rose by 150 % (the largest change); b has no PSI (not binned in the earlier run).
        OptionalDouble off = OptionalDouble.empty();
        FailOn perFeature = new FailOn(off, off, off, off, off, List.of(
                new FailOn.FeatureThreshold("b", FailOn.MEAN_ABS_CHANGE_ABOVE, 0.4),
                new FailOn.FeatureThreshold("c", FailOn.MEAN_ABS_CHANGE_ABOVE, 2.0),
                new FailOn.FeatureThreshold("b", FailOn.PSI_ABOVE, 0.1)));
        List<ThresholdResult> results = Thresholds.evaluate(perFeature, Optional.of(drift()), 100, 0);
        assertEquals(List.of("features.b.mean-abs-change-above", "features.c.mean-abs-change-above", "features.b.psi-above"),
                results.stream().map(ThresholdResult::key).toList());
        assertEquals(List.of(Status.FAILED, Status.PASSED, Status.NOT_EVALUATED),
                results.stream().map(ThresholdResult::status).toList());
        assertEquals(0.5, results.get(0).actual(), 1e-12, "|-50 %|");
        assertEquals(List.of("b", "c", "b"), results.stream().map(ThresholdResult::subject).toList());
        assertEquals(1.5, results.get(1).actual(), 1e-12);
        assertEquals(List.of(Status.NOT_EVALUATED, Status.NOT_EVALUATED, Status.NOT_EVALUATED),
                Thresholds.evaluate(perFeature, Optional.empty(), 100, 0).stream().map(ThresholdResult::status).toList());
        assertEquals(List.of("features.b.mean-abs-change-above", "features.c.mean-abs-change-above", "features.b.psi-above"),
                perFeature.driftThresholds(), "they need an earlier run");
    }

    @Test
    void withoutAnEarlierRunDriftChecksAreNotEvaluatedAndDoNotFail() {
        List<ThresholdResult> results = Thresholds.evaluate(all(0.6, 0.5, 0.25, 0.01), Optional.empty(), 100, 1);
        assertEquals(List.of(Status.NOT_EVALUATED, Status.NOT_EVALUATED, Status.NOT_EVALUATED, Status.PASSED),
                results.stream().map(ThresholdResult::status).toList());
        assertFalse(Thresholds.anyFailed(results));
    }

    @Test
    void onlyThresholdsThatAreOnAreChecked() {
        FailOn shareOnly = new FailOn(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.of(0.01));
        List<ThresholdResult> results = Thresholds.evaluate(shareOnly, Optional.of(drift()), 100, 2);
        assertEquals(1, results.size());
        assertTrue(results.get(0).failed(), "2 % of rows is over 1 %");
        assertTrue(Thresholds.evaluate(FailOn.none(), Optional.of(drift()), 100, 50).isEmpty());
    }

    @Test
    void ndcgBelowComparesThisRankingWithTheEarlierRunsValues() {
        // Earlier a 3, b 2, c 1; now ranked a, c, b: (3 + 1/log2 3 + 2/2) / (3 + 2/log2 3 + 1/2) = 0.9725.
        double log3 = Math.log(3) / Math.log(2);
        double ndcg = (3 + 1 / log3 + 1.0) / (3 + 2 / log3 + 0.5);
        OptionalDouble off = OptionalDouble.empty();
        ThresholdResult strict = Thresholds.evaluate(new FailOn(off, OptionalDouble.of(0.99), off, off, off), Optional.of(drift()),
                100, 0).get(0);
        assertEquals(FailOn.NDCG_BELOW, strict.key());
        assertEquals(ndcg, strict.actual(), 1e-12);
        assertEquals(Status.FAILED, strict.status());
        ThresholdResult clarify = Thresholds.evaluate(new FailOn(off, OptionalDouble.of(0.9), off, off, off), Optional.of(drift()),
                100, 0).get(0);
        assertEquals(Status.PASSED, clarify.status(), "within Clarify's default of 0.9");
        ThresholdResult first = Thresholds.evaluate(new FailOn(off, OptionalDouble.of(0.9), off, off, off), Optional.empty(), 100, 0)
                .get(0);
        assertEquals(Status.NOT_EVALUATED, first.status(), "no earlier run");
    }
}
