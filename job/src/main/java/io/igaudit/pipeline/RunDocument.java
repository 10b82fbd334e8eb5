package io.igaudit.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.igaudit.history.CategoryShift;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code run.json} as records, which {@link RunJson} fills in and Jackson writes:
 * each component is a key, in component order, named in snake_case ({@code rowsPerSecond} →
 * {@code rows_per_second}); null values are written as null unless a component says otherwise.
 *
 * @param runId the run's id
 * @param started when it started
 * @param driverDevice the device the driver's model probe ran on
 * @param affineHeadFastPath whether the model's affine head was integrated in closed form
 * @param layerAttribution true when attributed at a layer; left out otherwise
 * @param tokenStats the token table's figures; left out without one
 * @param finished when run.json was written
 * @param status always "complete": a folder without run.json holds no finished run
 * @param config the configuration as resolved
 * @param input what was read
 * @param model the model
 * @param attribution the method and everything that shaped its results
 * @param versions the software
 * @param executors one entry per executor JVM
 * @param counts the rows
 * @param delta the convergence deltas
 * @param timingsSeconds wall time by phase
 * @param text what tokenizing did to the texts
 * @param rowsPerSecond rows attributed per second of the attribution pass
 * @param topFeatures the most important features
 * @param topTokens the most important tokens
 * @param topCategories the most important categories
 * @param audit tags, history, the comparison and the thresholds
 * @param tables the output tables and the snapshot that holds this run's rows; left out without output.table-prefix
 */
