package io.igaudit.pipeline;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.igaudit.config.ImagesConfig;
import io.igaudit.config.InputConfig;
import io.igaudit.config.JobConfig;
import io.igaudit.io.FiniteFeatures;
import io.igaudit.io.InputReader;
import io.igaudit.io.ModelFile;
import io.igaudit.io.OutputLocation;
import io.igaudit.io.OutputSchemas;
import io.igaudit.io.RowValidity;
import io.igaudit.io.SparkInternals;
import io.igaudit.partition.PartitionSpec;
import io.igaudit.report.DeltaHistograms;
import io.igaudit.stats.PartitionStats;
import io.igaudit.stats.RowSample;
import io.igaudit.stats.StatsAccumulator;
import io.igaudit.stats.StatsSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second stage, once the output is prepared: quarantine the invalid rows, attribute every
 * valid row on the executors and write the attributions. The tasks keep the run's statistics and
 * the report's sample of rows as mergeable states on the way, so nothing reads the written rows
 * again.
 */
final class AttributionPass {

    private static final Logger LOG = LoggerFactory.getLogger(AttributionPass.class);
    /** Most input rows in the report's sample. */
    static final int SAMPLE_ROWS = 2_000;
    /** Most feature values in the sample (rows × targets × features), which bounds its memory for wide inputs. */
    static final long SAMPLE_ELEMENTS = 4_000_000;
    private static final long SAMPLE_SEED = 20_170_306L;
    /** The tasks admit about this many times the sample's rows, in all, to choose the sample from. */
    private static final double SAMPLE_HEADROOM = 4;

    private final SparkSession spark;
    private final JobConfig config;
    private final Configuration hadoop;
    private final AuditTrail trail;

    AttributionPass(SparkSession spark, JobConfig config, AuditTrail trail) {
        this.spark = spark;
        this.config = config;
        this.hadoop = spark.sparkContext().hadoopConfiguration();
        this.trail = trail;
    }

    /** Writes rejected/ (when quarantined) and attributions/; what the tasks reported. */
    Attributed run(OutputLocation output, CheckedInput checked) {
        long rejected = writeRejected(output, checked);
        long start = System.nanoTime();
        Tasks tasks = attribute(output, checked);
        double seconds = (System.nanoTime() - start) / 1e9;
        PartitionStats merged = tasks.stats().value() != null ? tasks.stats().value() : new PartitionStats(0, statsSpec(checked));
        PartitionSpec.TaskCounters counters = tasks.counters();
        return new Attributed(rejected, seconds, counters.executorReports().value(), merged.sample().rows(),
                counters.taskTime().value() / 1e9, counters.modelTime().value() / 1e9, merged, tasks.stats().partitions());
    }

    private long writeRejected(OutputLocation output, CheckedInput checked) {
        long invalid = checked.profile().invalidRows();
        if (invalid > 0 && config.input().onInvalidRow() == InputConfig.InvalidRowPolicy.QUARANTINE) {
            // The input's own columns and the reason; an image file's pixels are null when it is rejected.
            Dataset<Row> invalidRows = checked.input().filter(not(checked.valid()));
            List<Column> kept = new ArrayList<>();
            InputReader.visibleColumns(invalidRows).stream()
                    .filter(name -> !(config.input().decodesImages() && name.equals(ImagesConfig.PIXELS)))
                    .forEach(name -> kept.add(col(RowValidity.quote(name))));
            kept.add(checked.invalidReason().as(OutputSchemas.REASON));
            invalidRows.select(kept.toArray(Column[]::new)).write().parquet(output.child(OutputLocation.REJECTED));
        }
        if (invalid > 0) {
            LOG.info("{} invalid row(s): {}", invalid, config.input().onInvalidRow().name().toLowerCase());
        }
        return invalid;
    }

    /** What the tasks add to as they go. */
    private record Tasks(PartitionSpec.TaskCounters counters, StatsAccumulator stats) {}

