package io.igaudit.pipeline;

import io.igaudit.config.AuditConfig;
import io.igaudit.config.ConfigException;
import io.igaudit.config.HistoryLocation;
import io.igaudit.config.Suggestions;
import io.igaudit.history.AttributionBins;
import io.igaudit.history.CategoryShift;
import io.igaudit.history.Drift;
import io.igaudit.history.DriftResult;
import io.igaudit.history.FeatureDrift;
import io.igaudit.history.FeatureRecord;
import io.igaudit.history.HistoryTable;
import io.igaudit.history.OutputDrift;
import io.igaudit.history.RunRecord;
import io.igaudit.history.RunTags;
import io.igaudit.history.SliceDrift;
import io.igaudit.history.ThresholdResult;
import io.igaudit.history.Thresholds;
import io.igaudit.history.TokenDrift;
import io.igaudit.io.OutputLocation;
import io.igaudit.io.RunReport;
import io.igaudit.io.TableSnapshots;
import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.PartitionStats;
import io.igaudit.stats.SliceSummary;
import io.igaudit.stats.TokenRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The run's place in the audit history: before any work, the earlier run to compare with; after
 * the statistics, each feature's decile bins, the drift against the earlier run, the fail-on
 * checks, drift/ in the output, and last the run's row in the history table.
 */
final class AuditTrail {

    /** What the audit found. */
    record Outcome(List<FeatureRecord> features, Optional<DriftResult> drift, Optional<DriftResult> referenceDrift,
            List<ThresholdResult> thresholds) {}

    /** drift/features: one row per feature of either run. */
    static final StructType DRIFT_SCHEMA = new StructType()
            .add("feature", DataTypes.StringType, false)
            .add("mean_abs_before", DataTypes.DoubleType, true)
            .add("mean_abs_now", DataTypes.DoubleType, true)
            .add("relative_change", DataTypes.DoubleType, true)
            .add("rank_before", DataTypes.IntegerType, true)
            .add("rank_now", DataTypes.IntegerType, true)
            .add("rank_change", DataTypes.IntegerType, true)
            .add("psi", DataTypes.DoubleType, true)
            .add("input_psi", DataTypes.DoubleType, true)
            .add("input_js", DataTypes.DoubleType, true);

    private final SparkSession spark;
    private final AuditConfig audit;
    private final Optional<HistoryTable> history;

    AuditTrail(SparkSession spark, AuditConfig audit) {
        this.spark = spark;
        this.audit = audit;
        this.history = audit.history().map(location -> new HistoryTable(spark, location));
    }

    /**
     * Before any work: checks the history's location and finds the run to compare with.
     *
     * @throws io.igaudit.config.ConfigException if a named run is missing or the history is unusable
     */
    Optional<RunRecord> earlier(RunTags tags, String outputPath) {
        if (history.isEmpty()) {
            return Optional.empty();
        }
        history.get().check(outputPath);
        return audit.compareWith().flatMap(which -> history.get().find(which, tags, audit.compareOn()));
    }

    /** Whether a history is kept (its rows hold the bins that later runs compare with). */
    boolean keepsHistory() {
        return history.isPresent();
    }

    /**
     * Before any work, after {@link #earlier}: the reference run (audit.reference), if configured.
     *
     * @throws ConfigException if the history does not hold it
     */
    Optional<RunRecord> reference() {
        return audit.reference().map(reference -> history.orElseThrow().findReference(reference));
    }

