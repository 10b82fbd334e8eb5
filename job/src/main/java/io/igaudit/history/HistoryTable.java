package io.igaudit.history;

import static org.apache.spark.sql.functions.col;

import io.igaudit.config.AuditConfig.MatchKey;
import io.igaudit.config.AuditConfig;
import io.igaudit.config.ConfigException;
import io.igaudit.config.HistoryLocation;
import io.igaudit.io.IcebergTables;
import io.igaudit.io.Messages;
import io.igaudit.io.RecordRows;
import io.igaudit.io.StatsTables;
import io.igaudit.io.TableSnapshots;
import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.SliceSummary;
import io.igaudit.stats.TokenRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit history: a table with one row per run, keyed by run time and tags, holding run-level
 * metrics and every feature's statistics (an array of structs). In a folder of its own
 * ({@code audit.history-path}), each run appends its row after its own output is written, as a
 * Parquet file of its own ({@link #append}), so runs may append to one table at the same time. As
 * the Iceberg table {@code <output.table-prefix>_history}, the row is appended with the run's
 * other tables ({@link io.igaudit.io.OutputTables}); this class reads it.
 */
public final class HistoryTable {

    /** Version of the row layout, stored with every row. */
    public static final int SCHEMA_VERSION = 4;

    private static final ArrayType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);

    /**
     * One feature's statistics: the columns of feature_stats but a sample's confidence interval (read
     * back as none), every figure a double that may be null, then its bins.
     */
    static final RecordRows<FeatureRow> FEATURE_STATS = RecordRows.of(FeatureRow.class)
            .without(StatsTables.CI_LOW, StatsTables.CI_HIGH).nullable("target", "mean", "mean_abs",
            "std", "min", "max", "p05", "p25", "p50", "p75", "p95", "positive_share", "share_of_total_abs");

    /** One feature with its bins. */
    static final StructType FEATURE = FEATURE_STATS.schema()
            .add("bin_edges", DOUBLES, false)
            .add("bin_shares", DOUBLES, false)
            // Version 3: the input values' bins (a model explained at its input); null before and otherwise.
            .add("input_bin_edges", DOUBLES, true)
            .add("input_bin_shares", DOUBLES, true);

    /** One token of a run's token table (its all-rows group), as token_stats has it but the target and interval. */
    static final RecordRows<TokenRow> TOKENS = RecordRows.of(TokenRow.class).without("target", StatsTables.CI_LOW, StatsTables.CI_HIGH)
            .nullable("mean", "mean_abs", "std", "positive_share", "total_abs");

    /** One token. */
    static final StructType TOKEN = TOKENS.schema();

    /** One failed threshold. */
    static final RecordRows<Violation> VIOLATIONS = RecordRows.of(Violation.class).nullable("subject", "comparison",
            "compared_with_run_id", "slice");

    /** One category's share of a run's rows. */
    static final RecordRows<CategoryShift.Share> CATEGORIES = RecordRows.of(CategoryShift.Share.class);

    /** One slice (audit.slices) with its features' statistics. */
    static final StructType SLICE = new StructType()
            .add("slice", DataTypes.StringType, false)
            .add("rows", DataTypes.LongType, false)
            .add("mean_abs_delta", DataTypes.DoubleType, true)
            .add("rows_over_tolerance", DataTypes.LongType, false)
            .add("mean_prediction", DataTypes.DoubleType, true)
            .add("features", DataTypes.createArrayType(FEATURE_STATS.schema(), false), false);

    /** One run. */
    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("run_time", DataTypes.TimestampType, false)
            .add("model_sha256", DataTypes.StringType, false)
            .add("dataset", DataTypes.StringType, false)
            .add("config_hash", DataTypes.StringType, false)
            .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false)
            .add("output_path", DataTypes.StringType, false)
            .add("input_rows", DataTypes.LongType, false)
            .add("attributed_rows", DataTypes.LongType, false)
            .add("rejected_rows", DataTypes.LongType, false)
            .add("delta_mean_abs", DataTypes.DoubleType, false)
            .add("delta_p95_abs", DataTypes.DoubleType, false)
            .add("delta_max_abs", DataTypes.DoubleType, false)
            .add("delta_tolerance", DataTypes.DoubleType, false)
            .add("rows_over_tolerance", DataTypes.LongType, false)
            .add("share_over_tolerance", DataTypes.DoubleType, false)
            .add("rows_per_second", DataTypes.DoubleType, false)
            .add("method", DataTypes.StringType, false)
            .add("steps", DataTypes.IntegerType, false)
            .add("target", DataTypes.StringType, false)
            .add("baseline", DataTypes.StringType, false)
            .add("features", DataTypes.createArrayType(FEATURE, false), false)
            .add("schema_version", DataTypes.IntegerType, false)
            // Version 2: null in the rows of version 1 and of models without a token table.
            .add("tokens", DataTypes.createArrayType(TOKEN, false), true)
            // Version 3: the Iceberg snapshot of input.table read up to; null before, and for other inputs.
            .add("input_snapshot_id", DataTypes.LongType, true)
            // Version 3: the failed thresholds, as violations.json; null before.
            .add("violations", DataTypes.createArrayType(VIOLATIONS.schema(), false), true)
            // Version 3: the predictions' decile edges and the run's shares in them; null before.
            .add("prediction_bin_edges", DOUBLES, true)
            .add("prediction_bin_shares", DOUBLES, true)
            // Version 4: the slices of audit.slices; null before and without slices.
            .add("slices", DataTypes.createArrayType(SLICE, false), true)
            // Version 4: every category's share of the rows per categorical column; null before and without.
            .add("categories", DataTypes.createArrayType(CATEGORIES.schema(), false), true);

    /** Start of the name of a run's staging folder under the table ("_": readers skip it). */
    static final String STAGING_PREFIX = "_staging-";

    private static final Logger LOG = LoggerFactory.getLogger(HistoryTable.class);

    private final SparkSession spark;
    private final HistoryLocation location;

    /** The history at its configured location. */
    public HistoryTable(SparkSession spark, HistoryLocation location) {
        this.spark = spark;
        this.location = location;
    }

    /**
     * Checks the location before any work: not inside the output folder (overwrite would delete it)
     * and, if it exists, a folder.
     */
    public void check(String outputPath) {
        if (!(location instanceof HistoryLocation.Folder folder)) {
            return; // a catalog table: nothing of it lies in the output folder
        }
        String path = folder.path();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        try {
            Path history = new Path(path);
            FileSystem fs = history.getFileSystem(hadoop);
            Path qualified = fs.makeQualified(history);
            Path output = new Path(outputPath);
            Path outputQualified = output.getFileSystem(hadoop).makeQualified(output);
            for (Path p = qualified; p != null; p = p.getParent()) {
                if (p.equals(outputQualified)) {
                    throw new ConfigException("audit.history-path " + path + " lies inside output.path " + outputPath
                            + ", which each run replaces; keep the history elsewhere");
                }
            }
            if (fs.exists(history) && !fs.getFileStatus(history).isDirectory()) {
                throw new ConfigException("audit.history-path " + path + " is a file; it must be a folder (a Parquet table)");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("audit.history-path " + path + " cannot be reached: " + Messages.firstLine(e), e);
        }
    }

    /**
     * The run to compare with: the latest run that matches {@code tags} on the configured keys
     * (previous), or the run with the given id.
     *
     * @throws ConfigException if a run id is given and the table does not hold it, or the table cannot be read
     */
    public Optional<RunRecord> find(AuditConfig.CompareWith which, RunTags tags, List<MatchKey> compareOn) {
        Optional<Dataset<Row>> table = read();
        if (which instanceof AuditConfig.CompareWith.RunId id) {
            List<Row> rows = table.map(t -> t.filter(col("run_id").equalTo(id.id())).collectAsList()).orElse(List.of());
            if (rows.isEmpty()) {
                throw new ConfigException("audit.compare-with names run " + id.id() + ", which " + location.describe()
                        + " does not hold" + table.map(t -> " (latest runs: " + latestIds(t) + ")").orElse(" (no history yet)")
                        + "; use a run_id from an earlier run.json, or previous");
            }
            return Optional.of(fromRow(rows.get(0)));
        }
        if (table.isEmpty()) {
            return Optional.empty();
        }
        return latest(table.get(), tags, compareOn).map(runId -> fromRow(table.get().filter(col("run_id").equalTo(runId)).first()));
    }

    /**
     * The reference run: the run with the id, or the latest run whose user tags have the value.
     *
     * @throws ConfigException if the history holds no such run, naming the latest runs it holds
     */
    public RunRecord findReference(AuditConfig.Reference reference) {
        Optional<Dataset<Row>> table = read();
        Optional<String> runId = table.flatMap(t -> {
            if (reference.tag().isEmpty()) {
                return t.filter(col("run_id").equalTo(reference.text())).isEmpty() ? Optional.empty() : Optional.of(reference.text());
            }
            Map.Entry<String, String> tag = reference.tag().get();
            return t.select("run_id", "run_time", "tags").collectAsList().stream()
                    .filter(row -> tag.getValue().equals(row.<String, String>getJavaMap(2).get(tag.getKey())))
                    .max(Comparator.comparing(row -> instant(row.get(1))))
                    .map(row -> row.getString(0));
        });
        if (runId.isEmpty()) {
            throw new ConfigException("audit.reference = " + reference.text() + ": " + location.describe() + " holds no "
                    + (reference.tag().isPresent() ? "run tagged so" : "such run")
                    + table.map(t -> " (latest runs: " + latestIds(t) + ")").orElse(" (no history yet)")
                    + "; give a run_id from an earlier run.json, or KEY=VALUE of a run's audit.tags");
        }
        return fromRow(table.get().filter(col("run_id").equalTo(runId.get())).first());
    }

    /**
     * The snapshot of the input table that the last audit of the same table read up to: the
     * latest run that matches {@code tags} on the dataset and the configured keys, if it recorded one.
     */
    public Optional<TableSnapshots.LastRead> lastSnapshotRead(RunTags tags, List<MatchKey> compareOn) {
        Optional<Dataset<Row>> table = read();
        if (table.isEmpty()) {
            return Optional.empty();
        }
        List<MatchKey> keys = new ArrayList<>(compareOn);
        if (!keys.contains(MatchKey.DATASET)) {
            keys.add(MatchKey.DATASET);
        }
        return latest(table.get(), tags, keys).flatMap(runId -> {
            Row row = table.get().filter(col("run_id").equalTo(runId)).select("run_id", "run_time", "input_snapshot_id").first();
            return row.isNullAt(2) ? Optional.empty()
                    : Optional.of(new TableSnapshots.LastRead(row.getString(0), instant(row.get(1)), row.getLong(2)));
        });
    }

    /** The id of the latest run that matches {@code tags} on the keys. */
    private static Optional<String> latest(Dataset<Row> table, RunTags tags, List<MatchKey> keys) {
        List<Row> rows = table.select("run_id", "run_time", "model_sha256", "dataset", "config_hash", "tags").collectAsList();
        return rows.stream()
                .filter(row -> tagsOf(row).matches(tags, keys))
                .max(Comparator.comparing(row -> instant(row.get(1))))
                .map(row -> row.getString(0));
    }

    /**
     * Appends one run's row as a file of its own: Spark writes the row into a staging folder of the
     * run under the table (named {@code _staging-…}, which readers skip, as they skip every name
     * starting with {@code _} or {@code .}), and its one part file is then renamed into the table
     * as {@code run-<run_id>.<codec>.parquet}. Readers see the whole row or none of it: the file
     * appears by one rename, atomic on local disks and HDFS (on S3 a copy, whose object appears
     * whole). Runs appending at the same time each use their own staging folder; Spark's committer
     * appending straight into the table would share one {@code _temporary} folder, which the first
     * job to finish deletes, losing the other's row.
     *
     * @throws IllegalStateException if the table already holds a file of this run
     */
    public void append(RunRecord run) {
        if (!(location instanceof HistoryLocation.Folder folder)) {
            throw new IllegalStateException(location.describe() + " is appended to with the run's other tables");
        }
        String path = folder.path();
        Path table = new Path(path);
        String runName = run.runId().replaceAll("[^A-Za-z0-9_-]", "_");
        Path staging = new Path(table, STAGING_PREFIX + runName + "-" + UUID.randomUUID());
        FileSystem fs;
        try {
            fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("audit.history-path " + path + " cannot be reached", e);
        }
        try {
            spark.createDataFrame(List.of(toRow(run)), SCHEMA).coalesce(1).write().parquet(staging.toString());
            FileStatus[] parts = fs.listStatus(staging, p -> p.getName().startsWith("part-"));
            if (parts.length != 1) {
                throw new IllegalStateException("the history row of run " + run.runId() + " was written as " + parts.length
                        + " part files in " + staging + "; expected one");
            }
            String name = parts[0].getPath().getName();
            Path target = new Path(table, "run-" + runName + name.substring(name.indexOf('.')));
            if (fs.exists(target)) {
                throw new IllegalStateException("audit.history-path " + path + " already holds run " + run.runId() + " (" + target + ")");
            }
            if (!fs.rename(parts[0].getPath(), target)) {
                throw new IllegalStateException("could not move the history row of run " + run.runId() + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append run " + run.runId() + " to audit.history-path " + path, e);
        } finally {
            try {
                fs.delete(staging, true);
            } catch (IOException e) {
                LOG.warn("could not remove the staging folder {} (readers skip it): {}", staging, Messages.firstLine(e));
            }
        }
    }

    /** Every run in the table, oldest first (for tests and tools). */
    public List<RunRecord> all() {
        return read().map(t -> t.collectAsList().stream().map(HistoryTable::fromRow)
                .sorted(Comparator.comparing(RunRecord::runTime)).toList()).orElse(List.of());
    }

    /** The run's row as a one-row frame of {@link #SCHEMA}. */
    public static Dataset<Row> frame(SparkSession spark, RunRecord run) {
        return spark.createDataFrame(List.of(toRow(run)), SCHEMA);
    }

    /** The table, or empty when it does not exist yet. */
    private Optional<Dataset<Row>> read() {
        if (location instanceof HistoryLocation.Table table) {
            try {
                List<String> name = IcebergTables.qualified(spark, table.name());
                return IcebergTables.load(spark, name).map(t -> spark.table(String.join(".", IcebergTables.quoted(name)))
                        .select(Arrays.stream(SCHEMA.fieldNames()).map(f -> col(f)).toArray(Column[]::new)));
            } catch (RuntimeException e) {
                throw new ConfigException(location.describe() + " cannot be read as the audit history: " + Messages.firstLine(e), e);
            }
        }
        String path = ((HistoryLocation.Folder) location).path();
        try {
            Path history = new Path(path);
            FileSystem fs = history.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(history) || fs.listStatus(history).length == 0) {
                return Optional.empty();
            }
            return Optional.of(spark.read().schema(SCHEMA).parquet(path));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(location.describe() + " cannot be read as the audit history: "
                    + Messages.firstLine(e), e);
        }
    }

    private static String latestIds(Dataset<Row> table) {
        List<String> ids = new ArrayList<>();
        table.select("run_id", "run_time").orderBy(col("run_time").desc()).limit(3).collectAsList()
                .forEach(row -> ids.add(row.getString(0)));
        return String.join(", ", ids);
    }

    private static RunTags tagsOf(Row row) {
        Map<String, String> tags = row.getJavaMap(row.fieldIndex("tags"));
        return new RunTags(row.getAs("model_sha256"), row.getAs("dataset"), row.getAs("config_hash"), tags);
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    }

    static Row toRow(RunRecord run) {
        List<Row> features = new ArrayList<>();
        for (FeatureRecord f : run.features()) {
            List<Object> values = new ArrayList<>(Arrays.asList(FEATURE_STATS.values(f.stats())));
            values.add(boxed(f.bins().edges()));
            values.add(boxed(f.bins().shares()));
            values.add(f.inputBins().isEmpty() ? null : boxed(f.inputBins().edges()));
            values.add(f.inputBins().isEmpty() ? null : boxed(f.inputBins().shares()));
            features.add(RowFactory.create(values.toArray()));
        }
        List<Row> tokens = TOKENS.rows(run.tokens());
        RunTags tags = run.tags();
        RunRecord.Delta delta = run.delta();
        RunRecord.Settings settings = run.settings();
        return RowFactory.create(run.runId(), Timestamp.from(run.runTime()), tags.modelSha256(), tags.dataset(),
                tags.configHash(), tags.tags(), run.outputPath(), run.rows().input(), run.rows().attributed(), run.rows().rejected(),
                delta.meanAbs(), delta.p95Abs(), delta.maxAbs(), delta.tolerance(), delta.rowsOverTolerance(),
                run.shareOverTolerance(), run.rowsPerSecond(), settings.method(), settings.steps(), settings.target(),
                settings.baseline(), features, SCHEMA_VERSION, tokens.isEmpty() ? null : tokens,
                run.inputSnapshot().isPresent() ? run.inputSnapshot().getAsLong() : null, VIOLATIONS.rows(run.violations()),
                run.predictionBins().isEmpty() ? null : boxed(run.predictionBins().edges()),
                run.predictionBins().isEmpty() ? null : boxed(run.predictionBins().shares()),
                run.slices().isEmpty() ? null : run.slices().stream().map(HistoryTable::sliceRow).toList(),
                run.categories().isEmpty() ? null : CATEGORIES.rows(run.categories()));
    }

    private static Row sliceRow(SliceSummary slice) {
        return RowFactory.create(slice.slice(), slice.rows(), nanToNull(slice.meanAbsDelta()), slice.rowsOverTolerance(),
                nanToNull(slice.meanPrediction()), FEATURE_STATS.rows(slice.features()));
    }

    /** The slices; none in rows written before schema version 4 and for runs without slices. */
    private static List<SliceSummary> slices(Row row) {
        int field = Arrays.asList(row.schema().fieldNames()).indexOf("slices");
        if (field < 0 || row.isNullAt(field)) {
            return List.of();
        }
        List<SliceSummary> slices = new ArrayList<>();
        for (Row s : row.<Row>getList(field)) {
            slices.add(new SliceSummary(s.getAs("slice"), s.<Long>getAs("rows"), d(s, "mean_abs_delta"),
                    s.<Long>getAs("rows_over_tolerance"), d(s, "mean_prediction"),
                    s.<Row>getList(s.fieldIndex("features")).stream().map(FEATURE_STATS::read).toList()));
        }
        return slices;
    }

    /** The category shares; none in rows written before schema version 4 and for runs without categories. */
    private static List<CategoryShift.Share> categories(Row row) {
        int field = Arrays.asList(row.schema().fieldNames()).indexOf("categories");
        return field < 0 || row.isNullAt(field) ? List.of() : row.<Row>getList(field).stream().map(CATEGORIES::read).toList();
    }

    private static Double nanToNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    static RunRecord fromRow(Row row) {
        List<FeatureRecord> features = new ArrayList<>();
        for (Row f : row.<Row>getList(row.fieldIndex("features"))) {
            features.add(new FeatureRecord(FEATURE_STATS.read(f),
                    new Bins(unboxed(f.getList(f.fieldIndex("bin_edges"))), unboxed(f.getList(f.fieldIndex("bin_shares")))),
                    inputBins(f)));
        }
        List<TokenRow> tokens = new ArrayList<>();
        int tokensField = row.fieldIndex("tokens");
        if (!row.isNullAt(tokensField)) {
            for (Row t : row.<Row>getList(tokensField)) {
                tokens.add(TOKENS.read(t));
            }
        }
        RowCounts rows = new RowCounts(row.<Long>getAs("input_rows"), row.<Long>getAs("attributed_rows"),
                row.<Long>getAs("rejected_rows"));
        RunRecord.Delta delta = new RunRecord.Delta(d(row, "delta_mean_abs"), d(row, "delta_p95_abs"), d(row, "delta_max_abs"),
                d(row, "delta_tolerance"), row.<Long>getAs("rows_over_tolerance"));
        RunRecord.Settings settings = new RunRecord.Settings(row.getAs("method"), row.<Integer>getAs("steps"),
                row.getAs("target"), row.getAs("baseline"));
        return new RunRecord(row.getAs("run_id"), instant(row.getAs("run_time")), tagsOf(row), row.getAs("output_path"), rows,
                delta, d(row, "rows_per_second"), settings, features, tokens, row.isNullAt(row.fieldIndex("input_snapshot_id"))
                ? OptionalLong.empty() : OptionalLong.of(row.getLong(row.fieldIndex("input_snapshot_id"))),
                violations(row), predictionBins(row), slices(row), categories(row));
    }

    /** A feature's input bins; none in rows written before schema version 3 and for models explained at a layer. */
    private static Bins inputBins(Row feature) {
        int edges = Arrays.asList(feature.schema().fieldNames()).indexOf("input_bin_edges");
        int shares = Arrays.asList(feature.schema().fieldNames()).indexOf("input_bin_shares");
        return edges < 0 || shares < 0 || feature.isNullAt(edges) || feature.isNullAt(shares) ? Bins.EMPTY
                : new Bins(unboxed(feature.getList(edges)), unboxed(feature.getList(shares)));
    }

    /** The predictions' bins; none in rows written before schema version 3. */
    private static Bins predictionBins(Row row) {
        int edges = row.fieldIndex("prediction_bin_edges");
        int shares = row.fieldIndex("prediction_bin_shares");
        return row.isNullAt(edges) || row.isNullAt(shares) ? Bins.EMPTY
                : new Bins(unboxed(row.getList(edges)), unboxed(row.getList(shares)));
    }

    /** The failed thresholds; none in rows written before schema version 3. */
    private static List<Violation> violations(Row row) {
        int field = row.fieldIndex("violations");
        return row.isNullAt(field) ? List.of() : row.<Row>getList(field).stream().map(VIOLATIONS::read).toList();
    }

    /** A double column; null (a statistic Spark left undefined) reads as NaN. */
    private static double d(Row row, String name) {
        Object value = row.getAs(name);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    private static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
