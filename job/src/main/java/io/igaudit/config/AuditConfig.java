package io.igaudit.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The audit's memory across runs: where the history table is, how this run is tagged, which
 * earlier run it is compared with, and the thresholds that fail the run (exit code 3).
 *
 * @param history the history each run appends its row to; empty = no history
 * @param tags the user's tags for this run (sorted by key)
 * @param compareWith the earlier run to compare with; empty = no comparison
 * @param reference a fixed run to compare with as well (e.g. the audit at the model's release); empty = none
 * @param compareOn what an earlier run must share with this one to count as "previous"
 * @param topK k of the top-k overlap
 * @param failOn thresholds that fail the run
 * @param slices the segments every statistic is kept for as well
 */
public record AuditConfig(
        Optional<HistoryLocation> history,
        Map<String, String> tags,
        Optional<CompareWith> compareWith,
        Optional<Reference> reference,
        List<MatchKey> compareOn,
        int topK,
        FailOn failOn,
        SliceConfig slices) {

    /** Checks that the parts fit together; copies the collections. */
    public AuditConfig {
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        compareOn = List.copyOf(compareOn);
        if (topK < 1) {
            throw new ConfigException("audit.top-k must be at least 1, got " + topK);
        }
        if (compareWith.isPresent() && history.isEmpty()) {
            throw new ConfigException("audit.compare-with = " + compareWith.get().describe()
                    + " needs a history to read the earlier runs from: audit.history-path, or output.table-prefix (its _history table)");
        }
        if (reference.isPresent() && history.isEmpty()) {
            throw new ConfigException("audit.reference = " + reference.get().text()
                    + " needs a history to read the reference run from: audit.history-path, or output.table-prefix (its _history table)");
        }
        if (compareWith.isEmpty() && reference.isEmpty()) {
            failOn.driftThresholds().stream().findFirst().ifPresent(key -> {
                throw new ConfigException("audit.fail-on." + key + " compares with an earlier run; set audit.compare-with "
                        + "(previous or a run id) or audit.reference, and a history (audit.history-path or output.table-prefix), "
                        + "or turn it off");
            });
        }
    }

    /** No history, no tags, no comparison, no thresholds. */
    public static AuditConfig none() {
        return new AuditConfig(Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
                List.of(MatchKey.CONFIG_HASH, MatchKey.TAGS), 5, FailOn.none(), SliceConfig.none());
    }

    /** Which earlier run to compare with, as configured by {@code audit.compare-with}. */
    public sealed interface CompareWith {

        /** The latest earlier run that matches this one on {@code audit.compare-on}. */
        record Previous() implements CompareWith {
            @Override
            public String describe() {
                return "previous";
            }
        }

        /** One run of the history, by its run id. */
        record RunId(String id) implements CompareWith {
            /** Rejects a blank id. */
            public RunId {
                if (id.isBlank()) {
                    throw new ConfigException("audit.compare-with: a run id must not be blank");
                }
            }

            @Override
            public String describe() {
                return id;
            }
        }

        /** How it is written in configuration. */
        String describe();

        /** {@code previous} or a run id. */
        static CompareWith parse(String text) {
            String value = text.trim();
            return value.equalsIgnoreCase("previous") ? new Previous() : new RunId(value);
        }
    }

    /**
     * The fixed run each run is compared with besides audit.compare-with ({@code audit.reference}):
     * a run id, or {@code KEY=VALUE}, the latest run whose tags (audit.tags) have that value.
     *
     * @param text as configured
     */
    public record Reference(String text) {

        /** The tag's key and value when the reference is {@code KEY=VALUE}; empty for a run id. */
        public Optional<Map.Entry<String, String>> tag() {
            int equals = text.indexOf('=');
            return equals > 0 ? Optional.of(Map.entry(text.substring(0, equals).trim(), text.substring(equals + 1).trim()))
                    : Optional.empty();
        }
    }

    /** A tag that an earlier run must share with this run to be its "previous" run. */
    public enum MatchKey {
        /** The model file's SHA-256. */
        MODEL_SHA256,
        /** The dataset path as configured. */
        DATASET,
        /** The hash of the settings that change attributions (features, method, steps, target, baseline). */
        CONFIG_HASH,
        /** The user's tags ({@code audit.tags}), all of them. */
        TAGS;

        /** The name used in configuration, e.g. {@code config-hash}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Thresholds that fail the run (exit code 3, after everything is written). Each is off when
     * empty.
     *
     * @param topKOverlapBelow fail when the top-k overlap with the earlier run is below this (0..1)
     * @param ndcgBelow fail when the NDCG of this run's ranking against the earlier run's attributions is below this (0..1)
     * @param meanAbsChangeAbove fail when any feature's mean |attribution| changes by more than this
     *     fraction of its earlier value (0.5 = 50 %)
     * @param psiAbove fail when any feature's PSI of attributions exceeds this
     * @param shareOverToleranceAbove fail when the share of rows with |delta| above
     *     attribution.delta-tolerance exceeds this (0.01 = 1 %)
     */
    public record FailOn(
            OptionalDouble topKOverlapBelow,
            OptionalDouble ndcgBelow,
            OptionalDouble meanAbsChangeAbove,
            OptionalDouble psiAbove,
            OptionalDouble shareOverToleranceAbove,
            List<FeatureThreshold> features,
            OptionalDouble predictionPsiAbove,
            OptionalDouble predictedClassPsiAbove,
            OptionalDouble inputPsiAbove,
            OptionalDouble categoryLinfAbove) {

        /** Config key (under audit.fail-on) of each threshold. */
        public static final String TOP_K_OVERLAP_BELOW = "top-k-overlap-below";
        /** Config key (under audit.fail-on). */
        public static final String NDCG_BELOW = "ndcg-below";
        /** Config key (under audit.fail-on). */
        public static final String MEAN_ABS_CHANGE_ABOVE = "mean-abs-change-above";
        /** Config key (under audit.fail-on). */
        public static final String PSI_ABOVE = "psi-above";
        /** Config key (under audit.fail-on). */
        public static final String SHARE_OVER_TOLERANCE_ABOVE = "share-over-tolerance-above";
        /** Config key (under audit.fail-on). */
        public static final String PREDICTION_PSI_ABOVE = "prediction-psi-above";
        /** Config key (under audit.fail-on). */
        public static final String PREDICTED_CLASS_PSI_ABOVE = "predicted-class-psi-above";
        /** Config key (under audit.fail-on). */
        public static final String INPUT_PSI_ABOVE = "input-psi-above";
        /** Config key (under audit.fail-on). */
        public static final String CATEGORY_LINF_ABOVE = "category-linf-above";

        /** The keys a feature may have under {@code audit.fail-on.features}. */
        public static final List<String> FEATURE_KEYS = List.of(MEAN_ABS_CHANGE_ABOVE, PSI_ABOVE);

        /** Thresholds without per-feature ones. */
        public FailOn(OptionalDouble topKOverlapBelow, OptionalDouble ndcgBelow, OptionalDouble meanAbsChangeAbove,
                OptionalDouble psiAbove, OptionalDouble shareOverToleranceAbove) {
            this(topKOverlapBelow, ndcgBelow, meanAbsChangeAbove, psiAbove, shareOverToleranceAbove, List.of());
        }

        /** Thresholds without the outputs' ones. */
        public FailOn(OptionalDouble topKOverlapBelow, OptionalDouble ndcgBelow, OptionalDouble meanAbsChangeAbove,
                OptionalDouble psiAbove, OptionalDouble shareOverToleranceAbove, List<FeatureThreshold> features) {
            this(topKOverlapBelow, ndcgBelow, meanAbsChangeAbove, psiAbove, shareOverToleranceAbove, features,
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
        }

        /** Thresholds without the categories' one. */
        public FailOn(OptionalDouble topKOverlapBelow, OptionalDouble ndcgBelow, OptionalDouble meanAbsChangeAbove,
                OptionalDouble psiAbove, OptionalDouble shareOverToleranceAbove, List<FeatureThreshold> features,
                OptionalDouble predictionPsiAbove, OptionalDouble predictedClassPsiAbove, OptionalDouble inputPsiAbove) {
            this(topKOverlapBelow, ndcgBelow, meanAbsChangeAbove, psiAbove, shareOverToleranceAbove, features, predictionPsiAbove,
                    predictedClassPsiAbove, inputPsiAbove, OptionalDouble.empty());
        }

        /** Checks each threshold's range. */
        public FailOn {
            features = List.copyOf(features);
            for (FeatureThreshold f : features) {
                require(f.configKey(), OptionalDouble.of(f.threshold()), v -> v > 0 && v < Double.POSITIVE_INFINITY,
                        f.key().equals(MEAN_ABS_CHANGE_ABOVE) ? "a positive fraction, e.g. 0.2 for 20 %" : "a positive number, e.g. 0.1");
            }
            require(TOP_K_OVERLAP_BELOW, topKOverlapBelow, v -> v >= 0 && v <= 1, "a share of the top k from 0 to 1, e.g. 0.6");
            require(NDCG_BELOW, ndcgBelow, v -> v >= 0 && v <= 1, "an NDCG from 0 to 1, e.g. 0.9");
            require(MEAN_ABS_CHANGE_ABOVE, meanAbsChangeAbove, v -> v > 0 && v < Double.POSITIVE_INFINITY,
                    "a positive fraction, e.g. 0.5 for 50 %");
            require(PSI_ABOVE, psiAbove, v -> v > 0 && v < Double.POSITIVE_INFINITY, "a positive number, e.g. 0.25");
            require(SHARE_OVER_TOLERANCE_ABOVE, shareOverToleranceAbove, v -> v >= 0 && v < 1,
                    "a share of rows from 0 to below 1, e.g. 0.01 for 1 %");
            require(PREDICTION_PSI_ABOVE, predictionPsiAbove, v -> v > 0 && v < Double.POSITIVE_INFINITY, "a positive number, e.g. 0.25");
            require(PREDICTED_CLASS_PSI_ABOVE, predictedClassPsiAbove, v -> v > 0 && v < Double.POSITIVE_INFINITY,
                    "a positive number, e.g. 0.25");
            require(INPUT_PSI_ABOVE, inputPsiAbove, v -> v > 0 && v < Double.POSITIVE_INFINITY, "a positive number, e.g. 0.25");
            require(CATEGORY_LINF_ABOVE, categoryLinfAbove, v -> v > 0 && v < 1, "a share from 0 to 1, e.g. 0.1");
        }

        /** Every threshold off. */
        public static FailOn none() {
            OptionalDouble off = OptionalDouble.empty();
            return new FailOn(off, off, off, off, off);
        }

        /** The keys of the thresholds that are on and need an earlier run. */
        public List<String> driftThresholds() {
            Map<String, OptionalDouble> before = new java.util.LinkedHashMap<>();
            before.put(TOP_K_OVERLAP_BELOW, topKOverlapBelow);
            before.put(NDCG_BELOW, ndcgBelow);
            before.put(MEAN_ABS_CHANGE_ABOVE, meanAbsChangeAbove);
            before.put(PSI_ABOVE, psiAbove);
            Map<String, OptionalDouble> after = new java.util.LinkedHashMap<>();
            after.put(PREDICTION_PSI_ABOVE, predictionPsiAbove);
            after.put(PREDICTED_CLASS_PSI_ABOVE, predictedClassPsiAbove);
            after.put(INPUT_PSI_ABOVE, inputPsiAbove);
            after.put(CATEGORY_LINF_ABOVE, categoryLinfAbove);
            List<String> keys = new java.util.ArrayList<>();
            before.forEach((key, value) -> value.ifPresent(v -> keys.add(key)));
            features.forEach(f -> keys.add(f.configKey()));
            after.forEach((key, value) -> value.ifPresent(v -> keys.add(key)));
            return keys;
        }

        /**
         * A threshold on one feature: {@code audit.fail-on.features { NAME.KEY = VALUE }}.
         *
         * @param feature the feature's name
         * @param key one of {@link #FEATURE_KEYS}
         * @param threshold the limit
         */
        public record FeatureThreshold(String feature, String key, double threshold) {

            /** The key under audit.fail-on, e.g. {@code features.income.psi-above}. */
            public String configKey() {
                return "features." + feature + "." + key;
            }
        }

        private static void require(String key, OptionalDouble value, java.util.function.DoublePredicate valid, String expected) {
            if (value.isPresent() && !valid.test(value.getAsDouble())) {
                throw new ConfigException("audit.fail-on." + key + " must be off or " + expected + ", got " + value.getAsDouble());
            }
        }
    }
}
