package io.igaudit.history;

import io.igaudit.config.AuditConfig.FailOn;
import io.igaudit.history.ThresholdResult.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Evaluates the {@code audit.fail-on} thresholds that are on, in the order of the configuration. */
public final class Thresholds {

    private Thresholds() {}

    /**
     * The results of every threshold that is on, against audit.compare-with's run only.
     *
     * @param failOn the thresholds
     * @param drift the comparison with an earlier run, if one was found
     * @param attributedRows rows attributed in this run
     * @param rowsOverTolerance rows with |delta| above attribution.delta-tolerance
     */
    public static List<ThresholdResult> evaluate(FailOn failOn, Optional<DriftResult> drift, long attributedRows,
            long rowsOverTolerance) {
        return evaluate(failOn, List.of(new Comparison(ThresholdResult.COMPARE_WITH, drift)), attributedRows, rowsOverTolerance);
    }

    /**
     * A comparison the drift thresholds are checked against.
     *
     * @param name {@link ThresholdResult#COMPARE_WITH} or {@link ThresholdResult#REFERENCE}
     * @param drift its result; empty when there was no run to compare with
     */
    public record Comparison(String name, Optional<DriftResult> drift) {}

    /**
     * The results of every threshold that is on: the drift thresholds once per comparison, each
     * result naming it, then the thresholds on this run alone.
     */
    public static List<ThresholdResult> evaluate(FailOn failOn, List<Comparison> comparisons, long attributedRows,
            long rowsOverTolerance) {
        List<ThresholdResult> results = new ArrayList<>();
        for (Comparison comparison : comparisons) {
            results.addAll(driftChecks(failOn, comparison.drift(), comparison.name()));
        }
        failOn.shareOverToleranceAbove().ifPresent(threshold -> {
            double share = attributedRows == 0 ? 0 : (double) rowsOverTolerance / attributedRows;
            results.add(new ThresholdResult(FailOn.SHARE_OVER_TOLERANCE_ABOVE, threshold, share,
                    share > threshold ? Status.FAILED : Status.PASSED, "", ""));
        });
        return results;
    }

    private static List<ThresholdResult> driftChecks(FailOn failOn, Optional<DriftResult> drift, String comparison) {
        List<ThresholdResult> results = new ArrayList<>();
        failOn.topKOverlapBelow().ifPresent(threshold -> results.add(drift
                .map(d -> result(FailOn.TOP_K_OVERLAP_BELOW, threshold, d.topKOverlap(), d.topKOverlap() < threshold, "", comparison))
                .orElseGet(() -> notEvaluated(FailOn.TOP_K_OVERLAP_BELOW, threshold, "", comparison))));
        failOn.ndcgBelow().ifPresent(threshold -> results.add(drift.map(DriftResult::lowestNdcg).filter(n -> !n.getValue().isNaN())
                .map(n -> result(FailOn.NDCG_BELOW, threshold, n.getValue(), n.getValue() < threshold, n.getKey(), comparison))
                .orElseGet(() -> notEvaluated(FailOn.NDCG_BELOW, threshold, "", comparison))));
        failOn.meanAbsChangeAbove().ifPresent(threshold -> results.add(drift.flatMap(DriftResult::largestChange)
                .map(f -> result(FailOn.MEAN_ABS_CHANGE_ABOVE, threshold, Math.abs(f.relativeChange()),
                        Math.abs(f.relativeChange()) > threshold, f.feature(), comparison))
                .orElseGet(() -> notEvaluated(FailOn.MEAN_ABS_CHANGE_ABOVE, threshold, "", comparison))));
        failOn.psiAbove().ifPresent(threshold -> results.add(drift.flatMap(DriftResult::largestPsi)
                .map(f -> result(FailOn.PSI_ABOVE, threshold, f.psi(), f.psi() > threshold, f.feature(), comparison))
                .orElseGet(() -> notEvaluated(FailOn.PSI_ABOVE, threshold, "", comparison))));
        failOn.predictionPsiAbove().ifPresent(threshold -> results.add(outputCheck(FailOn.PREDICTION_PSI_ABOVE, threshold,
                drift.map(d -> d.outputs().predictionPsi()), comparison)));
        failOn.predictedClassPsiAbove().ifPresent(threshold -> results.add(outputCheck(FailOn.PREDICTED_CLASS_PSI_ABOVE, threshold,
                drift.map(d -> d.outputs().predictedClassPsi()), comparison)));
        failOn.inputPsiAbove().ifPresent(threshold -> results.add(drift.flatMap(DriftResult::largestInputPsi)
                .map(f -> result(FailOn.INPUT_PSI_ABOVE, threshold, f.inputPsi(), f.inputPsi() > threshold, f.feature(), comparison))
                .orElseGet(() -> notEvaluated(FailOn.INPUT_PSI_ABOVE, threshold, "", comparison))));
        failOn.categoryLinfAbove().ifPresent(threshold -> results.add(drift.flatMap(DriftResult::largestCategoryShift)
                .map(c -> result(FailOn.CATEGORY_LINF_ABOVE, threshold, c.linf(), c.linf() > threshold, c.column(), comparison))
                .orElseGet(() -> notEvaluated(FailOn.CATEGORY_LINF_ABOVE, threshold, "", comparison))));
        drift.ifPresent(d -> results.addAll(sliceChecks(failOn, d.slices(), comparison)));
        for (FailOn.FeatureThreshold f : failOn.features()) {
            results.add(drift.flatMap(d -> d.features().stream().filter(x -> x.feature().equals(f.feature())).findFirst())
                    .map(x -> f.key().equals(FailOn.PSI_ABOVE) ? x.psi() : Math.abs(x.relativeChange()))
                    .filter(value -> !value.isNaN())
                    .map(value -> result(f.configKey(), f.threshold(), value, value > f.threshold(), f.feature(), comparison))
                    .orElseGet(() -> notEvaluated(f.configKey(), f.threshold(), f.feature(), comparison)));
        }
        return results;
    }