record RunDocument(
        String runId,
        String started,
        String driverDevice,
        boolean affineHeadFastPath,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean layerAttribution,
        @JsonInclude(JsonInclude.Include.NON_NULL) TokenTable tokenStats,
        String finished,
        String status,
        Map<String, Object> config,
        Input input,
        Model model,
        Attribution attribution,
        RunFacts.Versions versions,
        List<Executor> executors,
        Counts counts,
        Delta delta,
        Timings timingsSeconds,
        Texts text,
        double rowsPerSecond,
        List<String> topFeatures,
        List<String> topTokens,
        List<String> topCategories,
        Audit audit,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> tables,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Slice> slices) {

    /**
     * One slice of audit.slices: its rows, top features and deltas, and against the earlier run
     * (compare-with) its NDCG, top-k overlap and largest change; null where not compared.
     */
    record Slice(String slice, long rows, List<String> topFeatures, Double meanAbsDelta, long rowsOverTolerance,
            Double meanPrediction, @JsonInclude(JsonInclude.Include.NON_NULL) Long rowsBefore,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double ndcg, @JsonInclude(JsonInclude.Include.NON_NULL) Double topKOverlap,
            @JsonInclude(JsonInclude.Include.NON_NULL) String largestChangeFeature,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double largestChange,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean checked) {}

    /** The token table's size, its error and the positions left out. */
    record TokenTable(int capacity, int tokens, double errorBound, long minOccurrences, long positions, long paddedPositions,
            long nanPositions) {}

    /** What was read; table, where and scan only when configured. */
    record Input(String path, String format, List<String> idColumns, List<String> features, int[] rowShape, String onInvalidRow,
            @JsonInclude(JsonInclude.Include.NON_NULL) String table, @JsonInclude(JsonInclude.Include.NON_NULL) String where,
            @JsonInclude(JsonInclude.Include.NON_NULL) Scan scan, @JsonInclude(JsonInclude.Include.NON_NULL) Snapshots snapshots,
            @JsonInclude(JsonInclude.Include.NON_NULL) Sample sample) {}

    /**
     * The snapshots read of an Iceberg input.table ({@link io.igaudit.io.TableSnapshots}): up to
     * snapshot_id, after after_snapshot_id (input.since = last-audit, read by after_run_id); the data
     * files in that range and their rows before input.where; snapshots that were not appends.
     */
    record Snapshots(String table, long snapshotId, Long afterSnapshotId, String afterRunId, long dataFiles, long rowsInFiles,
            List<String> notAppends) {}

    /**
     * input.sample, when the run audited a sample: the share kept, the seed, the columns hashed, the
     * rows kept and the rows before sampling (null where counting them would parse the input again).
     */
    record Sample(double fraction, long seed, List<String> hashedColumns, long rowsSampled, Long rowsBeforeSample,
            double confidenceLevel) {}

    /** What the plan pushed of input.where into the input's scans ({@link io.igaudit.io.ScanFilters}). */
    record Scan(List<String> partitionFilters, List<String> dataFilters, List<String> pushedFilters, List<String> tableScans) {}

    /** The model. */
    record Model(String path, String sha256, String device, int outputWidth, int threadsPerTask, String cpuConvolutions,
            String onednnMaxCpuIsa, List<String> classNames) {}

    /** The attribution method and its settings; null where they do not apply. */
    record Attribution(String method, Object steps, Integer samples, Background background, Steps stepsUsed,
            boolean multiplyByInputs, String target, int targetsPerRow, String baseline, Integer baselineRows,
            float[] baselineValues, String baselineWarning, Noise noise, long seed, int batchRows, long maxElementsPerPass) {}

    /** Expected Gradients' background. */
    record Background(int rows, String source) {}

    /** How many steps rows got. */
    record Steps(double mean, int min, int p50, int p95, int max, Map<String, Long> rowsBySteps) {}

    /** The noise tunnel. */
    record Noise(int samples, double stdev, String type) {}

    /** One executor JVM: the reports of its tasks, folded. */
    record Executor(String executorId, String host, String pid, String device, int modelsLoaded, int tasks) {}

    /** The rows. */
    record Counts(long inputRows, long attributedRows, long rejectedRows) {}

    /** The convergence deltas. */
    record Delta(double meanAbs, double p95Abs, double maxAbs, double tolerance, long rowsOverTolerance,
            double shareOverTolerance, String warning) {}

    /** Wall time by phase, rounded to milliseconds. */
    record Timings(double validation, double attribution, double attributionTasks, double attributionTasksInModel,
            double statistics, double total) {}

    /** What tokenizing did to the texts of a text column. */
    record Texts(long texts, int maxLength, long truncated, long empty, long withoutWords) {}

    /** Tags, history, the comparison and the thresholds' results. */
    record Audit(String configHash, Map<String, String> tags, String historyPath, String compareWith,
            String comparedWithRunId, Double topKOverlap, @JsonInclude(JsonInclude.Include.NON_NULL) Double ndcg,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<Integer, Double> ndcgPerClass,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double predictionPsi,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double predictedClassPsi,
            @JsonInclude(JsonInclude.Include.NON_NULL) FeaturePsi largestInputPsi,
            @JsonInclude(JsonInclude.Include.NON_NULL) CategoryShift largestCategoryShift,
            @JsonInclude(JsonInclude.Include.NON_NULL) Reference reference,
            List<Threshold> checks, boolean checksFailed) {}

    /**
     * The comparison with audit.reference's run: as configured, the run found, and its figures.
     */
    record Reference(String configured, String runId, String runTime, double topKOverlap, Double ndcg,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<Integer, Double> ndcgPerClass,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double predictionPsi,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double predictedClassPsi,
            @JsonInclude(JsonInclude.Include.NON_NULL) FeaturePsi largestInputPsi,
            @JsonInclude(JsonInclude.Include.NON_NULL) CategoryShift largestCategoryShift) {}

    /** The feature whose input values moved most, their PSI and Jensen–Shannon divergence (bits). */
    record FeaturePsi(String feature, double psi, Double jensenShannon) {}

    /**
     * One audit.fail-on threshold's result; comparison is compare-with or reference for a check
     * against an earlier run, left out for one on this run alone.
     */
    record Threshold(String key, double threshold, Double actual, String status, String subject,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String comparison,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String slice) {}
}
