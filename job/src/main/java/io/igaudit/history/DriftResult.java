package io.igaudit.history;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This run compared with an earlier one of the history.
 *
 * @param earlierRunId the earlier run's id
 * @param earlierRunTime when it started
 * @param earlierTags its tags
 * @param earlierOutputPath where it wrote its results
 * @param topK k of the top-k overlap (at most the number of features)
 * @param topBefore the earlier run's k most important features, most important first
 * @param topNow this run's k most important features
 * @param topKOverlap |topBefore ∩ topNow| / k
 * @param ndcg this run's ranking against the earlier run's mean |attribution| ({@link Ndcg}); NaN
 *     when the earlier run's values are all 0
 * @param ndcgPerClass the same per target that both runs summarise per class (target = predicted,
 *     several or all); empty otherwise
 * @param features one entry per feature of either run, in this run's rank order (then the
 *     earlier run's features this run lacks)
 * @param outputs whether the predictions moved ({@link OutputDrift#NONE} when not compared)
 * @param slices each slice of either run (audit.slices) compared with the earlier run's; empty without slices
 * @param categories per categorical column of both runs, how its category frequencies moved; empty without
 */
public record DriftResult(
        String earlierRunId,
        Instant earlierRunTime,
        RunTags earlierTags,
        String earlierOutputPath,
        int topK,
        List<String> topBefore,
        List<String> topNow,
        double topKOverlap,
        double ndcg,
        Map<Integer, Double> ndcgPerClass,
        List<FeatureDrift> features,
        OutputDrift outputs,
        List<SliceDrift> slices,
        List<CategoryShift> categories) {

    /** Copies the lists. */
    public DriftResult {
        topBefore = List.copyOf(topBefore);
        topNow = List.copyOf(topNow);
        features = List.copyOf(features);
        slices = List.copyOf(slices);
        categories = List.copyOf(categories);
        ndcgPerClass = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(ndcgPerClass));
    }

    /** A comparison without slices or categories. */
    public DriftResult(String earlierRunId, Instant earlierRunTime, RunTags earlierTags, String earlierOutputPath, int topK,
            List<String> topBefore, List<String> topNow, double topKOverlap, double ndcg, Map<Integer, Double> ndcgPerClass,
            List<FeatureDrift> features, OutputDrift outputs) {
        this(earlierRunId, earlierRunTime, earlierTags, earlierOutputPath, topK, topBefore, topNow, topKOverlap, ndcg, ndcgPerClass,
                features, outputs, List.of(), List.of());
    }

    /** The same comparison with its slices compared. */
    public DriftResult withSlices(List<SliceDrift> compared) {
        return new DriftResult(earlierRunId, earlierRunTime, earlierTags, earlierOutputPath, topK, topBefore, topNow, topKOverlap,
                ndcg, ndcgPerClass, features, outputs, compared, categories);
    }

    /** The same comparison with the categorical columns' frequency shifts. */
    public DriftResult withCategories(List<CategoryShift> shifts) {
        return new DriftResult(earlierRunId, earlierRunTime, earlierTags, earlierOutputPath, topK, topBefore, topNow, topKOverlap,
                ndcg, ndcgPerClass, features, outputs, slices, shifts);
    }

    /** The categorical column whose category frequencies moved most (largest L∞), if any was compared. */
    public java.util.Optional<CategoryShift> largestCategoryShift() {
        return categories.stream().max(java.util.Comparator.comparingDouble(CategoryShift::linf));
    }

    /** The same comparison with each feature's input PSI and Jensen–Shannon divergence (by name; NaN for the others). */
    public DriftResult withInputDrift(Map<String, double[]> inputDrift) {
        double[] none = {Double.NaN, Double.NaN};
        List<FeatureDrift> updated = features.stream()
                .map(f -> f.withInputDrift(inputDrift.getOrDefault(f.feature(), none)[0], inputDrift.getOrDefault(f.feature(), none)[1]))
                .toList();
        return new DriftResult(earlierRunId, earlierRunTime, earlierTags, earlierOutputPath, topK, topBefore, topNow, topKOverlap,
                ndcg, ndcgPerClass, updated, outputs, slices, categories);
    }

    /** The feature whose input values moved most (largest input PSI), if any was measured. */
    public java.util.Optional<FeatureDrift> largestInputPsi() {
        return features.stream().filter(f -> !Double.isNaN(f.inputPsi()))
                .max(java.util.Comparator.comparingDouble(FeatureDrift::inputPsi));
    }

    /** The same comparison with the outputs' drift. */
    public DriftResult withOutputs(OutputDrift drift) {
        return new DriftResult(earlierRunId, earlierRunTime, earlierTags, earlierOutputPath, topK, topBefore, topNow, topKOverlap,
                ndcg, ndcgPerClass, features, drift, slices, categories);
    }

    /** The lowest NDCG of all rows and of each class, with its subject ("" for all rows, else "class N"). */
    public Map.Entry<String, Double> lowestNdcg() {
        Map.Entry<String, Double> lowest = Map.entry("", ndcg);
        for (Map.Entry<Integer, Double> entry : ndcgPerClass.entrySet()) {
            if (!entry.getValue().isNaN() && (lowest.getValue().isNaN() || entry.getValue() < lowest.getValue())) {
                lowest = Map.entry("class " + entry.getKey(), entry.getValue());
            }
        }
        return lowest;
    }

    /** The feature in both runs whose mean |attribution| changed most, relative to before. */
    public Optional<FeatureDrift> largestChange() {
        return features.stream().filter(FeatureDrift::inBoth)
                .max(Comparator.comparingDouble(f -> Math.abs(f.relativeChange())));
    }

    /** The feature with the largest PSI. */
    public Optional<FeatureDrift> largestPsi() {
        return features.stream().filter(f -> !Double.isNaN(f.psi())).max(Comparator.comparingDouble(FeatureDrift::psi));
    }
}