    /**
     * The ranking thresholds (top-k-overlap-below, ndcg-below, mean-abs-change-above) in each slice
     * with enough rows in both runs, each result naming its slice.
     */
    private static List<ThresholdResult> sliceChecks(FailOn failOn, List<SliceDrift> slices, String comparison) {
        List<ThresholdResult> results = new ArrayList<>();
        for (SliceDrift s : slices) {
            if (!s.checked()) {
                continue;
            }
            failOn.topKOverlapBelow().ifPresent(threshold -> results.add(new ThresholdResult(FailOn.TOP_K_OVERLAP_BELOW, threshold,
                    s.topKOverlap(), status(s.topKOverlap() < threshold), "", comparison, s.slice())));
            if (!Double.isNaN(s.ndcg())) {
                failOn.ndcgBelow().ifPresent(threshold -> results.add(new ThresholdResult(FailOn.NDCG_BELOW, threshold, s.ndcg(),
                        status(s.ndcg() < threshold), "", comparison, s.slice())));
            }
            if (!s.largestChangeFeature().isEmpty()) {
                failOn.meanAbsChangeAbove().ifPresent(threshold -> results.add(new ThresholdResult(FailOn.MEAN_ABS_CHANGE_ABOVE,
                        threshold, Math.abs(s.largestChange()), status(Math.abs(s.largestChange()) > threshold),
                        s.largestChangeFeature(), comparison, s.slice())));
            }
        }
        return results;
    }

    private static Status status(boolean failed) {
        return failed ? Status.FAILED : Status.PASSED;
    }

    /** True when any result failed. */
    public static boolean anyFailed(List<ThresholdResult> results) {
        return results.stream().anyMatch(ThresholdResult::failed);
    }

    private static ThresholdResult result(String key, double threshold, double actual, boolean failed, String subject,
            String comparison) {
        return new ThresholdResult(key, threshold, actual, failed ? Status.FAILED : Status.PASSED, subject, comparison);
    }

    private static ThresholdResult outputCheck(String key, double threshold, Optional<Double> value, String comparison) {
        return value.filter(v -> !v.isNaN()).map(v -> result(key, threshold, v, v > threshold, "", comparison))
                .orElseGet(() -> notEvaluated(key, threshold, "", comparison));
    }

    private static ThresholdResult notEvaluated(String key, double threshold, String subject, String comparison) {
        return new ThresholdResult(key, threshold, Double.NaN, Status.NOT_EVALUATED, subject, comparison);
    }
}