    private Tasks accumulators() {
        var context = spark.sparkContext();
        StatsAccumulator stats = new StatsAccumulator();
        // Unnamed: Spark's UI shows named accumulators' values, and this one has a value only on the driver.
        context.register(stats);
        return new Tasks(new PartitionSpec.TaskCounters(context.longAccumulator("ig-audit rows attributed"),
                context.longAccumulator("ig-audit task nanoseconds"), context.longAccumulator("ig-audit model nanoseconds"),
                context.collectionAccumulator("ig-audit executors")), stats);
    }

    /** Attributes the valid rows on the executors and writes them. */
    private Tasks attribute(OutputLocation output, CheckedInput checked) {
        Dataset<Row> rows = selected(checked);
        StructType idSchema = idSchema(rows.schema());
        Tasks tasks = accumulators();
        PartitionSpec common = new PartitionSpec(
                new PartitionSpec.TaskModel(ModelFile.qualified(config.model().path(), hadoop), checked.modelSha256(),
                        config.model().device(), config.model().threadsPerTask(), hadoopSettings()),
                new PartitionSpec.TaskRows(idSchema, checked.targets().source(), config.attribution().batchRows(),
                        spark.sessionState().conf().sessionLocalTimeZone()),
                tasks.counters(), statsSpec(checked), tasks.stats(), SAMPLE_SEED);
        ModelInput.Tasks partition = checked.modelInput().tasks(JavaSparkContext.fromSparkContext(spark.sparkContext()), common);
        StructType attributedSchema = checked.modelInput().attributedSchema(idSchema);
        JavaRDD<InternalRow> input = taskRows(checked, rows);
        Optional<FiniteFeatures> check = checkedInTasks(checked);
        RDD<InternalRow> attributed = (check.isPresent() ? input.filter(check.get()) : input)
                .mapPartitions(partition.function()).rdd();
        Dataset<Row> frame = withOutputColumns(SparkInternals.dataFrame(spark, attributed, attributedSchema), checked);
        try (ProgressListener progress = new ProgressListener(tasks.counters().rowsDone().id(), checked.validRows(),
                config.progressInterval())) {
            spark.sparkContext().addSparkListener(progress);
            try {
                frame.write().options(OutputSchemas.attributionParquetOptions())
                        .parquet(output.child(OutputLocation.ATTRIBUTIONS));
            } finally {
                spark.sparkContext().removeSparkListener(progress);
                partition.broadcast().destroy();
            }
        }
        return tasks;
    }

    /**
     * What the tasks summarise: groups per target as feature_stats has them (one per class unless
     * the target is one index or a column), sketches sized for the number of groups, and the
     * earlier run's bin edges to count this run's rows in.
     */
    private StatsSpec statsSpec(CheckedInput checked) {
        Targets targets = checked.targets();
        long valid = checked.validRows();
        int features = checked.layout().elementsPerRow();
        int classes = !targets.perClass() ? 0 : targets.several() ? targets.perRow() : checked.outputWidth();
        // With several targets every class has every valid row; a predicted class may be rare, so all its rows are sketched.
        double classRate = targets.several() ? StatsSpec.sketchRate(valid) : 1.0;
        return new StatsSpec(features, targets.perClass(), config.attribution().deltaTolerance(),
                StatsSpec.sketchK(features, 1 + classes), StatsSpec.sketchRate(valid * targets.perRow()), classRate,
                trail.earlierEdges(checked.earlier(), checked.layout().names(), features), ReportFacts.WORST_ROWS,
                DeltaHistograms.PER_DECADE, sampleRows(checked),
                RowSample.keyLimit(sampleRows(checked), valid, SAMPLE_HEADROOM), trail.keepsHistory(),
                new StatsSpec.Slices(checked.slices().names().size(), checked.slices().perRow()));
    }

    /** The rows the executors read: the ids, then the input kind's columns. */
    /** The columns of attributions/ (and of output.table-prefix's attributions table), known before any work. */
    StructType attributionsSchema(CheckedInput checked) {
        StructType attributedSchema = checked.modelInput().attributedSchema(idSchema(selected(checked).schema()));
        return withOutputColumns(spark.createDataFrame(List.of(), attributedSchema), checked).schema();
    }