    /**
     * Bins (when a history is kept), drift and the thresholds, each computed once from this run's
     * figures and the earlier run's. Drift is over tokens when this run and the earlier one both
     * have a token table ({@link TokenDrift}: a position holds a different word in every row, so
     * only the words compare between runs), else over features.
     *
     * @param stats the tasks' merged summaries: this run's sketches, and its rows in the earlier run's bins
     * @param features this run's feature_stats rows (all rows and per class)
     * @param slices this run's slices (audit.slices), compared with the same slices of each earlier run
     * @param categories this run's category shares per categorical column, compared with each earlier run's
     * @param earlier the run to compare with, if any
     * @param reference the reference run (audit.reference), if any: compared in the same way, its PSI
     *     from this run's quantile sketches on the reference's bins (within the sketches' rank error)
     * @param tokens this run's token table, if it has one
     * @param minOccurrences occurrences a token needs in a run to be compared
     * @param delta this run's delta figures
     * @param predictedTarget whether the target is each row's predicted class (its groups are then the predicted classes)
     */
    Outcome evaluate(PartitionStats stats, List<FeatureRow> features, List<SliceSummary> slices,
            List<CategoryShift.Share> categories, Optional<RunRecord> earlier,
            Optional<RunRecord> reference,
            Optional<List<TokenRow>> tokens, long minOccurrences, ReportFacts.DeltaSummary delta, boolean predictedTarget) {
        List<FeatureRecord> binned = new ArrayList<>();
        Map<String, long[]> countsInEarlierBins = new HashMap<>();
        for (FeatureRow f : features) {
            boolean binnedHere = history.isPresent() && f.allRows();
            binned.add(new FeatureRecord(f, binnedHere ? AttributionBins.of(stats.allRows().sketch(f.index())) : null,
                    binnedHere && stats.inputs() != null ? AttributionBins.of(stats.inputs().sketch(f.index())) : null));
            long[] counts = history.isPresent() ? stats.earlierBinCounts(f.index()) : null;
            if (binnedHere && counts != null) {
                countsInEarlierBins.put(f.feature(), counts);
            }
        }
        Map<Integer, Long> classRows = new TreeMap<>();
        features.stream().filter(f -> !f.allRows()).forEach(f -> classRows.putIfAbsent(f.target(), f.count()));
        Optional<DriftResult> drift = earlier.map(e -> (tokens.isPresent() && !e.tokens().isEmpty()
                ? TokenDrift.compare(e, e.tokens(), tokens.get(), audit.topK(), minOccurrences)
                : Drift.compare(e, features, countsInEarlierBins, audit.topK()))
                .withOutputs(OutputDrift.compare(e, stats.predictions(), classRows, predictedTarget))
                .withInputDrift(inputDrift(e, stats, features))
                .withSlices(SliceDrift.compare(e.slices(), slices, audit.topK(), audit.slices().minRows()))
                .withCategories(CategoryShift.compare(e.categories(), categories)));
        Optional<DriftResult> referenceDrift = reference.map(r -> (tokens.isPresent() && !r.tokens().isEmpty()
                ? TokenDrift.compare(r, r.tokens(), tokens.get(), audit.topK(), minOccurrences)
                : Drift.compare(r, features, countsInBinsOf(r, stats, features), audit.topK()))
                .withOutputs(OutputDrift.compare(r, stats.predictions(), classRows, predictedTarget))
                .withInputDrift(inputDrift(r, stats, features))
                .withSlices(SliceDrift.compare(r.slices(), slices, audit.topK(), audit.slices().minRows()))
                .withCategories(CategoryShift.compare(r.categories(), categories)));
        List<Thresholds.Comparison> comparisons = new ArrayList<>();
        if (audit.compareWith().isPresent()) {
            comparisons.add(new Thresholds.Comparison(ThresholdResult.COMPARE_WITH, drift));
        }
        if (audit.reference().isPresent()) {
            comparisons.add(new Thresholds.Comparison(ThresholdResult.REFERENCE, referenceDrift));
        }
        List<ThresholdResult> thresholds = Thresholds.evaluate(audit.failOn(), comparisons, delta.rows(), delta.overTolerance());
        return new Outcome(binned, drift, referenceDrift, thresholds);
    }

    /**
     * Each feature's PSI and Jensen–Shannon divergence of its input values on another run's bins
     * of them, this run's shares from its sketches of the input values; empty when either run kept none.
     */
    private static Map<String, double[]> inputDrift(RunRecord other, PartitionStats stats, List<FeatureRow> features) {
        Map<String, double[]> psi = new HashMap<>();
        if (stats.inputs() == null) {
            return psi;
        }
        Map<String, Integer> index = new HashMap<>();
        features.stream().filter(FeatureRow::allRows).forEach(f -> index.put(f.feature(), f.index()));
        for (FeatureRecord f : other.allRowsFeatures()) {
            Integer i = index.get(f.stats().feature());
            if (i != null && !f.inputBins().isEmpty()) {
                double[] shares = stats.inputs().sketch(i).shares(f.inputBins().edges());
                psi.put(f.stats().feature(), new double[] {Drift.psiOfShares(f.inputBins().shares(), shares),
                    Drift.jensenShannon(f.inputBins().shares(), shares)});
            }
        }
        return psi;
    }

    /** Rows per bin of another run's bins, from this run's quantile sketches. */
    private static Map<String, long[]> countsInBinsOf(RunRecord other, PartitionStats stats, List<FeatureRow> features) {
        Map<String, Integer> index = new HashMap<>();
        features.stream().filter(FeatureRow::allRows).forEach(f -> index.put(f.feature(), f.index()));
        Map<String, long[]> counts = new HashMap<>();
        for (FeatureRecord f : other.allRowsFeatures()) {
            Integer i = index.get(f.stats().feature());
            if (i != null && !f.bins().isEmpty()) {
                counts.put(f.stats().feature(), Drift.countsOfShares(stats.allRows().sketch(i).shares(f.bins().edges())));
            }
        }
        return counts;
    }

