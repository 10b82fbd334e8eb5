package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output tables: all of a run's appends or none, and the schema check. */
class OutputTablesTest {

    private static final StructType STATS = new StructType().add("feature", DataTypes.StringType).add("mean_abs", DataTypes.DoubleType);

    @TempDir
    Path tmp;

    private SparkSession session() {
        SparkSession spark = SparkTestSession.get().newSession();
        IcebergTables.useWarehouse(spark, tmp.resolve("warehouse").toString());
        return spark;
    }

    private static Function<SparkSession, Dataset<Row>> rows(String... features) {
        return session -> session.createDataFrame(java.util.Arrays.stream(features).map(f -> RowFactory.create(f, 1.0)).toList(), STATS);
    }

    private static Optional<Table> table(SparkSession spark, OutputTables tables, OutputTables.Kind kind) {
        return IcebergTables.load(spark, tables.name(kind));
    }

    @Test
    void stagedAppendsAreInvisibleUntilPublishedAndThenAllThere() {
        SparkSession spark = session();
        OutputTables tables = OutputTables.of(spark, "audit.model");
        Map<OutputTables.Kind, Function<SparkSession, Dataset<Row>>> rows = new EnumMap<>(OutputTables.Kind.class);
        rows.put(OutputTables.Kind.FEATURE_STATS, rows("a", "b"));
        rows.put(OutputTables.Kind.TOKEN_STATS, rows("c"));
        OutputTables.Staged staged = tables.stage("run-1", LocalDate.of(2026, 12, 7), rows);
        assertEquals(0, spark.table("audit.model_feature_stats").count(), "staged: not the table's current state");
        assertNull(table(spark, tables, OutputTables.Kind.TOKEN_STATS).orElseThrow().currentSnapshot());
        staged.publish();
        List<Row> published = spark.sql("SELECT run_id, run_date, feature FROM audit.model_feature_stats ORDER BY feature")
                .collectAsList();
        assertEquals(List.of(RowFactory.create("run-1", java.sql.Date.valueOf("2026-12-07"), "a"),
                RowFactory.create("run-1", java.sql.Date.valueOf("2026-12-07"), "b")), published);
        assertEquals(1, spark.table("audit.model_token_stats").count());
        assertEquals(Map.of("ig_audit.audit.model_feature_stats",
                table(spark, tables, OutputTables.Kind.FEATURE_STATS).orElseThrow().currentSnapshot().snapshotId(),
                "ig_audit.audit.model_token_stats",
                table(spark, tables, OutputTables.Kind.TOKEN_STATS).orElseThrow().currentSnapshot().snapshotId()), staged.published());
        assertEquals(List.of("run_date"), table(spark, tables, OutputTables.Kind.FEATURE_STATS).orElseThrow().spec().fields()
                .stream().map(f -> f.name()).toList(), "partitioned by the run's date");
    }

