package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.AuditConfig.FailOn;
import io.igaudit.stats.TokenRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Token drift between two hand-made token tables. */
class TokenDriftTest {

    private static final RunRecord EARLIER = Histories.run("r1", Instant.parse("2026-01-01T00:00:00Z"),
            Histories.tags("/d", Map.of()), List.of());

    /** An all-rows token row with the given total |attribution| and occurrences; ranks by total follow the list order. */
    private static List<TokenRow> table(Object... idTokenTotalOccurrences) {
        List<TokenRow> rows = new ArrayList<>();
        for (int i = 0; i < idTokenTotalOccurrences.length; i += 4) {
            long id = ((Number) idTokenTotalOccurrences[i]).longValue();
            String token = (String) idTokenTotalOccurrences[i + 1];
            double total = ((Number) idTokenTotalOccurrences[i + 2]).doubleValue();
            long occurrences = ((Number) idTokenTotalOccurrences[i + 3]).longValue();
            rows.add(new TokenRow(id, token, null, false, occurrences, occurrences, 0, total / occurrences, 0, 0.5, total,
                    rows.size() + 1, 0, 0));
        }
        // A special token and a per-class row, both left out of the comparison.
        rows.add(new TokenRow(2, "[CLS]", null, true, 500, 500, 9, 9, 0, 1, 4500, 0, 0, 0));
        rows.add(new TokenRow(99, "corn", 1, false, 1, 1, 0, 1000, 0, 1, 1000, 1, 1, 0));
        return rows;
    }

    @Test
    void comparesTokensByStringWithTheirMeanChangeAndTheTopByTotal() {
        List<TokenRow> before = table(10, "wheat", 40, 20, 11, "corn", 30, 10, 12, "the", 25, 100, 13, "rare", 10, 2);
        // corn's mean |a| doubles under another id, wheat's halves, barley is new, rare falls below 3 occurrences.
        List<TokenRow> now = table(21, "corn", 60, 10, 22, "barley", 50, 25, 10, "wheat", 20, 20, 12, "the", 25, 100,
                13, "rare", 4, 1);
        DriftResult drift = TokenDrift.compare(EARLIER, before, now, 2, 3);

        assertEquals(List.of("wheat", "corn"), drift.topBefore());
        assertEquals(List.of("corn", "barley"), drift.topNow());
        assertEquals(0.5, drift.topKOverlap());
        assertEquals(List.of("corn", "barley", "wheat", "the"), drift.features().stream().map(FeatureDrift::feature).toList());
        FeatureDrift corn = drift.features().get(0);
        assertEquals(3, corn.meanAbsBefore());
        assertEquals(6, corn.meanAbsNow());
        assertEquals(1.0, corn.relativeChange());
        assertEquals(1, corn.rankChange(), "from rank 2 to rank 1");
        FeatureDrift barley = drift.features().get(1);
        assertTrue(Double.isNaN(barley.meanAbsBefore()) && !barley.inBoth());
        assertEquals(-0.5, drift.features().get(2).relativeChange());
        assertEquals(0, drift.features().get(3).relativeChange());
        assertTrue(drift.features().stream().allMatch(f -> Double.isNaN(f.psi())));
        assertEquals("corn", drift.largestChange().orElseThrow().feature());
        assertEquals("r1", drift.earlierRunId());
    }

    @Test
    void aWeeklyAuditFailsWhenTheWordsThatDriveTheModelChange() {
        List<TokenRow> before = table(10, "wheat", 40, 20, 11, "corn", 30, 10, 12, "the", 25, 100);
        List<TokenRow> same = table(10, "wheat", 41, 20, 11, "corn", 29, 10, 12, "the", 25, 100);
        List<TokenRow> changed = table(12, "the", 40, 100, 11, "corn", 30, 10, 10, "wheat", 4, 20);
        FailOn failOn = new FailOn(OptionalDouble.of(0.6), OptionalDouble.empty(), OptionalDouble.of(0.5), OptionalDouble.empty(),
                OptionalDouble.empty());

        List<ThresholdResult> calm = Thresholds.evaluate(failOn, Optional.of(TokenDrift.compare(EARLIER, before, same, 2, 3)), 0, 0);
        assertTrue(calm.stream().noneMatch(ThresholdResult::failed), calm.toString());

        List<ThresholdResult> shifted = Thresholds.evaluate(failOn, Optional.of(TokenDrift.compare(EARLIER, before, changed, 2, 3)), 0, 0);
        assertEquals(List.of(ThresholdResult.Status.FAILED, ThresholdResult.Status.FAILED),
                shifted.stream().map(ThresholdResult::status).toList());
        assertEquals(0.5, shifted.get(0).actual(), "top 2 before {wheat, corn}, now {the, corn}");
        assertEquals("wheat", shifted.get(1).subject());
        assertEquals(0.9, shifted.get(1).actual(), 1e-12, "wheat's mean |attribution| fell from 2 to 0.2");
    }
}