    /** delta_ok, and with output.feature-columns one attr_ column per named feature. */
    private Dataset<Row> withOutputColumns(Dataset<Row> attributed, CheckedInput checked) {
        Dataset<Row> frame = attributed.withColumn(OutputSchemas.DELTA_OK,
                abs(col(OutputSchemas.DELTA)).leq(config.attribution().deltaTolerance()));
        if (config.output().featureColumns() && checked.layout().arrayColumn().isEmpty()) {
            List<String> names = checked.layout().names();
            for (int i = 0; i < names.size(); i++) {
                frame = frame.withColumn(OutputSchemas.featureColumn(names.get(i)), col(OutputSchemas.ATTRIBUTIONS).getItem(i));
            }
        }
        return frame;
    }

    /** The id columns' part of the tasks' input rows. */
    private StructType idSchema(StructType rows) {
        return new StructType(java.util.Arrays.copyOf(rows.fields(), config.input().idColumns().size()));
    }

    /** The valid rows, with the id columns, the model's input columns and, with audit.slices, the rows' slices last. */
    private Dataset<Row> selected(CheckedInput checked) {
        List<Column> columns = new ArrayList<>();
        config.input().idColumns().forEach(id -> columns.add(col(RowValidity.quote(id))));
        columns.addAll(checked.modelInput().columns());
        checked.slices().column().ifPresent(columns::add);
        Dataset<Row> rows = checkedInTasks(checked).isPresent() ? checked.input() : checked.input().filter(checked.valid());
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * When the scan found no invalid row and the model takes float features, the tasks check each row
     * in Java as they read it (and stop on an invalid one) instead of Spark filtering the rows by an
     * expression over every feature column, which it would plan and compile for each query.
     */
    private Optional<FiniteFeatures> checkedInTasks(CheckedInput checked) {
        if (checked.profile().invalidRows() > 0 || !(checked.modelInput() instanceof ModelInput.Plain plain)) {
            return Optional.empty();
        }
        boolean oneArray = plain.packed() || plain.layout().arrayColumn().isPresent();
        return Optional.of(new FiniteFeatures(config.input().idColumns().size(), oneArray ? 0 : plain.layout().elementsPerRow()));
    }

    /**
     * The valid rows as the tasks read them: in attribution.partitions partitions when set, else
     * shuffled over the task slots when fewer input partitions hold rows (a Parquet file of one row
     * group is read by one task however many byte ranges it is split into).
     */
    private JavaRDD<InternalRow> taskRows(CheckedInput checked, Dataset<Row> rows) {
        JavaRDD<InternalRow> internal = SparkInternals.internalRows(rows).toJavaRDD();
        int wanted = config.attribution().partitions();
        if (wanted > 0) {
            return wanted == internal.getNumPartitions() ? internal : SparkInternals.internalRows(rows.repartition(wanted)).toJavaRDD();
        }
        int parallelism = spark.sparkContext().defaultParallelism();
        return checked.profile().filledPartitions() < parallelism
                ? SparkInternals.internalRows(rows.repartition(parallelism)).toJavaRDD() : internal;
    }

    /** Input rows in the report's sample: {@link #SAMPLE_ROWS}, fewer for wide rows. */
    private static int sampleRows(CheckedInput checked) {
        // Each sampled row comes back once per target, with its features and attributions.
        long elementsPerRow = (long) checked.layout().elementsPerRow() * checked.targets().perRow();
        return (int) Math.min(SAMPLE_ROWS, Math.max(1, SAMPLE_ELEMENTS / elementsPerRow));
    }

    private Map<String, String> hadoopSettings() {
        Map<String, String> settings = new HashMap<>();
        hadoop.forEach(entry -> settings.put(entry.getKey(), entry.getValue()));
        return settings;
    }
}