    @Test
    void aRunThatFailsWhileStagingLeavesNoSnapshotInAnyTable() {
        SparkSession spark = session();
        OutputTables tables = OutputTables.of(spark, "audit.failing");
        Map<OutputTables.Kind, Function<SparkSession, Dataset<Row>>> rows = new EnumMap<>(OutputTables.Kind.class);
        rows.put(OutputTables.Kind.FEATURE_STATS, rows("a"));
        rows.put(OutputTables.Kind.TOKEN_STATS, rows("b"));
        rows.put(OutputTables.Kind.HISTORY, session -> {
            throw new IllegalStateException("the history row could not be made");
        });
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> tables.stage("run-2", LocalDate.of(2026, 12, 7), rows));
        assertEquals("the history row could not be made", failure.getMessage());
        for (OutputTables.Kind kind : List.of(OutputTables.Kind.FEATURE_STATS, OutputTables.Kind.TOKEN_STATS)) {
            Table table = table(spark, tables, kind).orElseThrow();
            assertFalse(table.snapshots().iterator().hasNext(), kind + ": the staged snapshot was removed");
        }
        assertEquals(0, spark.table("audit.failing_feature_stats").count());
    }

    @Test
    void theFirstDifferingColumnIsNamed() {
        StructType table = OutputTables.tableSchema(OutputTables.Kind.FEATURE_STATS, STATS);
        assertEquals(List.of("run_id", "run_date", "feature", "mean_abs"), List.of(table.fieldNames()));
        StructType nullable = new StructType().add("run_id", DataTypes.StringType, true).add("run_date", DataTypes.DateType, true)
                .add("feature", DataTypes.StringType, true).add("mean_abs", DataTypes.DoubleType, true);
        assertEquals(Optional.empty(), OutputTables.difference(table, nullable), "nullability aside");
        assertEquals(Optional.of("this run adds column rank"),
                OutputTables.difference(table, table.add("rank", DataTypes.IntegerType)));
        assertEquals(Optional.of("the table has column rank, which this run lacks"),
                OutputTables.difference(table.add("rank", DataTypes.IntegerType), table));
        StructType renamed = OutputTables.tableSchema(OutputTables.Kind.FEATURE_STATS,
                new StructType().add("name", DataTypes.StringType).add("mean_abs", DataTypes.DoubleType));
        assertEquals(Optional.of("column 3 is feature in the table, name in this run"), OutputTables.difference(table, renamed));
        StructType retyped = OutputTables.tableSchema(OutputTables.Kind.FEATURE_STATS,
                new StructType().add("feature", DataTypes.StringType).add("mean_abs", DataTypes.FloatType));
        assertEquals(Optional.of("column mean_abs is double in the table, float in this run"),
                OutputTables.difference(table, retyped));
        assertTrue(OutputTables.tableSchema(OutputTables.Kind.HISTORY, new StructType().add("run_id", DataTypes.StringType))
                .fieldNames()[0].equals("run_date"), "the history row has its id already");
    }

    @Test
    void anEarlierVersionsTableGetsTheNewColumnsAndKeepsItsRows() {
        SparkSession spark = session();
        OutputTables tables = OutputTables.of(spark, "audit.older");
        StructType older = new StructType().add("feature", DataTypes.StringType);
        Map<OutputTables.Kind, Function<SparkSession, Dataset<Row>>> first = new EnumMap<>(OutputTables.Kind.class);
        first.put(OutputTables.Kind.FEATURE_STATS, session -> session.createDataFrame(List.of(RowFactory.create("a")), older));
        tables.stage("run-old", LocalDate.of(2026, 12, 6), first).publish();

        OutputTables newer = OutputTables.of(spark, "audit.older");
        newer.checkSchemas(Map.of(OutputTables.Kind.FEATURE_STATS, STATS)); // adds mean_abs: no error
        Map<OutputTables.Kind, Function<SparkSession, Dataset<Row>>> second = new EnumMap<>(OutputTables.Kind.class);
        second.put(OutputTables.Kind.FEATURE_STATS, rows("b"));
        newer.stage("run-new", LocalDate.of(2026, 12, 7), second).publish();
        List<Row> all = spark.sql("SELECT run_id, feature, mean_abs FROM audit.older_feature_stats ORDER BY run_id").collectAsList();
        assertEquals(List.of(RowFactory.create("run-new", "b", 1.0), RowFactory.create("run-old", "a", null)), all);

        assertTrue(OutputTables.onlyAddsColumns(older, STATS));
        assertFalse(OutputTables.onlyAddsColumns(STATS, older), "a column this run lacks");
        assertFalse(OutputTables.onlyAddsColumns(older, new StructType().add("feature", DataTypes.StringType)
                .add("mean_abs", DataTypes.DoubleType, false)), "a required new column cannot be added to a table with rows");
        StructType nested = new StructType().add("features", DataTypes.createArrayType(older));
        assertTrue(OutputTables.onlyAddsColumns(nested, new StructType().add("features", DataTypes.createArrayType(STATS))),
                "a field added to an array's structs");
        assertFalse(OutputTables.onlyAddsColumns(new StructType().add("feature", DataTypes.IntegerType), STATS), "a type changed");
    }
}
