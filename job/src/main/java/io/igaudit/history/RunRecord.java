package io.igaudit.history;

import io.igaudit.stats.TokenRow;
import java.time.Instant;
import java.util.List;

/**
 * One run as the history keeps it: keyed by run time and tags; run-level metrics; every feature's
 * statistics.
 *
 * @param runId the run's id (run_id in run.json)
 * @param runTime when the run started
 * @param tags model, dataset, configuration hash and user tags
 * @param outputPath where the run wrote its results
 * @param inputRows rows read
 * @param attributedRows rows attributed
 * @param rejectedRows rows left out or quarantined
 * @param deltaMeanAbs mean |delta|
 * @param deltaP95Abs 95th percentile of |delta|
 * @param deltaMaxAbs largest |delta|
 * @param deltaTolerance attribution.delta-tolerance of the run
 * @param rowsOverTolerance rows with |delta| above the tolerance
 * @param rowsPerSecond rows attributed per second of the attribution pass
 * @param method quadrature rule
 * @param steps number of steps
 * @param target the target rule as configured
 * @param baseline the baseline as configured
 * @param features per-feature statistics: the all-rows group, then per class when the target is predicted
 * @param tokens the token table's all-rows group, for a model explained at a token embedding; empty otherwise
 */
public record RunRecord(
        String runId,
        Instant runTime,
        RunTags tags,
        String outputPath,
        long inputRows,
        long attributedRows,
        long rejectedRows,
        double deltaMeanAbs,
        double deltaP95Abs,
        double deltaMaxAbs,
        double deltaTolerance,
        long rowsOverTolerance,
        double rowsPerSecond,
        String method,
        int steps,
        String target,
        String baseline,
        List<FeatureRecord> features,
        List<TokenRow> tokens) {

    /** Copies the lists. */
    public RunRecord {
        features = List.copyOf(features);
        tokens = List.copyOf(tokens);
    }

    /** A run without a token table. */
    public RunRecord(String runId, Instant runTime, RunTags tags, String outputPath, long inputRows, long attributedRows,
            long rejectedRows, double deltaMeanAbs, double deltaP95Abs, double deltaMaxAbs, double deltaTolerance,
            long rowsOverTolerance, double rowsPerSecond, String method, int steps, String target, String baseline,
            List<FeatureRecord> features) {
        this(runId, runTime, tags, outputPath, inputRows, attributedRows, rejectedRows, deltaMeanAbs, deltaP95Abs, deltaMaxAbs,
                deltaTolerance, rowsOverTolerance, rowsPerSecond, method, steps, target, baseline, features, List.of());
    }

    /** The same run with this token table. */
    public RunRecord withTokens(List<TokenRow> table) {
        return new RunRecord(runId, runTime, tags, outputPath, inputRows, attributedRows, rejectedRows, deltaMeanAbs, deltaP95Abs,
                deltaMaxAbs, deltaTolerance, rowsOverTolerance, rowsPerSecond, method, steps, target, baseline, features, table);
    }

    /** The share of attributed rows with |delta| above the tolerance. */
    public double shareOverTolerance() {
        return attributedRows == 0 ? 0 : (double) rowsOverTolerance / attributedRows;
    }

    /** The all-rows group's features, by index. */
    public List<FeatureRecord> allRowsFeatures() {
        return features.stream().filter(FeatureRecord::allRows)
                .sorted(java.util.Comparator.comparingInt(FeatureRecord::index)).toList();
    }
}
