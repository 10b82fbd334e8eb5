package io.igaudit.pipeline;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import ai.djl.engine.Engine;
import io.igaudit.config.ConfigException;
import io.igaudit.config.InputConfig;
import io.igaudit.config.JobConfig;
import io.igaudit.config.TargetSpec;
import io.igaudit.history.FeatureRecord;
import io.igaudit.history.RunRecord;
import io.igaudit.history.RunTags;
import io.igaudit.ig.BackgroundRows;
import io.igaudit.ig.BaselineSource;
import io.igaudit.ig.ExplainPlan;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.Method;
import io.igaudit.io.Background;
import io.igaudit.io.Baselines;
import io.igaudit.io.CsvNumbers;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.InputProfile;
import io.igaudit.io.InputReader;
import io.igaudit.io.Messages;
import io.igaudit.io.ModelFile;
import io.igaudit.io.OutputLocation;
import io.igaudit.io.OutputSchemas;
import io.igaudit.io.RowValidity;
import io.igaudit.io.RunReport;
import io.igaudit.io.SparkInternals;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.ModelException;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.model.TorchThreads;
import io.igaudit.partition.AttributeLayerPartition;
import io.igaudit.partition.AttributePartition;
import io.igaudit.partition.ExecutorReport;
import io.igaudit.partition.LayerPartitionSpec;
import io.igaudit.partition.PartitionSpec;
import io.igaudit.partition.PlanSource;
import io.igaudit.report.HtmlReport;
import io.igaudit.report.ReportModel;
import io.igaudit.report.DeltaHistograms;
import io.igaudit.stats.DeltaStats;
import io.igaudit.stats.FeatureStats;
import io.igaudit.stats.PartitionStats;
import io.igaudit.stats.StatsAccumulator;
import io.igaudit.stats.StatsSpec;
import io.igaudit.stats.StepCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit as the driver runs it. First every check that can fail on bad configuration or input
 * ({@link ConfigException}, nothing written); then the output folder is prepared and the work
 * runs: quarantine invalid rows, attribute every valid row on the executors (keeping a small
 * sample for the report on the way), write the attributions, compute per-feature statistics from
 * them in one scan, compare with an earlier run, write {@code report.html}, append to the audit
 * history and write {@code run.json} last. If anything fails after the folder was prepared, the
 * folder is removed again.
 */
