package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.runJson;
import static io.igaudit.pipeline.Audits.testModel;
import static io.igaudit.pipeline.Audits.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.config.ConfigException;
import io.igaudit.io.IcebergTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audits where the data lives: an Iceberg input table in the embedded catalog (output.warehouse),
 * read whole or only what was appended since the last audit (input.since), and the run appended
 * to the output.table-prefix tables, which Spark SQL reads back.
 */
class CatalogTablesAuditTest {

    private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType).add("day", DataTypes.StringType)
            .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType)
            .add("d", DataTypes.DoubleType);

    @TempDir
    Path tmp;

    /** A session of its own: the embedded catalog is a setting of the session. */
    private SparkSession session() {
        return Audits.spark().newSession();
    }

    private List<String> settings(Path output, String... more) {
        return with(List.of(
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.warehouse=" + tmp.resolve("warehouse"),
                "output.path=" + output), more);
    }

    /** Appends rows first..first+count-1 of one day to the Iceberg table scores.daily, one commit. */
    private static void appendDay(SparkSession spark, String day, int first, int count) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            rows.add(RowFactory.create((long) i, day, i * 0.5, 1.0 - i, i % 4 * 1.0, 2.0));
        }
        spark.sql("CREATE NAMESPACE IF NOT EXISTS scores");
        spark.sql("CREATE TABLE IF NOT EXISTS scores.daily (id BIGINT, day STRING, a DOUBLE, b DOUBLE, c DOUBLE, d DOUBLE) "
                + "USING iceberg PARTITIONED BY (day)");
        spark.createDataFrame(rows, SCHEMA).writeTo("scores.daily").append();
    }

    private static RunSummary run(SparkSession spark, List<String> settings) throws Exception {
        return AuditPipeline.run(spark, Audits.config(settings));
    }

    private static Set<Long> ids(SparkSession spark, String query) {
        Set<Long> ids = new TreeSet<>();
        spark.sql(query).collectAsList().forEach(row -> ids.add(row.getLong(0)));
        return ids;
    }

    @Test
    void aRunAppendsToEveryTableTaggedWithItsIdAndSqlReadsThemBack() throws Exception {
        SparkSession spark = session();
        IcebergTables.useWarehouse(spark, tmp.resolve("warehouse").toString());
        appendDay(spark, "2026-12-06", 0, 12);
        Path first = tmp.resolve("first");
        run(spark, settings(first, "input.table=scores.daily", "output.table-prefix=audit.linear4"));
        Path second = tmp.resolve("second");
        run(spark, settings(second, "input.table=scores.daily", "output.table-prefix=audit.linear4",
                "audit.compare-with=previous", "input.where=\"id < 6\"", "audit.slices=[day, \"c >= 2\"]"));

        String firstId = runJson(first).get("run_id").asText();
        String secondId = runJson(second).get("run_id").asText();
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L),
                ids(spark, "SELECT id FROM audit.linear4_attributions WHERE run_id = '" + firstId + "'"));
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L, 5L),
                ids(spark, "SELECT id FROM audit.linear4_attributions WHERE run_id = '" + secondId + "'"));
        List<Row> history = spark.sql("SELECT run_id, run_date, attributed_rows FROM audit.linear4_history ORDER BY run_time")
                .collectAsList();
        assertEquals(List.of(firstId, secondId), history.stream().map(r -> r.getString(0)).toList());
        assertEquals(List.of(12L, 6L), history.stream().map(r -> r.getLong(2)).toList());
        // The tables' feature statistics are the folder's, with the run's id and date in front.
        List<Row> tableStats = spark.sql("SELECT feature, mean_abs FROM audit.linear4_feature_stats WHERE run_id = '" + firstId
                + "' AND target IS NULL ORDER BY feature").collectAsList();
        List<Row> folderStats = spark.read().parquet(first.resolve("feature_stats").toString()).where("target IS NULL")
                .select("feature", "mean_abs").orderBy("feature").collectAsList();
        assertEquals(folderStats, tableStats);
        assertEquals("run_id", spark.table("audit.linear4_feature_stats").columns()[0]);
        assertEquals("run_date", spark.table("audit.linear4_feature_stats").columns()[1]);
        // The second run compared itself with the first, found in the history table.
        JsonNode audit = runJson(second).get("audit");
        assertEquals(firstId, audit.get("compared_with_run_id").asText());
        assertEquals("ig_audit.audit.linear4_history", String.join(".",
                IcebergTables.qualified(spark, audit.get("history_path").asText())));
        JsonNode tables = runJson(second).get("tables");
        assertTrue(tables.has("ig_audit.audit.linear4_attributions") && tables.has("ig_audit.audit.linear4_history"), tables.toString());
        assertFalse(tables.has("ig_audit.audit.linear4_token_stats"), "a tabular model writes no token table: " + tables);
        // The second run's slices: the day's rows, and those with c = i mod 4 ≥ 2 (ids 2, 3).
        List<Row> slices = spark.sql("SELECT slice, count FROM audit.linear4_slice_stats WHERE run_id = '" + secondId
                + "' AND feature = 'a' ORDER BY slice").collectAsList();
        assertEquals(List.of(RowFactory.create("c >= 2", 2L), RowFactory.create("day=2026-12-06", 6L)), slices);
        // One snapshot per table per run: each run's rows arrive in one commit.
        assertEquals(2L, spark.sql("SELECT count(*) FROM audit.linear4_attributions.snapshots WHERE operation = 'append'")
                .first().getLong(0));
    }

    @Test
    void sinceLastAuditReadsOnlyTheRowsAppendedAfterTheSnapshotTheLastAuditRead() throws Exception {
        SparkSession spark = session();
        IcebergTables.useWarehouse(spark, tmp.resolve("warehouse").toString());
        appendDay(spark, "2026-12-05", 0, 8);
        List<String> daily = List.of("input.table=scores.daily", "input.since=last-audit", "audit.history-path=" + tmp.resolve("history"));
        Path day1 = tmp.resolve("day1");
        run(spark, settings(day1, daily.toArray(String[]::new)));
        appendDay(spark, "2026-12-06", 100, 3);
        appendDay(spark, "2026-12-06", 200, 2);
        Path day2 = tmp.resolve("day2");
        run(spark, settings(day2, daily.toArray(String[]::new)));

        assertEquals(8, runJson(day1).get("counts").get("attributed_rows").asLong());
        JsonNode first = runJson(day1).get("input").get("snapshots");
        assertTrue(first.get("after_snapshot_id").isNull(), "the first audit reads the whole table: " + first);
        assertEquals(8, first.get("rows_in_files").asLong());
        Set<Long> secondIds = new HashSet<>();
        spark.read().parquet(day2.resolve("attributions").toString()).select("id").collectAsList()
                .forEach(row -> secondIds.add(row.getLong(0)));
        assertEquals(Set.of(100L, 101L, 102L, 200L, 201L), secondIds, "only the two appends since day 1");
        JsonNode second = runJson(day2).get("input").get("snapshots");
        assertEquals(first.get("snapshot_id").asLong(), second.get("after_snapshot_id").asLong());
        assertEquals(runJson(day1).get("run_id").asText(), second.get("after_run_id").asText());
        assertEquals(2, second.get("data_files").asLong(), "one file per append: " + second);
        assertEquals(5, second.get("rows_in_files").asLong());

        // Nothing appended since: one line, exit 0, nothing written and no history row.
        Path day3 = tmp.resolve("day3");
        NothingToAudit nothing = assertThrows(NothingToAudit.class, () -> run(spark, settings(day3, daily.toArray(String[]::new))));
        assertTrue(nothing.getMessage().startsWith("nothing was appended to input.table scores.daily since snapshot "
                + second.get("snapshot_id").asLong()), nothing.getMessage());
        assertFalse(day3.toFile().exists(), "nothing written");
        assertEquals(2, spark.read().parquet(tmp.resolve("history").toString()).count());
    }

    @Test
    void badTableSettingsAreOneLineBeforeAnyWork() throws Exception {
        SparkSession spark = session();
        IcebergTables.useWarehouse(spark, tmp.resolve("warehouse").toString());
        appendDay(spark, "2026-12-05", 0, 4);
        // input.since on files.
        ConfigException files = assertThrows(ConfigException.class, () -> Audits.config(settings(tmp.resolve("o1"),
                "input.path=" + tmp, "input.since=last-audit", "audit.history-path=" + tmp.resolve("h"))));
        assertTrue(files.getMessage().startsWith("input.since = last-audit reads what was added to an Iceberg table"), files.getMessage());
        // input.since on a table of Spark's own catalog (not Iceberg).
        Audits.spark().createDataFrame(List.of(RowFactory.create(1L, "x", 1.0, 1.0, 1.0, 1.0)), SCHEMA).write()
                .option("path", tmp.resolve("plain").toString()).saveAsTable("ig_audit_plain_scores");
        SparkSession plain = session();
        try {
            ConfigException notIceberg = assertThrows(ConfigException.class, () -> run(plain, with(List.of("input.id-columns=[id]",
                    "input.features=[a,b,c,d]", "model.path=" + testModel("linear4.pt"), "model.device=cpu",
                    "output.path=" + tmp.resolve("o2"), "input.table=ig_audit_plain_scores", "input.since=last-audit",
                    "audit.history-path=" + tmp.resolve("h")))));
            assertTrue(notIceberg.getMessage().startsWith("input.since = last-audit needs an Iceberg table"), notIceberg.getMessage());
            // An output prefix in a catalog that is not Iceberg's.
            ConfigException notIcebergOut = assertThrows(ConfigException.class, () -> run(plain, with(List.of("input.id-columns=[id]",
                    "input.features=[a,b,c,d]", "model.path=" + testModel("linear4.pt"), "model.device=cpu",
                    "output.path=" + tmp.resolve("o3"), "input.table=ig_audit_plain_scores", "output.table-prefix=audit.x"))));
            assertTrue(notIcebergOut.getMessage().startsWith("output.table-prefix audit.x lies in catalog spark_catalog, which is not "
                    + "an Iceberg catalog"), notIcebergOut.getMessage());
        } finally {
            Audits.spark().sql("DROP TABLE IF EXISTS ig_audit_plain_scores");
        }
        // A prefix whose tables hold another schema: another model's attributions.
        spark.sql("CREATE NAMESPACE IF NOT EXISTS audit");
        spark.sql("CREATE TABLE audit.other_attributions (run_id STRING, run_date DATE, id BIGINT, score DOUBLE) USING iceberg");
        Path o4 = tmp.resolve("o4");
        ConfigException schema = assertThrows(ConfigException.class,
                () -> run(spark, settings(o4, "input.table=scores.daily", "output.table-prefix=audit.other")));
        assertTrue(schema.getMessage().startsWith("output.table-prefix audit.other: table ig_audit.audit.other_attributions exists "
                + "with another schema (column 4 is score in the table, target in this run)"), schema.getMessage());
        assertFalse(o4.toFile().exists(), "nothing written");
        assertEquals(0L, spark.sql("SELECT count(*) FROM audit.other_attributions.snapshots").first().getLong(0));
        // Both a history folder and a prefix.
        ConfigException both = assertThrows(ConfigException.class, () -> Audits.config(settings(tmp.resolve("o5"),
                "input.table=scores.daily", "output.table-prefix=audit.x", "audit.history-path=" + tmp.resolve("h"))));
        assertTrue(both.getMessage().startsWith("give one history: with output.table-prefix the history is the table audit.x_history"),
                both.getMessage());
    }

    @Test
    void twoAuditsAppendingToTheSameTablesAtOnceBothLand() throws Exception {
        SparkSession setup = session();
        IcebergTables.useWarehouse(setup, tmp.resolve("warehouse").toString());
        appendDay(setup, "2026-12-05", 0, 10);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RunSummary>> runs = new ArrayList<>();
            for (String name : List.of("left", "right")) {
                SparkSession spark = session();
                runs.add(pool.submit(() -> run(spark, settings(tmp.resolve(name), "input.table=scores.daily",
                        "output.table-prefix=audit.shared"))));
            }
            for (Future<RunSummary> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        Set<String> runIds = Set.of(runJson(tmp.resolve("left")).get("run_id").asText(),
                runJson(tmp.resolve("right")).get("run_id").asText());
        SparkSession spark = session();
        IcebergTables.useWarehouse(spark, tmp.resolve("warehouse").toString());
        Set<String> inHistory = new HashSet<>();
        spark.sql("SELECT run_id FROM audit.shared_history").collectAsList().forEach(row -> inHistory.add(row.getString(0)));
        assertEquals(runIds, inHistory);
        assertEquals(20L, spark.sql("SELECT count(*) FROM audit.shared_attributions").first().getLong(0));
        for (String runId : runIds) {
            assertEquals(10L, spark.sql("SELECT count(*) FROM audit.shared_attributions WHERE run_id = '" + runId + "'")
                    .first().getLong(0));
        }
        // Each run.json names the snapshot that holds its rows: as of it, the run's rows are there.
        for (String name : List.of("left", "right")) {
            JsonNode run = runJson(tmp.resolve(name));
            long snapshot = run.get("tables").get("ig_audit.audit.shared_attributions").asLong();
            assertEquals(10L, spark.sql("SELECT count(*) FROM audit.shared_attributions VERSION AS OF " + snapshot
                    + " WHERE run_id = '" + run.get("run_id").asText() + "'").first().getLong(0));
        }
    }
}
