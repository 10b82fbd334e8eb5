package io.igaudit.history;

import io.igaudit.stats.SliceSummary;
import io.igaudit.stats.TokenRow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * One run as the history keeps it: keyed by run time and tags; run-level metrics; every feature's
 * statistics.
 *
 * @param runId the run's id (run_id in run.json)
 * @param runTime when the run started
 * @param tags model, dataset, configuration hash and user tags
 * @param outputPath where the run wrote its results
 * @param rows rows read, attributed and rejected
 * @param delta the convergence deltas
 * @param rowsPerSecond rows attributed per second of the attribution pass
 * @param settings how the attributions were made
 * @param features per-feature statistics: the all-rows group, then per class when the target is predicted
 * @param tokens the token table's all-rows group, for a model explained at a token embedding; empty otherwise
 * @param inputSnapshot the Iceberg snapshot of input.table that the run read up to; empty for other inputs
 * @param violations the audit.fail-on thresholds the run failed (violations.json)
 * @param predictionBins deciles of the predictions F(x) at the rows' targets and the run's share in
 *     each bin ({@link Bins#EMPTY} when not kept)
 * @param slices the slices of audit.slices, each with its features' statistics; empty without slices
 * @param categories every category's share of the rows, per categorical column (all rows); empty without
 */
public record RunRecord(
        String runId,
        Instant runTime,
        RunTags tags,
        String outputPath,
        RowCounts rows,
        Delta delta,
        double rowsPerSecond,
        Settings settings,
        List<FeatureRecord> features,
        List<TokenRow> tokens,
        OptionalLong inputSnapshot,
        List<Violation> violations,
        Bins predictionBins,
        List<SliceSummary> slices,
        List<CategoryShift.Share> categories) {

    /** {@link Settings#target} of a run whose target is each row's predicted class. */
    public static final String PREDICTED = "predicted";

    /** Copies the lists. */
    public RunRecord {
        features = List.copyOf(features);
        tokens = List.copyOf(tokens);
        violations = List.copyOf(violations);
        slices = List.copyOf(slices);
        categories = List.copyOf(categories);
    }

    /** A run without slices. */
    public RunRecord(String runId, Instant runTime, RunTags tags, String outputPath, RowCounts rows, Delta delta,
            double rowsPerSecond, Settings settings, List<FeatureRecord> features, List<TokenRow> tokens,
            OptionalLong inputSnapshot, List<Violation> violations, Bins predictionBins) {
        this(runId, runTime, tags, outputPath, rows, delta, rowsPerSecond, settings, features, tokens, inputSnapshot, violations,
                predictionBins, List.of(), List.of());
    }

    /**
     * A run's convergence deltas.
     *
     * @param meanAbs mean |delta|
     * @param p95Abs 95th percentile of |delta|
     * @param maxAbs largest |delta|
     * @param tolerance attribution.delta-tolerance of the run
     * @param rowsOverTolerance rows with |delta| above the tolerance
     */
    public record Delta(double meanAbs, double p95Abs, double maxAbs, double tolerance, long rowsOverTolerance) {}

    /**
     * How a run made its attributions, as configured.
     *
     * @param method quadrature rule
     * @param steps number of steps
     * @param target the target rule
     * @param baseline the baseline
     */
    public record Settings(String method, int steps, String target, String baseline) {}

    /** The same run with this token table. */
    public RunRecord withTokens(List<TokenRow> table) {
        return new RunRecord(runId, runTime, tags, outputPath, rows, delta, rowsPerSecond, settings, features, table, inputSnapshot, violations, predictionBins,
                slices, categories);
    }

    /** The same run with these category shares. */
    public RunRecord withCategories(List<CategoryShift.Share> shares) {
        return new RunRecord(runId, runTime, tags, outputPath, rows, delta, rowsPerSecond, settings, features, tokens, inputSnapshot,
                violations, predictionBins, slices, shares);
    }

    /** The share of attributed rows with |delta| above the tolerance. */
    public double shareOverTolerance() {
        return rows.attributed() == 0 ? 0 : (double) delta.rowsOverTolerance() / rows.attributed();
    }

    /** Rows per target group (per class), from the per-class feature statistics; empty without them. */
    public java.util.Map<Integer, Long> rowsPerTarget() {
        java.util.Map<Integer, Long> rows = new java.util.TreeMap<>();
        features.stream().filter(f -> !f.allRows()).forEach(f -> rows.putIfAbsent(f.stats().target(), f.stats().count()));
        return rows;
    }

    /** The all-rows group's features, by index. */
    public List<FeatureRecord> allRowsFeatures() {
        return features.stream().filter(FeatureRecord::allRows)
                .sorted(Comparator.comparingInt(f -> f.stats().index())).toList();
    }
}
