package io.igaudit.io;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The profile scan adds up its partitions' figures on the driver: counts, the target range, the
 * partitions that hold valid rows and the means over the valid rows, against values worked out by
 * hand for a small table spread over partitions on purpose.
 */
class InputProfileTest {

    private static final StructType SCHEMA = new StructType()
            .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType).add("t", DataTypes.IntegerType);
    private static final List<String> FEATURES = List.of("a", "b");

    private static Dataset<Row> table(int partitions, Object[]... rows) {
        SparkSession spark = SparkTestSession.get();
        List<Row> list = new ArrayList<>();
        for (Object[] row : rows) {
            list.add(RowFactory.create(row));
        }
        return spark.createDataFrame(list, SCHEMA).repartition(partitions);
    }

    private static InputProfile scan(Dataset<Row> frame, List<String> means) {
        Column valid = RowValidity.isValid(Optional.empty(), FEATURES);
        return InputProfile.scan(frame, valid, Optional.empty(), Optional.of("t"), lit(false), means, List.of());
    }

    @Test
    void addsUpThePartitionsAndAveragesOnlyTheValidRows() {
        Dataset<Row> frame = table(3,
                new Object[] {1.0, 10.0, 0},
                new Object[] {2.0, 20.0, 2},
                new Object[] {Double.NaN, 30.0, 1},
                new Object[] {3.0, null, 1},
                new Object[] {6.0, 40.0, null});
        InputProfile profile = scan(frame, FEATURES);
        assertEquals(5, profile.rows());
        assertEquals(2, profile.invalidRows(), "the NaN row and the null row");
        assertEquals(1, profile.targetNulls());
        assertEquals(0, profile.targetMin());
        assertEquals(2, profile.targetMax());
        assertEquals(-1, profile.minArrayLength(), "no array column");
        // Valid rows: (1, 10), (2, 20), (6, 40).
        assertEquals(3.0, profile.means().get(0), 1e-12);
        assertEquals(70.0 / 3, profile.means().get(1), 1e-12);
    }

    @Test
    void countsOnlyThePartitionsThatHoldValidRows() {
        SparkSession spark = SparkTestSession.get();
        // Four partitions by construction: one empty, one with an invalid row only, two with valid rows.
        List<Row> rows = List.of(RowFactory.create(1.0, 1.0, 0), RowFactory.create(Double.NaN, 1.0, 0),
                RowFactory.create(2.0, 2.0, 0));
        Dataset<Row> frame = spark.createDataFrame(
                spark.sparkContext().parallelize(scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of(rows.get(0), rows.get(1), rows.get(2))).toSeq(), 4,
                        scala.reflect.ClassTag$.MODULE$.apply(Row.class)), SCHEMA);
        InputProfile profile = scan(frame, List.of());
        assertEquals(4, frame.rdd().getNumPartitions());
        assertEquals(3, profile.rows());
        assertEquals(2, profile.filledPartitions(), "partitions holding a valid row");
        assertTrue(profile.means().isEmpty(), "no means asked for");
    }

    @Test
    void meansAreNotANumberWithoutAValidRow() {
        InputProfile profile = scan(table(2, new Object[] {Double.NaN, 1.0, 0}), FEATURES);
        assertEquals(1, profile.invalidRows());
        assertEquals(0, profile.filledPartitions());
        assertTrue(profile.means().get(0).isNaN());
    }

    @Test
    void extraAggregatesCombineOverThePartitions() {
        Dataset<Row> frame = table(3,
                new Object[] {1.0, 10.0, 0},
                new Object[] {-2.0, 20.0, 2},
                new Object[] {5.0, null, 1},
                new Object[] {3.0, 40.0, null});
        Column valid = RowValidity.isValid(Optional.empty(), FEATURES);
        InputProfile.Scanned scanned = InputProfile.scan(frame, new ValidRows.ByExpression(valid), Optional.empty(), Optional.of("t"),
                lit(false), List.of(), List.of(), List.of(
                        new InputProfile.Extra(functions.col("a"), InputProfile.Extra.Combine.MIN),
                        new InputProfile.Extra(functions.col("b"), InputProfile.Extra.Combine.MAX),
                        new InputProfile.Extra(functions.when(functions.col("b").isNull(), 1L).otherwise(0L),
                                InputProfile.Extra.Combine.SUM),
                        new InputProfile.Extra(functions.when(functions.col("a").gt(100), functions.col("a")),
                                InputProfile.Extra.Combine.MAX),
                        new InputProfile.Extra(functions.col("t"), InputProfile.Extra.Combine.MAX)));
        assertEquals(3, frame.rdd().getNumPartitions());
        assertEquals(4, scanned.profile().rows());
        assertEquals(-2.0, scanned.extras().getDouble(0), "smallest a of every partition");
        assertEquals(40.0, scanned.extras().getDouble(1), "largest b of every partition");
        assertEquals(1L, ((Number) scanned.extras().get(2)).longValue(), "rows with a null b, summed");
        assertTrue(scanned.extras().isNullAt(3), "null where every partition's value is null");
        assertEquals(2L, scanned.extras().get(4), "an integer column's largest value, as a long");
    }
}