public final class AuditPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(AuditPipeline.class);
    private static final List<String> RESERVED = List.of(OutputSchemas.TARGET, OutputSchemas.PREDICTION,
            OutputSchemas.BASELINE_PREDICTION, OutputSchemas.ATTRIBUTIONS, OutputSchemas.DELTA, OutputSchemas.DELTA_OK);
    /** Most rows in the report's beeswarm sample. */
    static final int SAMPLE_ROWS = 2_000;
    /** Most feature values in the sample (rows × features), which bounds its memory for wide inputs. */
    static final long SAMPLE_ELEMENTS = 4_000_000;
    private static final long SAMPLE_SEED = 20_170_306L;
    /** Seed of the rows that probe a model's affine-head split: any fixed value, so that checks repeat. */
    private static final long PROBE_SEED = 20_171L;
    private static final String VERSION = "0.1.0";

    private final SparkSession spark;
    private final JobConfig config;
    private final Configuration hadoop;
    private final RunReport report = new RunReport();
    private final AuditTrail trail;
    private final long startNanos = System.nanoTime();
    private final Instant started = Instant.now();

    private AuditPipeline(SparkSession spark, JobConfig config) {
        this.spark = spark;
        this.config = config;
        this.hadoop = spark.sparkContext().hadoopConfiguration();
        this.trail = new AuditTrail(spark, config.audit());
    }

    /** Runs the audit on an open session. */
    public static RunSummary run(SparkSession spark, JobConfig config) throws Exception {
        TorchThreads.configure(config.model().threadsPerTask());
        splitSmallFiles(spark);
        return new AuditPipeline(spark, config).execute();
    }

    /**
     * Lets Spark split a file smaller than 4 MB (its default cost of opening a file) into one
     * range per task slot, unless the session sets the cost: a CSV file of 16k rows is then read by
     * every slot instead of one task and a shuffle. The attribution costs far more per byte than
     * opening a file.
     */
    private static void splitSmallFiles(SparkSession spark) {
        String key = "spark.sql.files.openCostInBytes";
        if (!spark.conf().contains(key)) {
            // 1 byte, not 0: with 0 a file of an odd number of bytes leaves a 1-byte third range on two slots.
            spark.conf().set(key, "1");
        }
    }

    /** Everything checked before the output is touched. */
    private record Validated(
            Dataset<Row> input,
            Column valid,
            Column invalidReason,
            FeatureLayout layout,
            InputProfile profile,
            String modelSha256,
            int outputWidth,
            PartitionSpec.TargetSource targets,
            BaselineSource baselines,
            BackgroundRows background,
            RunTags tags,
            Optional<RunRecord> earlier,
            LayerInputs.Checked layer) {}

    /** What the attribution pass returns besides the written rows. */
    private record Attributed(List<ExecutorReport> executors, List<SampleTap.SampledRow> sample, double taskSeconds,
            double modelSeconds, PartitionStats stats, int partitions) {}

    private RunSummary execute() throws Exception {
        String runId = UUID.randomUUID().toString();
        report.put("run_id", runId).put("started", started.toString());
        OutputLocation output = new OutputLocation(config.output().path(), hadoop);
        output.check(config.output().mode(), config.readPaths());
        Validated checked = validate();
        double validationSeconds = secondsSince(startNanos);
        LOG.info("checks passed in {} s: {} rows ({} invalid), {} features, model output width {}",
                round(validationSeconds), checked.profile().rows(), checked.profile().invalidRows(),
                checked.layout().elementsPerRow(), checked.outputWidth());

        output.prepare();
        try {
            return produce(runId, output, checked, validationSeconds);
        } catch (Exception | Error e) {
            output.discardIncomplete();
            throw e;
        }
    }

    // ---------------------------------------------------------------- checks (nothing written)

    private Validated validate() {
        InputConfig input = config.input();
        Dataset<Row> raw = InputReader.read(spark, input);
        requireRows(raw);
        CsvNumbers numbers = CsvNumbers.of(raw.schema(), input);
        Dataset<Row> frame = numbers.parsed(raw);
        StructType schema = frame.schema();
        for (String id : input.idColumns()) {
            FeatureLayout.field(schema, id, "input.id-columns");
            if (RESERVED.contains(id)) {
                throw new ConfigException("input.id-columns names '" + id + "', which is also an output column; "
                        + "rename it in the input (output columns: " + String.join(", ", RESERVED) + ")");
            }
        }
        Optional<String> targetColumn = targetColumn(schema);
        if (config.tensors().configured()) {
            return validateLayer(frame, targetColumn);
        }
        input.featureColumn().ifPresent(column -> FeatureLayout.checkArrayColumnType(schema, column));
        FeatureLayout columnsLayout = input.featureColumn().isEmpty() ? FeatureLayout.forColumns(schema, input) : null;

        String sha256 = ModelFile.sha256(config.model().path(), hadoop);
        RunTags tags = new RunTags(sha256, input.path(), RunTags.configHash(config), config.audit().tags());
        Optional<RunRecord> earlier = trail.earlier(tags, config.output().path());
        Column validRow = RowValidity.isValid(input.featureColumn(), input.features());
        Column reason = RowValidity.invalidReason(input.featureColumn(), input.features());
        InputProfile profile = InputProfile.scan(numbers.withTextFlag(raw), validRow, input.featureColumn(), targetColumn,
                numbers.textFlag());
        numbers.requireNumbers(spark, raw, profile.textRows(), input.idColumns());
        FeatureLayout layout = columnsLayout != null ? columnsLayout : arrayLayout(schema, profile);
        int width = checkModel(sha256, layout);
        checkTargets(profile, width, targetColumn);
        checkInvalidRows(frame.filter(not(validRow)), reason, profile);
        Dataset<Row> valid = frame.filter(validRow);
        boolean expectedGradients = config.attribution().method() == Method.EXPECTED_GRADIENTS;
        BaselineSource baselines = expectedGradients ? null : Baselines.resolve(spark, config.attribution(), valid, layout);
        BackgroundRows background = expectedGradients ? Background.resolve(spark, config.attribution(), valid, layout) : null;
        return new Validated(frame, validRow, reason, layout, profile, sha256, width, targetSource(width), baselines, background,
                tags, earlier, null);
    }

    /** The checks for a model with several or integer inputs, explained at its layer ({@code input.tensors}). */
    private Validated validateLayer(Dataset<Row> frame, Optional<String> targetColumn) {
        String sha256 = ModelFile.sha256(config.model().path(), hadoop);
        RunTags tags = new RunTags(sha256, config.input().path(), RunTags.configHash(config), config.audit().tags());
        Optional<RunRecord> earlier = trail.earlier(tags, config.output().path());
        LayerInputs.Checked layer;
        try {
            DeviceChoice device = config.model().device();
            TorchScriptModel model = ModelCache.get(ModelFile.localVerified(config.model().path(), sha256, hadoop),
                    device.kind() == DeviceChoice.Kind.GPU ? DeviceChoice.AUTO : device);
            layer = LayerInputs.validate(spark, config, frame, model, targetColumn, hadoop);
            report.put("driver_device", model.device());
        } catch (ModelException e) {
            throw new ConfigException("model.path " + config.model().path() + ": " + e.getMessage(), e);
        }
        report.put("affine_head_fast_path", false).put("layer_attribution", true);
        InputProfile profile = layer.profile().base();
        checkTargets(profile, layer.outputWidth(), targetColumn);
        checkInvalidRows(frame.filter(not(layer.valid())), layer.reason(), profile);
        return new Validated(frame, layer.valid(), layer.reason(), layer.features(), profile, sha256, layer.outputWidth(),
                targetSource(layer.outputWidth()), null, null, tags, earlier, layer);
    }

    /** Before the schema is judged: a header-only CSV has string columns, but the real news is "empty". */
    private void requireRows(Dataset<Row> frame) {
        boolean empty;
        try {
            empty = frame.isEmpty();
        } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
            throw new ConfigException("input.path " + config.input().path() + " could not be read: "
                    + Messages.firstLine(e) + " (a corrupt or unreadable file?)", e);
        }
        if (empty) {
            throw new ConfigException("input.path " + config.input().path() + " holds no rows; there is nothing to audit");
        }
    }

    private Optional<String> targetColumn(StructType schema) {
        if (!(config.attribution().target() instanceof TargetSpec.Column column)) {
            return Optional.empty();
        }
        StructField field = FeatureLayout.field(schema, column.name(), "attribution.target");
        if (!(field.dataType() instanceof IntegralType)) {
            throw new ConfigException("attribution.target column '" + column.name() + "' has type "
                    + field.dataType().simpleString() + "; it must hold integer output indices");
        }
        return Optional.of(column.name());
    }

    private FeatureLayout arrayLayout(StructType schema, InputProfile profile) {
        String column = config.input().featureColumn().orElseThrow();
        if (profile.minArrayLength() < 0) {
            throw new ConfigException("input.feature-column '" + column + "' is null in every row");
        }
        if (profile.minArrayLength() != profile.maxArrayLength()) {
            throw new ConfigException("input.feature-column '" + column + "' has arrays of different lengths ("
                    + profile.minArrayLength() + " to " + profile.maxArrayLength() + "); every row must hold the same number of features");
        }
        if (profile.minArrayLength() == 0) {
            throw new ConfigException("input.feature-column '" + column + "' holds empty arrays");
        }
        return FeatureLayout.forArray(schema, config.input(), profile.minArrayLength());
    }

    /** Loads the model here, runs it on one baseline-shaped row and returns its output width. */
    private int checkModel(String sha256, FeatureLayout layout) {
        try {
            DeviceChoice device = config.model().device();
            // In local mode the tasks run in this JVM, so a GPU asked for must be here; on a cluster
            // only the executors need one (their error is reported as bad configuration too).
            boolean tasksRunHere = spark.sparkContext().isLocal();
            TorchScriptModel model = ModelCache.get(ModelFile.localVerified(config.model().path(), sha256, hadoop),
                    device.kind() == DeviceChoice.Kind.GPU && !tasksRunHere ? DeviceChoice.AUTO : device);
            FeatureBatch zeroRow = FeatureBatch.of(new float[layout.elementsPerRow()], 1, layout.rowShape());
            int width = model.evaluate(zeroRow).width();
            model.checkAffineHead(probeRows(layout), zeroRow);
            report.put("driver_device", model.device());
            report.put("affine_head_fast_path", model.usesAffineHead());
            return width;
        } catch (ModelException e) {
            // The model is loaded from a local copy named after its hash: name the configured file.
            throw new ConfigException("model.path " + config.model().path() + ": " + e.getMessage(), e);
        }
    }

    /** A few rows of standard-normal values (fixed seed) to probe the model with before the real rows. */
    private static FeatureBatch probeRows(FeatureLayout layout) {
        int rows = 4;
        Random random = new Random(PROBE_SEED);
        float[] values = new float[rows * layout.elementsPerRow()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return FeatureBatch.of(values, rows, layout.rowShape());
    }

    private void checkTargets(InputProfile profile, int width, Optional<String> targetColumn) {
        TargetSpec target = config.attribution().target();
        List<Integer> fixed = target instanceof TargetSpec.Index index ? List.of(index.index())
                : target instanceof TargetSpec.Several several ? several.indices() : List.of();
        for (int index : fixed) {
            if (index >= width) {
                throw new ConfigException("attribution.target names output " + index + " but the model has " + width
                        + " output(s) (valid indices 0.." + (width - 1) + ", 'all' or 'predicted')");
            }
        }
        if (targetColumn.isPresent()) {
            String name = targetColumn.get();
            if (profile.targetNulls() > 0) {
                throw new ConfigException("attribution.target column '" + name + "' is null in " + profile.targetNulls()
                        + " row(s); every row needs an output index");
            }
            if (profile.targetMin() < 0 || profile.targetMax() >= width) {
                throw new ConfigException("attribution.target column '" + name + "' holds values from " + profile.targetMin()
                        + " to " + profile.targetMax() + " but the model has " + width + " output(s) (valid 0.." + (width - 1) + ")");
            }
        }
    }

    private void checkInvalidRows(Dataset<Row> invalidRows, Column reason, InputProfile profile) {
        if (profile.invalidRows() == 0 || config.input().onInvalidRow() != InputConfig.InvalidRowPolicy.FAIL) {
            return;
        }
        List<Column> shown = new ArrayList<>();
        config.input().idColumns().forEach(id -> shown.add(col(RowValidity.quote(id))));
        shown.add(reason.as(OutputSchemas.REASON));
        Row first = invalidRows.select(shown.toArray(Column[]::new)).first();
        throw new ConfigException(profile.invalidRows() + " input row(s) have null, NaN or infinite features; the first "
                + (shown.size() > 1 ? "(" + describeIds(first) + ") " : "") + "has " + first.getString(first.length() - 1)
                + ". input.on-invalid-row = fail; set it to skip or quarantine to go on without them");
    }

    private String describeIds(Row row) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < config.input().idColumns().size(); i++) {
            parts.add(config.input().idColumns().get(i) + "=" + row.get(i));
        }
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------- work (output prepared)

    private RunSummary produce(String runId, OutputLocation output, Validated checked, double validationSeconds)
            throws Exception {
        long rejected = writeRejected(output, checked);
        long attributionStart = System.nanoTime();
        Attributed attributed = attribute(output, checked);
        double attributionSeconds = secondsSince(attributionStart);
        long statsStart = System.nanoTime();
        Statistics stats = statistics(output, checked, rejected, attributed);
        EmbeddingOutputs embeddings = embeddingOutputs(output, checked, attributed);
        double statsSeconds = secondsSince(statsStart);

        AuditTrail.Outcome audit = trail.evaluate(attributed.stats(), stats.features(), checked.layout().names(),
                checked.earlier(), stats.delta().rows(), stats.delta().overTolerance());
        audit = embeddings.withTokenDrift(trail, audit, checked.earlier(), stats.delta());
        if (audit.drift().isPresent()) {
            trail.writeDrift(output, audit.drift().get(), audit.checks());
        }
        RunSummary summary = new RunSummary(output.root(), checked.profile().rows(),
                stats.delta().rows() / checked.targets().perRow(), rejected,
                attributionSeconds, attributed.taskSeconds(), attributed.modelSeconds(), secondsSince(startNanos),
                stats.ranked().stream().limit(5).map(FeatureRecord::feature).toList(),
                stats.delta().meanAbs(), stats.delta().maxAbs(), config.attribution().deltaTolerance(),
                stats.delta().overTolerance(), audit.drift().map(d -> d.earlierRunId()), config.audit().topK(), audit.checks());
        Map<String, Double> seconds = timings(validationSeconds, attributionSeconds, statsSeconds, summary.totalSeconds());
        RunFacts facts = runFacts(runId, checked);
        output.writeText(OutputLocation.REPORT_HTML,
                HtmlReport.render(embeddings.addTo(reportModel(runInfo(facts, checked, summary, seconds), stats, attributed, audit),
                        attributed.sample())));
        trail.append(embeddings.addTo(historyRecord(facts, output, checked, summary, stats.delta(), audit.features())));
        fillReport(facts, checked, summary, attributed.executors(), stats.delta(), seconds, audit,
                stepsSummary(attributed.stats().steps()));
        output.writeText(OutputLocation.RUN_JSON, report.toJson());
        return summary;
    }

    /** The run's figures from the tasks' merged summaries: feature records, ranked, and the delta figures. */
    private record Statistics(List<FeatureRecord> features, List<FeatureRecord> ranked, ReportFacts.DeltaSummary delta) {}

    /** Writes feature_stats from the merged summaries and checks that every row was counted once. */
    private Statistics statistics(OutputLocation output, Validated checked, long rejected, Attributed attributed) {
        PartitionStats merged = attributed.stats();
        List<Row> rows = FeatureStats.rows(merged, checked.layout().names());
        spark.createDataFrame(rows, FeatureStats.SCHEMA).coalesce(1).write().parquet(output.child(OutputLocation.FEATURE_STATS));
        List<FeatureRecord> features = ReportFacts.featureRecords(rows);
        DeltaStats deltas = merged.delta();
        ReportFacts.DeltaSummary delta = new ReportFacts.DeltaSummary(deltas.rows(), deltas.meanAbs(), deltas.absQuantile(0.95),
                deltas.maxAbs(), deltas.overTolerance());
        int perRow = checked.targets().perRow();
        if (delta.rows() % perRow != 0 || delta.rows() / perRow + rejected != checked.profile().rows()) {
            throw new IllegalStateException("row count mismatch: " + checked.profile().rows() + " rows in, " + delta.rows()
                    + " attribution rows for " + perRow + " target(s) per row, " + rejected + " rejected");
        }
        return new Statistics(features, ReportFacts.allRows(features), delta);
    }

    /** token_stats/ and category_stats/ from the tasks' merged states, and the token table's figures in run.json. */
    private EmbeddingOutputs embeddingOutputs(OutputLocation output, Validated checked, Attributed attributed) {
        EmbeddingOutputs embeddings = EmbeddingOutputs.of(checked.layer(), attributed.stats());
        embeddings.write(spark, output);
        Map<String, Object> tokens = embeddings.runJsonSection();
        if (tokens != null) {
            report.put("token_stats", tokens);
            LOG.info("token_stats: {} tokens kept, error bound {}", tokens.get("tokens"), tokens.get("error_bound"));
        }
        return embeddings;
    }

    private ReportModel reportModel(ReportModel.RunInfo run, Statistics stats, Attributed attributed, AuditTrail.Outcome audit) {
        var auditConfig = config.audit();
        return new ReportModel(run, ReportFacts.importance(stats.ranked()), ReportFacts.perClass(stats.features()),
                ReportFacts.swarm(attributed.sample(), SAMPLE_ROWS, stats.ranked(), HtmlReport.SWARM_FEATURES, stats.delta().rows()),
                ReportFacts.images(config.input().shape().stream().mapToInt(Integer::intValue).toArray(), stats.features(),
                        attributed.sample(), HtmlReport.IMAGE_ROWS),
                ReportFacts.delta(attributed.stats().delta(), config.input().idColumns(), config.attribution().deltaTolerance(),
                        stats.delta()),
                auditConfig.compareWith().map(c -> c.describe()), auditConfig.compareOn().stream().map(k -> k.configName()).toList(),
                auditConfig.topK(), audit.drift(), audit.checks());
    }

    /** How many steps rows got: mean, min, p50, p95, max and rows per step count. */
    private static Map<String, Object> stepsSummary(StepCounts steps) {
        Map<String, Long> rowsBySteps = new java.util.TreeMap<>();
        steps.rowsBySteps().forEach((count, rows) -> rowsBySteps.put(Integer.toString(count), rows));
        return RunReport.section("mean", round(steps.mean()), "min", steps.min(), "p50", steps.quantile(0.5),
                "p95", steps.quantile(0.95), "max", steps.max(), "rows_by_steps", rowsBySteps);
    }

    private static Map<String, Double> timings(double validation, double attribution, double statistics, double total) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("validation", validation);
        seconds.put("attribution", attribution);
        seconds.put("statistics", statistics);
        seconds.put("total", total);
        return seconds;
    }

    /** The facts the three writers (report, history, run.json) share, made once. */
    private RunFacts runFacts(String runId, Validated checked) {
        RunFacts.Versions versions = new RunFacts.Versions(VERSION, spark.version(), Engine.getDjlVersion(),
                Engine.getEngine("PyTorch").getVersion(), System.getProperty("java.version"));
        return new RunFacts(runId, started, versions, methodName(), configuredSteps(), config.attribution().target().describe(),
                baselineDescription(checked), config.attribution().baseline().describe());
    }

    private ReportModel.RunInfo runInfo(RunFacts facts, Validated checked, RunSummary summary, Map<String, Double> seconds) {
        return new ReportModel.RunInfo(facts.runId(), facts.started(), config.model().path(), checked.modelSha256(),
                config.input().path(), facts.method(), facts.steps(), config.attribution().integration().multiplyByInputs(),
                facts.baseline(), facts.target(), summary.inputRows(), summary.attributedRows(), summary.rejectedRows(), seconds,
                summary.rowsPerSecond(), checked.tags().configHash(), checked.tags().tags(), facts.versions().forReport(),
                summary.outputPath());
    }

    private RunRecord historyRecord(RunFacts facts, OutputLocation output, Validated checked, RunSummary summary,
            ReportFacts.DeltaSummary delta, List<FeatureRecord> features) {
        return new RunRecord(facts.runId(), facts.started(), checked.tags(), output.root(), summary.inputRows(),
                summary.attributedRows(), summary.rejectedRows(), delta.meanAbs(), delta.p95Abs(), delta.maxAbs(),
                config.attribution().deltaTolerance(), delta.overTolerance(), summary.rowsPerSecond(), facts.method(), facts.steps(),
                facts.target(), facts.baselineSetting(), features);
    }

    private long writeRejected(OutputLocation output, Validated checked) {
        long invalid = checked.profile().invalidRows();
        if (invalid > 0 && config.input().onInvalidRow() == InputConfig.InvalidRowPolicy.QUARANTINE) {
            checked.input().filter(not(checked.valid())).withColumn(OutputSchemas.REASON, checked.invalidReason())
                    .write().parquet(output.child(OutputLocation.REJECTED));
        }
        if (invalid > 0) {
            LOG.info("{} invalid row(s): {}", invalid, config.input().onInvalidRow().name().toLowerCase());
        }
        return invalid;
    }

    /**
     * Attributes the valid rows on the executors and writes them; returns the executor reports and
     * the report's sample, whose features the tasks put in a hidden result column.
     */
    private Attributed attribute(OutputLocation output, Validated checked) {
        Dataset<Row> rows = modelInput(checked);
        int idCount = config.input().idColumns().size();
        StructType idSchema = new StructType(java.util.Arrays.copyOf(rows.schema().fields(), idCount));
        LongAccumulator rowsDone = spark.sparkContext().longAccumulator("ig-audit rows attributed");
        LongAccumulator taskTime = spark.sparkContext().longAccumulator("ig-audit task nanoseconds");
        LongAccumulator modelTime = spark.sparkContext().longAccumulator("ig-audit model nanoseconds");
        CollectionAccumulator<ExecutorReport> executorReports = spark.sparkContext().collectionAccumulator("ig-audit executors");
        StatsAccumulator statsSink = new StatsAccumulator();
        // Unnamed: Spark's UI shows named accumulators' values, and this one has a value only on the driver.
        spark.sparkContext().register(statsSink);
        var attribution = config.attribution();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LayerInputs.Checked layer = checked.layer();
        // Broadcast: with Expected Gradients the plan holds the background rows; the layer path has its own
        // options and baselines in its spec, and broadcasts the tokenizer and vocabulary.
        Broadcast<?> planBroadcast = layer != null ? context.broadcast(layer.text())
                : context.broadcast(new ExplainPlan(attribution.method(), attribution.integration(), attribution.adaptiveSteps(),
                        checked.baselines(), checked.background(), attribution.expectedGradients().samples(), attribution.noise(),
                        attribution.seed()));
        @SuppressWarnings("unchecked")
        PlanSource plan = layer != null ? null : new PlanSource.Broadcasted((Broadcast<ExplainPlan>) planBroadcast);
        PartitionSpec spec = new PartitionSpec(ModelFile.qualified(config.model().path(), hadoop), checked.modelSha256(), config.model().device(),
                config.model().threadsPerTask(),
                plan,
                checked.layout().rowShape(), idSchema, checked.layout().arrayColumn().isPresent(), checked.targets(),
                config.attribution().batchRows(), sampleFraction(checked), SAMPLE_SEED,
                spark.sessionState().conf().sessionLocalTimeZone(), hadoopSettings(), rowsDone, taskTime, modelTime,
                executorReports, statsSpec(checked), statsSink);

        CollectionAccumulator<SampleTap.SampledRow> sample = spark.sparkContext().collectionAccumulator("ig-audit sample");
        StructType attributedSchema = layer != null
                ? OutputSchemas.layerAttributionRowsWithSample(idSchema, layer.tokensOf() != null)
                : OutputSchemas.attributionRowsWithSample(idSchema);
        @SuppressWarnings("unchecked")
        FlatMapFunction<java.util.Iterator<InternalRow>, InternalRow> partition = layer != null
                ? new AttributeLayerPartition(new LayerPartitionSpec(spec, layer.planned().layout(), attribution.integration(),
                        layer.baselines(), (Broadcast<LayerPartitionSpec.TextResources>) planBroadcast, layer.tokensOf(),
                        layer.sampleTensors(), layer.embeddings()))
                : new AttributePartition(spec);
        RDD<InternalRow> attributed = SparkInternals.internalRows(rows).toJavaRDD()
                .mapPartitions(partition)
                .mapPartitions(new SampleTap(attributedSchema, idCount, attributedSchema.fieldIndex(OutputSchemas.REPORT_SAMPLE), sample)).rdd();
        Dataset<Row> frame = SparkInternals.dataFrame(spark, attributed, attributedSchema).drop(OutputSchemas.REPORT_SAMPLE)
                .withColumn(OutputSchemas.DELTA_OK, abs(col(OutputSchemas.DELTA)).leq(config.attribution().deltaTolerance()));
        if (config.output().featureColumns() && checked.layout().arrayColumn().isEmpty()) {
            List<String> names = checked.layout().names();
            for (int i = 0; i < names.size(); i++) {
                frame = frame.withColumn(OutputSchemas.featureColumn(names.get(i)), col(OutputSchemas.ATTRIBUTIONS).getItem(i));
            }
        }
        long toAttribute = checked.profile().rows() - checked.profile().invalidRows();
        try (ProgressListener progress = new ProgressListener(rowsDone.id(), toAttribute, config.progressInterval())) {
            spark.sparkContext().addSparkListener(progress);
            try {
                frame.write().options(OutputSchemas.attributionParquetOptions())
                        .parquet(output.child(OutputLocation.ATTRIBUTIONS));
            } finally {
                spark.sparkContext().removeSparkListener(progress);
                planBroadcast.destroy();
            }
        }
        PartitionStats merged = statsSink.value() != null ? statsSink.value() : new PartitionStats(0, statsSpec(checked));
        return new Attributed(executorReports.value(), sample.value(), taskTime.value() / 1e9, modelTime.value() / 1e9, merged,
                statsSink.partitions());
    }

    /**
     * What the tasks summarise: groups per target as feature_stats has them (one per class unless
     * the target is one index or a column), sketches sized for the number of groups, and the
     * earlier run's bin edges to count this run's rows in.
     */
    private StatsSpec statsSpec(Validated checked) {
        TargetSpec target = config.attribution().target();
        boolean perClass = !(target instanceof TargetSpec.Index || target instanceof TargetSpec.Column);
        PartitionSpec.TargetSource targets = checked.targets();
        long valid = checked.profile().rows() - checked.profile().invalidRows();
        int features = checked.layout().elementsPerRow();
        int classes = !perClass ? 0 : targets.kind() == PartitionSpec.TargetSource.Kind.SEVERAL ? targets.perRow() : checked.outputWidth();
        // With several targets every class has every valid row; a predicted class may be rare, so all its rows are sketched.
        double classRate = targets.kind() == PartitionSpec.TargetSource.Kind.SEVERAL ? StatsSpec.sketchRate(valid) : 1.0;
        return new StatsSpec(features, perClass, config.attribution().deltaTolerance(), StatsSpec.sketchK(features, 1 + classes),
                StatsSpec.sketchRate(valid * targets.perRow()), classRate,
                trail.earlierEdges(checked.earlier(), checked.layout().names(), features), ReportFacts.WORST_ROWS,
                DeltaHistograms.PER_DECADE);
    }

    /** The rows the executors read: ids, features as float (or array of float), the target index. */
    private Dataset<Row> modelInput(Validated checked) {
        List<Column> columns = new ArrayList<>();
        config.input().idColumns().forEach(id -> columns.add(col(RowValidity.quote(id))));
        List<Column> features = new ArrayList<>();
        if (checked.layer() != null) {
            features.addAll(checked.layer().planned().columns()); // the tensors, the text and the target, in order
        } else if (checked.layout().arrayColumn().isPresent()) {
            features.add(col(RowValidity.quote(checked.layout().arrayColumn().get())).cast("array<float>"));
        } else {
            checked.layout().names().forEach(name -> features.add(col(RowValidity.quote(name)).cast("float")));
        }
        columns.addAll(features);
        if (checked.layer() == null && config.attribution().target() instanceof TargetSpec.Column column) {
            columns.add(col(RowValidity.quote(column.name())).cast("int"));
        }
        Dataset<Row> rows = checked.input().filter(checked.valid()).select(columns.toArray(Column[]::new));
        int wanted = config.attribution().partitions();
        int current = rows.rdd().getNumPartitions();
        if (wanted > 0 && wanted != current) {
            return rows.repartition(wanted);
        }
        // Partitions that hold rows, not partitions: a Parquet file of one row group is read by one
        // task however many byte ranges it is split into.
        int parallelism = spark.sparkContext().defaultParallelism();
        return wanted == 0 && checked.profile().filledPartitions() < parallelism ? rows.repartition(parallelism) : rows;
    }

    /**
     * The share of rows sampled for the report: about {@link #SAMPLE_ROWS}, fewer for wide rows.
     * The tasks choose the rows by a hash of their values (the same rows on a retried task) and
     * carry their features in a hidden result column. Choosing them with a Spark expression
     * instead (an array of every feature per row) made the input stage's generated method too
     * large for the JIT: the attribution pass of 1M rows × 30 features took 22 s instead of 17 s.
     */
    private double sampleFraction(Validated checked) {
        long valid = checked.profile().rows() - checked.profile().invalidRows();
        // Each sampled row comes back once per target, with its features and attributions.
        long elementsPerRow = (long) checked.layout().elementsPerRow() * checked.targets().perRow();
        long wanted = Math.min(SAMPLE_ROWS, Math.max(1, SAMPLE_ELEMENTS / elementsPerRow));
        return Math.min(1.0, (double) wanted / Math.max(1, valid));
    }

    /** The targets as the tasks take them; {@code all} becomes every index of the model's {@code width} outputs. */
    private PartitionSpec.TargetSource targetSource(int width) {
        TargetSpec target = config.attribution().target();
        if (target instanceof TargetSpec.Index index) {
            return new PartitionSpec.TargetSource(PartitionSpec.TargetSource.Kind.FIXED, new int[] {index.index()});
        }
        if (target instanceof TargetSpec.Several several) {
            return new PartitionSpec.TargetSource(PartitionSpec.TargetSource.Kind.SEVERAL,
                    several.indices().stream().mapToInt(Integer::intValue).toArray());
        }
        if (target instanceof TargetSpec.All) {
            return new PartitionSpec.TargetSource(PartitionSpec.TargetSource.Kind.SEVERAL, IntStream.range(0, width).toArray());
        }
        return new PartitionSpec.TargetSource(target instanceof TargetSpec.Predicted
                ? PartitionSpec.TargetSource.Kind.PREDICTED : PartitionSpec.TargetSource.Kind.COLUMN, new int[0]);
    }

    /** The method as run.json, the report and the history name it. */
    private String methodName() {
        var attribution = config.attribution();
        String method = attribution.method() == Method.EXPECTED_GRADIENTS ? "expected_gradients"
                : attribution.integration().rule().configName();
        return attribution.noise() == null ? method
                : method + " + " + attribution.noise().type().configName() + " (" + attribution.noise().samples() + " noisy copies)";
    }

    /** Steps per row as configured: quadrature steps, or references per row for Expected Gradients. */
    private int configuredSteps() {
        var attribution = config.attribution();
        return attribution.method() == Method.EXPECTED_GRADIENTS ? attribution.expectedGradients().samples()
                : attribution.integration().steps();
    }

    /** The baseline as run.json and the report describe it; for Expected Gradients the background. */
    private static String baselineDescription(Validated checked) {
        if (checked.background() != null) {
            return "expected-gradients background of " + checked.background().rows() + " row(s)";
        }
        if (checked.layer() != null) {
            return checked.layer().baselines().description();
        }
        return checked.baselines().description();
    }

    private Map<String, String> hadoopSettings() {
        Map<String, String> settings = new HashMap<>();
        hadoop.forEach(entry -> settings.put(entry.getKey(), entry.getValue()));
        return settings;
    }

    // ---------------------------------------------------------------- report

    private void fillReport(RunFacts facts, Validated checked, RunSummary summary, List<ExecutorReport> executors, ReportFacts.DeltaSummary delta,
            Map<String, Double> seconds, AuditTrail.Outcome audit, Map<String, Object> stepsUsed) {
        report.put("finished", Instant.now().toString())
                .put("status", "complete")
                .put("config", config.resolved())
                .put("input", RunReport.section("path", config.input().path(), "format", config.input().format(),
                        "id_columns", config.input().idColumns(), "features", checked.layout().names(),
                        "row_shape", checked.layout().rowShape(), "on_invalid_row", config.input().onInvalidRow().name().toLowerCase()))
                .put("model", RunReport.section("path", config.model().path(), "sha256", checked.modelSha256(),
                        "device", config.model().device().toString(), "output_width", checked.outputWidth(),
                        "threads_per_task", config.model().threadsPerTask()))
                .put("attribution", attributionSection(checked, stepsUsed))
                .put("versions", facts.versions().forRunJson())
                .put("executors", executorSection(executors))
                .put("counts", RunReport.section("input_rows", summary.inputRows(), "attributed_rows", summary.attributedRows(),
                        "rejected_rows", summary.rejectedRows()))
                .put("delta", RunReport.section("mean_abs", delta.meanAbs(), "p95_abs", delta.p95Abs(),
                        "max_abs", delta.maxAbs(), "tolerance", config.attribution().deltaTolerance(),
                        "rows_over_tolerance", delta.overTolerance(),
                        "share_over_tolerance", delta.rows() == 0 ? 0.0 : (double) delta.overTolerance() / delta.rows()))
                .put("timings_seconds", RunReport.section("validation", round(seconds.get("validation")),
                        "attribution", round(summary.attributionSeconds()),
                        "attribution_tasks", round(summary.taskSeconds()), "attribution_tasks_in_model", round(summary.modelSeconds()),
                        "statistics", round(seconds.get("statistics")),
                        "total", round(summary.totalSeconds())))
                .put("rows_per_second", round(summary.rowsPerSecond()))
                .put("top_features", summary.topFeatures())
                .put("audit", auditSection(checked, summary, audit));
    }

    /** run.json's attribution section: the method and everything that shaped its results. */
    private Map<String, Object> attributionSection(Validated checked, Map<String, Object> stepsUsed) {
        var attribution = config.attribution();
        var integration = attribution.integration();
        boolean expectedGradients = attribution.method() == Method.EXPECTED_GRADIENTS;
        FixedBaselines fixed = checked.baselines() instanceof FixedBaselines f ? f : null;
        return RunReport.section("method", expectedGradients ? "expected_gradients" : integration.rule().configName(),
                "steps", expectedGradients ? null : attribution.adaptiveSteps() == null ? (Object) integration.steps() : "auto",
                "samples", expectedGradients ? attribution.expectedGradients().samples() : null,
                "background", expectedGradients ? RunReport.section("rows", checked.background().rows(),
                        "source", attribution.expectedGradients().backgroundPath()
                                .orElse("input sample (smallest hash of features and seed)")) : null,
                "steps_used", stepsUsed,
                "multiply_by_inputs", expectedGradients || integration.multiplyByInputs(),
                "target", attribution.target().describe(), "targets_per_row", checked.targets().perRow(),
                "baseline", expectedGradients ? null : baselineDescription(checked),
                "baseline_rows", fixed == null ? null : fixed.rows(),
                "baseline_values", fixed != null && fixed.rows() == 1 ? fixed.values() : null,
                "noise", attribution.noise() == null ? null : RunReport.section("samples", attribution.noise().samples(),
                        "stdev", attribution.noise().stdev(), "type", attribution.noise().type().configName()),
                "seed", attribution.seed(),
                "batch_rows", attribution.batchRows(), "max_elements_per_pass", integration.maxElementsPerPass());
    }

    /** run.json's audit section: tags, history, the comparison and the checks. */
    private Map<String, Object> auditSection(Validated checked, RunSummary summary, AuditTrail.Outcome audit) {
        var auditConfig = config.audit();
        return RunReport.section(
                "config_hash", checked.tags().configHash(),
                "tags", checked.tags().tags(),
                "history_path", auditConfig.historyPath().orElse(null),
                "compare_with", auditConfig.compareWith().map(c -> c.describe()).orElse(null),
                "compared_with_run_id", summary.comparedWith().orElse(null),
                "top_k_overlap", audit.drift().map(d -> (Object) d.topKOverlap()).orElse(null),
                "checks", AuditTrail.checksSection(audit.checks()),
                "checks_failed", summary.checksFailed());
    }

    /** One entry per executor JVM (executor id and pid): the reports of its tasks, folded. */
    private static List<Map<String, Object>> executorSection(List<ExecutorReport> reports) {
        Map<List<String>, Map<String, Object>> byExecutor = new LinkedHashMap<>();
        for (ExecutorReport task : reports) {
            Map<String, Object> entry = byExecutor.computeIfAbsent(List.of(task.executorId(), task.pid()), key -> RunReport.section(
                    "executor_id", task.executorId(), "host", task.host(), "pid", task.pid(), "device", task.device(),
                    "models_loaded", 0, "tasks", 0));
            entry.put("models_loaded", Math.max((Integer) entry.get("models_loaded"), task.modelsLoaded()));
            entry.put("tasks", (Integer) entry.get("tasks") + 1);
        }
        return new ArrayList<>(byExecutor.values());
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    /** For messages: the outermost {@link ModelException} or {@link ConfigException}, or the first line of the error. */
    public static String describeFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ModelException || t instanceof ConfigException) {
                return t.getMessage();
            }
        }
        return Messages.firstLine(error);
    }

    /**
     * True when a failure is the configuration's or the input's: a {@link ConfigException}, or a
     * model error that the configuration causes, thrown on the driver or by a task on an executor.
     */
    public static boolean isBadInput(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConfigException || t instanceof ModelException m && m.isConfigurationProblem()) {
                return true;
            }
        }
        return false;
    }
}