    /** Writes drift/features (Parquet) and drift/summary.json. */
    void writeDrift(OutputLocation output, DriftResult drift, List<ThresholdResult> thresholds) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (FeatureDrift f : drift.features()) {
            rows.add(RowFactory.create(f.feature(), nanToNull(f.meanAbsBefore()), nanToNull(f.meanAbsNow()),
                    nanToNull(f.relativeChange()), zeroToNull(f.rankBefore()), zeroToNull(f.rankNow()),
                    f.inBoth() ? f.rankChange() : null, nanToNull(f.psi()), nanToNull(f.inputPsi()),
                    nanToNull(f.inputJs())));
        }
        spark.createDataFrame(rows, DRIFT_SCHEMA).coalesce(1).write()
                .parquet(output.child(OutputLocation.DRIFT + "/features"));
        RunReport summary = new RunReport()
                .put("earlier_run", RunReport.section("run_id", drift.earlierRunId(), "run_time", drift.earlierRunTime().toString(),
                        "output_path", drift.earlierOutputPath(), "model_sha256", drift.earlierTags().modelSha256(),
                        "dataset", drift.earlierTags().dataset(), "config_hash", drift.earlierTags().configHash(),
                        "tags", drift.earlierTags().tags()))
                .put("top_k", drift.topK())
                .put("top_before", drift.topBefore())
                .put("top_now", drift.topNow())
                .put("top_k_overlap", drift.topKOverlap())
                .put("ndcg", finiteOrNull(drift.ndcg()))
                .put("ndcg_per_class", drift.ndcgPerClass().isEmpty() ? null : drift.ndcgPerClass())
                .put("largest_change", drift.largestChange().map(f -> RunReport.section("feature", f.feature(),
                        "relative_change", finiteOrNull(f.relativeChange()))).orElse(null))
                .put("largest_psi", drift.largestPsi().map(f -> RunReport.section("feature", f.feature(), "psi", f.psi()))
                        .orElse(null))
                .put("checks", RunJson.thresholds(thresholds));
        output.writeText(OutputLocation.DRIFT + "/summary.json", summary.toJson());
    }

    /**
     * Before any work: every feature that audit.fail-on.features names is one of the run's.
     *
     * @throws ConfigException naming the first that is not, with a close match
     */
    void checkFeatureThresholds(List<String> features) {
        for (AuditConfig.FailOn.FeatureThreshold threshold : audit.failOn().features()) {
            if (!features.contains(threshold.feature())) {
                throw new ConfigException("audit.fail-on." + threshold.configKey() + " names feature '"
                        + threshold.feature() + "', which this run does not have"
                        + Suggestions.didYouMean(threshold.feature(), features) + "; its " + features.size()
                        + " features: " + String.join(", ", features.subList(0, Math.min(8, features.size())))
                        + (features.size() > 8 ? ", ..." : ""));
            }
        }
    }

    /** Appends the run to the history folder, if one is kept (a history table is appended to with the output tables). */
    void append(RunRecord run) {
        if (audit.history().orElse(null) instanceof HistoryLocation.Folder) {
            history.get().append(run);
        }
    }

    /** The snapshot of the input table that the last audit of it read up to, if the history has one. */
    Optional<TableSnapshots.LastRead> lastSnapshotRead(RunTags tags) {
        return history.flatMap(table -> table.lastSnapshotRead(tags, audit.compareOn()));
    }

    /**
     * The earlier run's bin edges by this run's feature index (features matched by name; null for
     * a feature without), for the tasks to count this run's rows in; null without a history or an
     * earlier run.
     */
    double[][] earlierEdges(Optional<RunRecord> earlier, List<String> names, int features) {
        if (history.isEmpty() || earlier.isEmpty()) {
            return null;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        double[][] edges = new double[features][];
        for (FeatureRecord f : earlier.get().allRowsFeatures()) {
            Integer i = index.get(f.stats().feature());
            if (i != null && !f.bins().isEmpty()) {
                edges[i] = f.bins().edges();
            }
        }
        return edges;
    }

    private static Double nanToNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** JSON has no NaN or infinity. */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Integer zeroToNull(int rank) {
        return rank == 0 ? null : rank;
    }
}
