package io.igaudit.io;

import static org.apache.spark.sql.functions.lit;

import io.igaudit.config.ConfigException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg tables of {@code output.table-prefix}: {@code <prefix>_attributions}, ... and
 * {@code <prefix>_history}, each row tagged with its run's id and date, partitioned by that date.
 *
 * <p>A run's rows appear in all its tables or in none: each table's append is first staged
 * (Iceberg's write-audit-publish: a snapshot that is not the table's current state, so readers do
 * not see it), and only when every table has its staged snapshot are they published, one
 * cherry-pick commit per table, the history last. A run that fails before publishing removes its
 * staged snapshots. Runs staging into the same tables at once each publish their own snapshot;
 * Iceberg retries a commit that meets another's. A table an earlier IG Audit made, whose columns
 * this version only extends, gets the new columns before the run appends to it.
 */
public final class OutputTables {

    /** The run's id, in every table. */
    public static final String RUN_ID = "run_id";
    /** The run's date (UTC), in every table; the tables' partition. */
    public static final String RUN_DATE = "run_date";

    private static final Logger LOG = LoggerFactory.getLogger(OutputTables.class);
    private static final String WAP_ID = "spark.wap.id";

    /** The tables, by the ending of their names. */
    public enum Kind {
        /** Per-row attributions. */
        ATTRIBUTIONS("attributions"),
        /** Per-feature statistics. */
        FEATURE_STATS("feature_stats"),
        /** Token statistics. */
        TOKEN_STATS("token_stats"),
        /** Category statistics. */
        CATEGORY_STATS("category_stats"),
        /** Per slice and feature statistics (audit.slices). */
        SLICE_STATS("slice_stats"),
        /** Per slice and token statistics. */
        SLICE_TOKEN_STATS("slice_token_stats"),
        /** Per slice and category statistics. */
        SLICE_CATEGORY_STATS("slice_category_stats"),
        /** The audit history, one row per run. */
        HISTORY("history");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        /** The ending of the table's name, after the prefix and "_". */
        public String suffix() {
            return suffix;
        }
    }

    private final SparkSession spark;
    private final String prefix;
    private final List<String> qualifiedPrefix;
    /** The tables that get this run's new columns before it appends (found by {@link #checkSchemas}). */
    private final Set<Kind> evolving = EnumSet.noneOf(Kind.class);

    private OutputTables(SparkSession spark, String prefix, List<String> qualifiedPrefix) {
        this.spark = spark;
        this.prefix = prefix;
        this.qualifiedPrefix = qualifiedPrefix;
    }

    /**
     * The tables of a prefix, in the catalog its name resolves to.
     *
     * @throws ConfigException when that catalog does not hold Iceberg tables
     */
    public static OutputTables of(SparkSession spark, String prefix) {
        List<String> qualified = IcebergTables.qualified(spark, prefix);
        String catalog = qualified.get(0);
        if (!IcebergTables.isIcebergCatalog(spark, catalog)) {
            throw new ConfigException("output.table-prefix " + prefix + " lies in catalog " + catalog + ", which is not an Iceberg "
                    + "catalog; set output.warehouse = <folder> for the embedded one, or configure yours under spark { } "
                    + "(spark.sql.catalog.NAME = org.apache.iceberg.spark.SparkCatalog, ...) and name it in the prefix");
        }
        return new OutputTables(spark, prefix, qualified);
    }

