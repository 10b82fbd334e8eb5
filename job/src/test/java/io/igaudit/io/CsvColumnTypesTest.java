package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.igaudit.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The columns of a CSV read as text get, from the kinds of their cells ORed over partitions, the
 * type Spark's schema inference gives the same cells (checked against Spark's inference on the
 * same values written as a CSV file), and their values survive the cast.
 */
class CsvColumnTypesTest {

    private static final StructType STRINGS = new StructType().add("v", DataTypes.StringType);

    /** The type the kinds give a column of these cells, scanned in three partitions. */
    private static DataType typeFor(String... cells) {
        Dataset<Row> frame = column(cells);
        List<Column> kinds = List.of(CsvColumnTypes.cellKind("v"));
        InputProfile profile = InputProfile.scan(frame, functions.lit(true), Optional.empty(), Optional.empty(),
                functions.lit(false), List.of(), kinds);
        return CsvColumnTypes.typed(frame, List.of("v"), profile.columnKinds()).schema().apply("v").dataType();
    }

    private static Dataset<Row> column(String... cells) {
        List<Row> rows = new ArrayList<>();
        for (String cell : cells) {
            rows.add(RowFactory.create(cell));
        }
        return SparkTestSession.get().createDataFrame(rows, STRINGS).repartition(3);
    }

    /** Spark's own inference on the cells as a one-column CSV file (an empty cell for null). */
    private static DataType inferred(String... cells) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("kinds-", ".csv");
        StringBuilder text = new StringBuilder("v\n");
        for (String cell : cells) {
            text.append(cell == null ? "" : cell).append('\n');
        }
        java.nio.file.Files.writeString(file, text);
        SparkSession spark = SparkTestSession.get();
        try {
            return spark.read().option("header", "true").option("inferSchema", "true").csv(file.toString())
                    .schema().apply("v").dataType();
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void typesAreThoseSparkInfersForTheUsualColumns() throws Exception {
        String[][] columns = {
            {"1", "2", "-3", null},
            {"1", "2", "3000000000"},
            {"1", "99999999999999999999"},
            {"1.5", "99999999999999999999"},
            {"1", "nan"},
            {"1", "NaN", "Inf"},
            {"1", "2.5", "-1e3"},
            {"true", "FALSE", null},
            {"a1", "b2"},
            {"1", "true"},
            {"1", "x"},
            {null, null},
        };
        for (String[] cells : columns) {
            DataType inferred = inferred(cells);
            // Inference sizes an integer decimal to its digits; the kinds give every such column 38.
            DataType expected = inferred instanceof org.apache.spark.sql.types.DecimalType decimal && decimal.scale() == 0
                    ? CsvColumnTypes.WIDE_INTEGER : inferred;
            assertEquals(expected, typeFor(cells), java.util.Arrays.asList(cells).toString());
        }
    }

    @Test
    void kindsOrToTheNarrowestTypeHoldingEveryCell() {
        assertEquals(DataTypes.IntegerType, CsvColumnTypes.typeOf(CsvColumnTypes.INT));
        assertEquals(DataTypes.LongType, CsvColumnTypes.typeOf(CsvColumnTypes.INT | CsvColumnTypes.BIGINT));
        assertEquals(DataTypes.DoubleType, CsvColumnTypes.typeOf(CsvColumnTypes.BIGINT | CsvColumnTypes.DOUBLE));
        assertEquals(CsvColumnTypes.WIDE_INTEGER, CsvColumnTypes.typeOf(CsvColumnTypes.INT | CsvColumnTypes.DECIMAL));
        assertEquals(DataTypes.DoubleType, CsvColumnTypes.typeOf(CsvColumnTypes.DECIMAL | CsvColumnTypes.DOUBLE));
        assertEquals(DataTypes.BooleanType, CsvColumnTypes.typeOf(CsvColumnTypes.BOOLEAN));
        assertEquals(DataTypes.StringType, CsvColumnTypes.typeOf(CsvColumnTypes.BOOLEAN | CsvColumnTypes.INT));
        assertEquals(DataTypes.StringType, CsvColumnTypes.typeOf(CsvColumnTypes.DOUBLE | CsvColumnTypes.TEXT));
        assertEquals(DataTypes.StringType, CsvColumnTypes.typeOf(0));
    }

    @Test
    void valuesSurviveTheCast() {
        Dataset<Row> frame = column("7", "-3000000000", null);
        List<Long> kinds = List.of(CsvColumnTypes.INT | CsvColumnTypes.BIGINT);
        List<Object> values = new ArrayList<>();
        CsvColumnTypes.typed(frame, List.of("v"), kinds).collectAsList().forEach(row -> values.add(row.get(0)));
        values.sort(java.util.Comparator.nullsFirst(java.util.Comparator.comparingLong(v -> (Long) v)));
        assertEquals(java.util.Arrays.asList(null, -3000000000L, 7L), values);
    }
}
