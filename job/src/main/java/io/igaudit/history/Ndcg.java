package io.igaudit.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The normalised discounted cumulative gain of this run's feature ranking against a reference's
 * attributions, as SageMaker Clarify and Azure ML define attribution drift: rank the features by
 * this run's mean |attribution|; DCG adds the reference's mean |attribution| of the feature at each
 * rank i over log2(i + 1); NDCG = DCG / ideal DCG, the ideal being the reference's own order. 1 when
 * the ranking is the reference's; lower the more the reference's important features fell.
 */
public final class Ndcg {

    private Ndcg() {}

    /**
     * NDCG over the features of {@code ranking} (this run's order, most important first); a
     * feature without a reference value counts 0. NaN when the reference gives them all 0.
     */
    public static double of(List<String> ranking, Map<String, Double> reference) {
        List<Double> gains = new ArrayList<>(ranking.size());
        for (String feature : ranking) {
            Double value = reference.get(feature);
            gains.add(value == null || value.isNaN() ? 0.0 : value);
        }
        double dcg = discounted(gains);
        gains.sort(Comparator.reverseOrder());
        double ideal = discounted(gains);
        return ideal > 0 ? dcg / ideal : Double.NaN;
    }

    private static double discounted(List<Double> gains) {
        double sum = 0;
        for (int i = 0; i < gains.size(); i++) {
            sum += gains.get(i) / (Math.log(i + 2) / Math.log(2));
        }
        return sum;
    }
}