    /** The whole name of a table: catalog, namespace and name. */
    public List<String> name(Kind kind) {
        List<String> parts = new ArrayList<>(qualifiedPrefix);
        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "_" + kind.suffix());
        return List.copyOf(parts);
    }

    /** The name as messages and run.json give it. */
    public String display(Kind kind) {
        return String.join(".", name(kind));
    }

    /**
     * Before any work: each table that exists already must have the columns this run writes, in
     * the same order and of the same types.
     *
     * @param schemas the rows each table of the run gets, without the run's id and date
     * @throws ConfigException naming the table and the first column that differs
     */
    public void checkSchemas(Map<Kind, StructType> schemas) {
        schemas.forEach((kind, rows) -> {
            for (String added : List.of(RUN_ID, RUN_DATE)) {
                if (kind != Kind.HISTORY && Arrays.asList(rows.fieldNames()).contains(added)) {
                    throw new ConfigException("the " + kind.suffix() + " of this run have a column " + added + ", which "
                            + "output.table-prefix adds to every table; rename it in the input (input.id-columns)");
                }
            }
            IcebergTables.load(spark, name(kind)).ifPresent(table -> {
                StructType existing = SparkSchemaUtil.convert(table.schema());
                StructType wanted = asStored(tableSchema(kind, rows));
                Optional<String> difference = difference(existing, wanted);
                if (difference.isPresent() && onlyAddsColumns(existing, wanted)) {
                    // An earlier IG Audit's table: this run's new columns are added when it appends.
                    LOG.info("table {} gets this version's new columns when the run appends ({})", display(kind), difference.get());
                    evolving.add(kind);
                    return;
                }
                difference.ifPresent(what -> {
                    throw new ConfigException("output.table-prefix " + prefix + ": table " + display(kind) + " exists with "
                            + "another schema (" + what + "); choose another prefix for this model and input, or move the table away");
                });
            });
        });
    }

    /**
     * Whether {@code run} is {@code table} with nullable columns added after its own, at the top
     * level or at the end of a nested struct (also a struct of an array's elements): the columns a
     * newer IG Audit adds to its tables. Every column of the table keeps its name, place and type.
     */
    static boolean onlyAddsColumns(StructType table, StructType run) {
        StructField[] have = table.fields();
        StructField[] want = run.fields();
        if (have.length > want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (i >= have.length) {
                if (!want[i].nullable()) {
                    return false;
                }
                continue;
            }
            if (!have[i].name().equals(want[i].name()) || !onlyAddsColumns(have[i].dataType(), want[i].dataType())) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyAddsColumns(DataType table, DataType run) {
        if (table instanceof StructType tableStruct && run instanceof StructType runStruct) {
            return onlyAddsColumns(tableStruct, runStruct);
        }
        if (table instanceof ArrayType tableArray && run instanceof ArrayType runArray) {
            return onlyAddsColumns(tableArray.elementType(), runArray.elementType());
        }
        return table.catalogString().equals(run.catalogString());
    }

    /** The columns of a table: the run's id and date first (the history row has its id already), then the rows'. */
    static StructType tableSchema(Kind kind, StructType rows) {
        List<StructField> fields = new ArrayList<>();
        if (kind != Kind.HISTORY) {
            fields.add(DataTypes.createStructField(RUN_ID, DataTypes.StringType, false));
        }
        fields.add(DataTypes.createStructField(RUN_DATE, DataTypes.DateType, false));
        fields.addAll(Arrays.asList(rows.fields()));
        return new StructType(fields.toArray(StructField[]::new));
    }

    /** A schema as an Iceberg table stores it (bytes and shorts become ints, ...). */
    private static StructType asStored(StructType schema) {
        return SparkSchemaUtil.convert(SparkSchemaUtil.convert(schema));
    }

    /** The first column that differs in name or type (nullability aside), or empty. */
    static Optional<String> difference(StructType table, StructType run) {
        StructField[] have = table.fields();
        StructField[] want = run.fields();
        for (int i = 0; i < Math.max(have.length, want.length); i++) {
            if (i >= have.length) {
                return Optional.of("this run adds column " + want[i].name());
            }
            if (i >= want.length) {
                return Optional.of("the table has column " + have[i].name() + ", which this run lacks");
            }
            if (!have[i].name().equals(want[i].name())) {
                return Optional.of("column " + (i + 1) + " is " + have[i].name() + " in the table, " + want[i].name() + " in this run");
            }
            if (!have[i].dataType().catalogString().equals(want[i].dataType().catalogString())) {
                return Optional.of("column " + have[i].name() + " is " + have[i].dataType().catalogString() + " in the table, "
                        + want[i].dataType().catalogString() + " in this run");
            }
        }
        return Optional.empty();
    }

    /**
     * Stages the run's rows in every table, creating the tables that do not exist yet.
     *
     * @param runId the run's id, also the staged snapshots' write-audit-publish id
     * @param runDate the run's date
     * @param rows each table's rows, without the run's id and date, read in the session given (the staging one)
     * @return the staged appends, to publish or discard
     */
    public Staged stage(String runId, LocalDate runDate, Map<Kind, Function<SparkSession, Dataset<Row>>> rows) {
        Staged staged = new Staged(runId);
        // Its own session: the write-audit-publish id is a session setting, and must not reach other writes.
        SparkSession writer = spark.newSession();
        spark.conf().getAll().foreach(setting -> {
            // The settings made at run time (catalogs among them); the others come from the context.
            if (!writer.conf().getOption(setting._1()).contains(setting._2())) {
                writer.conf().set(setting._1(), setting._2());
            }
            return null;
        });
        try {
            for (Map.Entry<Kind, Function<SparkSession, Dataset<Row>>> entry : rows.entrySet()) {
                Kind kind = entry.getKey();
                Dataset<Row> frame = entry.getValue().apply(writer);
                create(writer, kind, tableSchema(kind, frame.schema()));
                if (evolving.contains(kind)) {
                    Table table = IcebergTables.load(writer, name(kind)).orElseThrow();
                    table.updateSchema().unionByNameWith(SparkSchemaUtil.convert(asStored(tableSchema(kind, frame.schema())))).commit();
                }
                writer.conf().set(WAP_ID, runId);
                List<Column> columns = new ArrayList<>();
                if (kind != Kind.HISTORY) {
                    columns.add(lit(runId).as(RUN_ID));
                }
                columns.add(lit(java.sql.Date.valueOf(runDate)).as(RUN_DATE));
                for (String column : frame.columns()) {
                    columns.add(frame.col("`" + column + "`"));
                }
                frame.select(columns.toArray(Column[]::new)).writeTo(String.join(".", IcebergTables.quoted(name(kind)))).append();
                staged.add(kind, stagedSnapshot(kind, runId));
            }
            return staged;
        } catch (Exception e) { // AnalysisException is checked but thrown undeclared
            staged.discard();
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(Messages.firstLine(e), e);
        }
    }

    private void create(SparkSession writer, Kind kind, StructType schema) {
        List<String> name = name(kind);
        String table = String.join(".", IcebergTables.quoted(name));
        writer.sql("CREATE NAMESPACE IF NOT EXISTS " + String.join(".", IcebergTables.quoted(name.subList(0, name.size() - 1))));
        writer.sql("CREATE TABLE IF NOT EXISTS " + table + " (" + schema.toDDL() + ") USING iceberg PARTITIONED BY (" + RUN_DATE
                + ") TBLPROPERTIES ('" + TableProperties.WRITE_AUDIT_PUBLISH_ENABLED + "' = 'true')");
        Table iceberg = IcebergTables.load(writer, name).orElseThrow();
        if (!"true".equals(iceberg.properties().get(TableProperties.WRITE_AUDIT_PUBLISH_ENABLED))) {
            // A table made elsewhere: staging needs the property.
            iceberg.updateProperties().set(TableProperties.WRITE_AUDIT_PUBLISH_ENABLED, "true").commit();
        }
    }

    private long stagedSnapshot(Kind kind, String runId) {
        Table table = IcebergTables.load(spark, name(kind)).orElseThrow();
        for (Snapshot snapshot : table.snapshots()) {
            if (runId.equals(snapshot.summary().get("wap.id"))) {
                return snapshot.snapshotId();
            }
        }
        throw new IllegalStateException("the append of run " + runId + " to " + display(kind) + " left no staged snapshot");
    }

    /** A run's staged appends, one snapshot per table. */
    public final class Staged {

        private final String runId;
        private final Map<Kind, Long> snapshots = new EnumMap<>(Kind.class);
        private final Map<Kind, Long> published = new LinkedHashMap<>();

        private Staged(String runId) {
            this.runId = runId;
        }

        private void add(Kind kind, long snapshotId) {
            snapshots.put(kind, snapshotId);
        }

        /**
         * Makes every staged append part of its table's current state, the history last. Should a
         * commit fail, the appends not yet published are removed and the error names the tables
         * that hold the run's rows already.
         */
        public void publish() {
            for (Map.Entry<Kind, Long> entry : snapshots.entrySet()) { // enum order: the history last
                try {
                    Table table = IcebergTables.load(spark, name(entry.getKey())).orElseThrow();
                    table.manageSnapshots().cherrypick(entry.getValue()).commit();
                    table.refresh();
                    published.put(entry.getKey(), publishedSnapshot(table, entry.getValue()));
                } catch (RuntimeException e) {
                    snapshots.keySet().removeAll(published.keySet());
                    discard();
                    throw new IllegalStateException("publishing run " + runId + " to " + display(entry.getKey()) + " failed ("
                            + Messages.firstLine(e) + "); " + (published.isEmpty() ? "no table holds its rows"
                            : "its rows are in " + String.join(", ", published().keySet()) + " (delete them by run_id)"), e);
                }
            }
            LOG.info("run {} appended to {} table(s) of {}", runId, published.size(), prefix);
        }

        /**
         * The snapshot of the table's current lineage that holds a staged append: the staged one
         * itself (fast-forwarded), or the commit that cherry-picked it onto another run's.
         */
        private long publishedSnapshot(Table table, long staged) {
            for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
                if (snapshot.snapshotId() == staged
                        || String.valueOf(staged).equals(snapshot.summary().get(SnapshotSummary.SOURCE_SNAPSHOT_ID_PROP))) {
                    return snapshot.snapshotId();
                }
            }
            throw new IllegalStateException("snapshot " + staged + " is not in the history of " + table.name() + " after publishing");
        }

        /** The tables' snapshots made by publishing, by table. */
        public Map<String, Long> published() {
            Map<String, Long> byName = new LinkedHashMap<>();
            published.forEach((kind, id) -> byName.put(display(kind), id));
            return byName;
        }

        /** Removes the staged snapshots and their files (after a failure); best effort. */
        public void discard() {
            snapshots.forEach((kind, snapshotId) -> {
                try {
                    Table table = IcebergTables.load(spark, name(kind)).orElseThrow();
                    // Only this snapshot: without a date, expiring would also apply the table's age policy.
                    table.expireSnapshots().expireSnapshotId(snapshotId).expireOlderThan(0L).cleanExpiredFiles(true).commit();
                } catch (RuntimeException e) {
                    LOG.warn("could not remove the staged snapshot {} of {} (readers do not see it): {}", snapshotId,
                            display(kind), Messages.firstLine(e));
                }
            });
            snapshots.clear();
        }
    }
}
