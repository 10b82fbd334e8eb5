package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NDCG against values worked out by hand. */
class NdcgTest {

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * SageMaker Clarify's college-admission example: training attributions SAT 0.70, GPA 0.50,
     * class rank 0.05; in live data the ranking is reversed (class rank 0.70, GPA 0.20, SAT 0.10).
     */
    @Test
    void clarifysReversedRanking() {
        Map<String, Double> training = Map.of("sat", 0.70, "gpa", 0.50, "class_rank", 0.05);
        double dcg = 0.05 / log2(2) + 0.50 / log2(3) + 0.70 / log2(4);
        double ideal = 0.70 / log2(2) + 0.50 / log2(3) + 0.05 / log2(4);
        double ndcg = Ndcg.of(List.of("class_rank", "gpa", "sat"), training);
        assertEquals(dcg / ideal, ndcg, 1e-12);
        assertEquals(0.6876, ndcg, 5e-5, "0.71546 / 1.04046");
        assertTrue(ndcg < 0.90, "below Clarify's default alert threshold");
    }

    @Test
    void theReferencesOwnOrderIsOne() {
        assertEquals(1.0, Ndcg.of(List.of("a", "b", "c"), Map.of("a", 3.0, "b", 2.0, "c", 1.0)), 1e-15);
    }

    @Test
    void swappingTwoFeaturesOfEqualReferenceValueChangesNothing() {
        assertEquals(1.0, Ndcg.of(List.of("b", "a", "c"), Map.of("a", 2.0, "b", 2.0, "c", 1.0)), 1e-15);
    }

    @Test
    void aFeatureTheReferenceLacksCountsZero() {
        // New feature "n" first: the reference's a and b each fall one rank.
        double expected = (0 + 2.0 / log2(3) + 1.0 / log2(4)) / (2.0 + 1.0 / log2(3));
        assertEquals(expected, Ndcg.of(List.of("n", "a", "b"), Map.of("a", 2.0, "b", 1.0)), 1e-12);
    }

    @Test
    void notANumberWhenTheReferenceIsAllZero() {
        assertTrue(Double.isNaN(Ndcg.of(List.of("a", "b"), Map.of("a", 0.0, "b", 0.0))));
    }
}
