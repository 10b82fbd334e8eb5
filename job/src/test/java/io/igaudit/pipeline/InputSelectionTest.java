package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.rejected;
import static io.igaudit.pipeline.Audits.run;
import static io.igaudit.pipeline.Audits.runJson;
import static io.igaudit.pipeline.Audits.testModel;
import static io.igaudit.pipeline.Audits.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * input.table and input.where: the rows a predicate selects are the rows audited, the predicate
 * reaches the scan (partitions pruned, filters pushed to the reader, as run.json shows from the
 * plan), a table of the session's catalog is read like a path, and every mistake is one message
 * naming the key.
 */
class InputSelectionTest {

    private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType).add("day", DataTypes.StringType)
            .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType)
            .add("d", DataTypes.DoubleType);
    private static final String TABLE = "ig_audit_input_selection_scores";

    @TempDir
    static Path tmp;
    private static Path partitioned;

    /** 12 rows over three days, written as a Parquet folder partitioned by day, and as a table of the session. */
    @BeforeAll
    static void data() {
        SparkSession spark = Audits.spark();
        List<Row> rows = new ArrayList<>();
        String[] days = {"2026-12-05", "2026-12-06", "2026-12-07"};
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create((long) i, days[i % 3], i * 0.5, 1.0 - i, i % 4 * 1.0, 2.0));
        }
        Dataset<Row> frame = spark.createDataFrame(rows, SCHEMA);
        partitioned = tmp.resolve("scores");
        frame.write().partitionBy("day").parquet(partitioned.toString());
        frame.write().mode(SaveMode.Overwrite).option("path", tmp.resolve("table").toString()).saveAsTable(TABLE);
    }

    @AfterAll
    static void dropTable() {
        Audits.spark().sql("DROP TABLE IF EXISTS " + TABLE);
    }

    private static List<String> settings(Path output, String... more) {
        return with(List.of(
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.path=" + output), more);
    }

    private static Set<Long> ids(Path output) {
        Set<Long> ids = new TreeSet<>();
        parquet(output, "attributions").forEach(row -> ids.add(row.getLong(row.fieldIndex("id"))));
        return ids;
    }

    @Test
    void whereAuditsOnlyTheSelectedRowsAndRunJsonShowsWhatReachedTheScan() throws Exception {
        Path output = tmp.resolve("out-where");
        run(settings(output, "input.path=" + partitioned, "input.where=\"day = '2026-12-06' AND a > 1\""));
        assertEquals(Set.of(4L, 7L, 10L), ids(output), "day 2026-12-06 (ids 1, 4, 7, 10) with a > 1 (ids 4, 7, 10)");
        JsonNode input = runJson(output).get("input");
        assertEquals("day = '2026-12-06' AND a > 1", input.get("where").asText());
        JsonNode scan = input.get("scan");
        assertTrue(scan.get("partition_filters").toString().contains("2026-12-06"),
                "the day is a partition filter: whole partitions are skipped: " + scan);
        assertTrue(scan.get("pushed_filters").toString().contains("GreaterThan(a,1.0)"),
                "a > 1 is handed to the Parquet reader: " + scan);
        assertFalse(input.has("table"), "no table: " + input);
    }

    @Test
    void aTableOfTheCatalogIsReadLikeAPath() throws Exception {
        Path output = tmp.resolve("out-table");
        run(settings(output, "input.table=" + TABLE, "input.where=\"day = '2026-12-07'\""));
        assertEquals(Set.of(2L, 5L, 8L, 11L), ids(output));
        JsonNode input = runJson(output).get("input");
        assertEquals(TABLE, input.get("table").asText());
    }

    @Test
    void aWhereThatSelectsNoRowIsNothingToAuditAndWritesNothing() {
        Path output = tmp.resolve("out-nothing");
        NothingToAudit nothing = assertThrows(NothingToAudit.class,
                () -> run(settings(output, "input.path=" + partitioned, "input.where=\"day = '2030-01-01'\"")));
        assertTrue(nothing.getMessage().contains("selects no row of input.path " + partitioned), nothing.getMessage());
        assertFalse(Files.exists(output), "nothing written");
    }

    @Test
    void aMissingTableNamesTheCatalogAndACloseMatch() throws Exception {
        String message = rejected(tmp.resolve("out-missing"), settings(tmp.resolve("out-missing"),
                "input.table=ig_audit_input_selection_score")).getMessage();
        assertTrue(message.startsWith("input.table ig_audit_input_selection_score does not exist in catalog spark_catalog"),
                message);
        assertTrue(message.contains("did you mean '" + TABLE + "'"), message);
    }

    @Test
    void aWhereOnAMissingColumnNamesItAndTheColumns() throws Exception {
        String message = rejected(tmp.resolve("out-column"), settings(tmp.resolve("out-column"),
                "input.path=" + partitioned, "input.where=\"dya = '2026-12-06'\"")).getMessage();
        assertTrue(message.startsWith("input.where \"dya = '2026-12-06'\" names a column `dya` that input.path"), message);
        assertTrue(message.contains("its columns: id, a, b, c, d, day"), message);
        assertFalse(message.contains("SQLSTATE"), "Spark's codes are left out: " + message);
    }

    @Test
    void aWhereThatDoesNotParseSaysWhere() throws Exception {
        String message = rejected(tmp.resolve("out-parse"), settings(tmp.resolve("out-parse"),
                "input.path=" + partitioned, "input.where=\"day = = 1\"")).getMessage();
        assertTrue(message.startsWith("input.where \"day = = 1\" does not parse: a syntax error"), message);
    }

    @Test
    void pathAndTableTogetherOrNeitherAreRejected() {
        ConfigException both = assertThrows(ConfigException.class,
                () -> Audits.config(settings(tmp.resolve("o"), "input.path=" + partitioned, "input.table=" + TABLE)));
        assertTrue(both.getMessage().startsWith("give exactly one of input.path (files) and input.table"), both.getMessage());
        ConfigException neither = assertThrows(ConfigException.class, () -> Audits.config(settings(tmp.resolve("o"))));
        assertTrue(neither.getMessage().startsWith("input.path is required (or input.table"), neither.getMessage());
    }
}
