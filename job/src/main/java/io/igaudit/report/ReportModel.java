package io.igaudit.report;

import io.igaudit.history.CheckResult;
import io.igaudit.history.DriftResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code report.html} shows, as plain values: the pipeline fills it from Spark, the
 * report renders it without Spark.
 *
 * @param run what was run, with what, how long it took
 * @param importance every feature over all rows, most important first
 * @param perClass per predicted class (target = predicted); empty otherwise
 * @param swarm a sample of rows for the beeswarm plot
 * @param delta the convergence delta: summary, histogram, worst rows
 * @param compareWith {@code audit.compare-with} as configured, if set
 * @param compareOn the tags an earlier run had to share (audit.compare-on), as configured
 * @param topK audit.top-k
 * @param drift the comparison with an earlier run, when one was found
 * @param checks the fail-on checks that are on
 */
public record ReportModel(
        RunInfo run,
        List<Importance> importance,
        List<ClassImportance> perClass,
        Swarm swarm,
        DeltaView delta,
        Optional<String> compareWith,
        List<String> compareOn,
        int topK,
        Optional<DriftResult> drift,
        List<CheckResult> checks) {

    /** Copies the lists. */
    public ReportModel {
        importance = List.copyOf(importance);
        perClass = List.copyOf(perClass);
        compareOn = List.copyOf(compareOn);
        checks = List.copyOf(checks);
    }

    /**
     * The run's metadata.
     *
     * @param runId the run's id
     * @param started when it started
     * @param modelPath model.path
     * @param modelSha256 the model file's SHA-256
     * @param dataset input.path
     * @param method quadrature rule
     * @param steps steps
     * @param multiplyByInputs multiply-by-inputs
     * @param baseline the baseline as described in run.json
     * @param target the target rule
     * @param inputRows rows read
     * @param attributedRows rows attributed
     * @param rejectedRows rows left out or quarantined
     * @param seconds timings by phase (validation, attribution, statistics, total), in order
     * @param rowsPerSecond rows per second of the attribution pass
     * @param configHash the configuration hash of the history's tags
     * @param tags the user's tags
     * @param versions software versions by name
     * @param outputPath where the results are
     */
    public record RunInfo(
            String runId,
            Instant started,
            String modelPath,
            String modelSha256,
            String dataset,
            String method,
            int steps,
            boolean multiplyByInputs,
            String baseline,
            String target,
            long inputRows,
            long attributedRows,
            long rejectedRows,
            Map<String, Double> seconds,
            double rowsPerSecond,
            String configHash,
            Map<String, String> tags,
            Map<String, String> versions,
            String outputPath) {}

    /**
     * One feature's importance.
     *
     * @param feature its name
     * @param meanAbs mean |attribution|
     * @param mean mean attribution
     * @param positiveShare share of rows with a positive attribution
     * @param rank 1 = most important
     */
    public record Importance(String feature, double meanAbs, double mean, double positiveShare, int rank) {}

    /**
     * Importance within one predicted class.
     *
     * @param target the class index
     * @param rows rows predicted as this class
     * @param features its features, most important first
     */
    public record ClassImportance(int target, long rows, List<Importance> features) {
        /** Copies the list. */
        public ClassImportance {
            features = List.copyOf(features);
        }
    }

    /**
     * The beeswarm's sample: the same rows for every feature shown.
     *
     * @param totalRows rows attributed in the run
     * @param features the features shown, most important first
     */
    public record Swarm(long totalRows, List<SwarmFeature> features) {
        /** Copies the list and checks every feature has the same rows. */
        public Swarm {
            features = List.copyOf(features);
            for (SwarmFeature f : features) {
                if (f.attributions().length != features.get(0).attributions().length) {
                    throw new IllegalArgumentException("beeswarm features must share their rows: " + f.feature());
                }
            }
        }

        /** Rows in the sample. */
        public int sampleRows() {
            return features.isEmpty() ? 0 : features.get(0).attributions().length;
        }
    }

    /**
     * One feature of the beeswarm sample.
     *
     * @param feature its name
     * @param attributions each sampled row's attribution
     * @param values each sampled row's feature value (NaN when unknown)
     */
    public record SwarmFeature(String feature, float[] attributions, float[] values) {
        /** Checks the lengths match. */
        public SwarmFeature {
            if (attributions.length != values.length) {
                throw new IllegalArgumentException(feature + ": " + attributions.length + " attributions, " + values.length
                        + " values");
            }
        }
    }

    /**
     * The convergence delta.
     *
     * @param tolerance attribution.delta-tolerance
     * @param rows rows attributed
     * @param overTolerance rows with |delta| above the tolerance (NaN deltas included)
     * @param meanAbs mean |delta|
     * @param p95Abs 95th percentile of |delta|
     * @param maxAbs largest |delta|
     * @param histogram |delta| on log-spaced bins
     * @param idColumns the id columns' names
     * @param worst the rows with the largest |delta|, largest first
     */
    public record DeltaView(
            double tolerance,
            long rows,
            long overTolerance,
            double meanAbs,
            double p95Abs,
            double maxAbs,
            DeltaHistogram histogram,
            List<String> idColumns,
            List<WorstRow> worst) {
        /** Copies the lists. */
        public DeltaView {
            idColumns = List.copyOf(idColumns);
            worst = List.copyOf(worst);
        }

        /** The share of rows over the tolerance. */
        public double shareOverTolerance() {
            return rows == 0 ? 0 : (double) overTolerance / rows;
        }
    }

    /**
     * Counts of |delta| on log-spaced bins: bin b covers [10^(b / perDecade), 10^((b + 1) / perDecade));
     * {@code counts[i]} is bin {@code firstBin + i}, and the first bin also holds every smaller value
     * (zero included).
     *
     * @param perDecade bins per power of ten
     * @param firstBin the first bin's number
     * @param counts rows per bin
     * @param nanRows rows whose delta is NaN (not in any bin)
     */
    public record DeltaHistogram(int perDecade, int firstBin, long[] counts, long nanRows) {

        /** The lower edge of bin {@code i} of {@code counts}. */
        public double lower(int i) {
            return Math.pow(10, (double) (firstBin + i) / perDecade);
        }

        /** The upper edge of bin {@code i} of {@code counts}. */
        public double upper(int i) {
            return Math.pow(10, (double) (firstBin + i + 1) / perDecade);
        }
    }

    /**
     * A row with a large |delta|.
     *
     * @param ids its id column values, as text
     * @param target the output explained
     * @param prediction F(x)
     * @param baselinePrediction F(x')
     * @param delta its convergence delta
     */
    public record WorstRow(List<String> ids, int target, double prediction, double baselinePrediction, double delta) {
        /** Copies the list. */
        public WorstRow {
            ids = List.copyOf(ids);
        }
    }
}
