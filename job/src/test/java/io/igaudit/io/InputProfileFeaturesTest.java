package io.igaudit.io;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The profile with named float features checked in Java ({@link ValidRows.FloatFeatures}) against
 * the same scan with Spark's expression {@link RowValidity#isValid}: the same rows, invalid rows,
 * filled partitions, target range and means, over the column types a Parquet file holds and every
 * kind of invalid value.
 */
class InputProfileFeaturesTest {

    private static final List<String> FEATURES = List.of("d", "f", "i", "l", "odd.name");

    /** Rows of a double, float, int, long and a double named with a dot; some null, NaN, infinite or beyond float32. */
    private static Dataset<Row> table(int rows, int partitions, long seed) {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("d", DataTypes.DoubleType)
                .add("f", DataTypes.FloatType).add("i", DataTypes.IntegerType).add("l", DataTypes.LongType)
                .add("odd.name", DataTypes.DoubleType);
        Random random = new Random(seed);
        Object[] oddDoubles = {null, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e39, -1e300};
        List<Row> list = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Object d = random.nextInt(10) == 0 ? oddDoubles[random.nextInt(oddDoubles.length)] : random.nextGaussian();
            Object f = random.nextInt(20) == 0 ? (random.nextBoolean() ? null : (Object) Float.NaN) : (Object) (float) random.nextGaussian();
            Object i = random.nextInt(30) == 0 ? null : random.nextInt(1000) - 500;
            Object l = random.nextInt(30) == 0 ? null : random.nextLong() >> 20;
            list.add(RowFactory.create((long) r, d, f, i, l, random.nextDouble() * 1e30));
        }
        return SparkTestSession.get().createDataFrame(list, schema).repartition(partitions);
    }

    private static InputProfile scan(Dataset<Row> table, Optional<String> target, List<String> means) {
        return InputProfile.scan(table, new ValidRows.FloatFeatures(FEATURES), Optional.empty(), target, lit(false), means,
                List.of());
    }

    @Test
    void sameProfileAsWithSparksExpression() {
        for (int rows : new int[] {1, 7, 2000}) {
            Dataset<Row> table = table(rows, 3, rows).cache();
            InputProfile expected = InputProfile.scan(table, RowValidity.isValid(Optional.empty(), FEATURES), Optional.empty(),
                    Optional.of("i"), lit(false), FEATURES, List.of());
            InputProfile found = scan(table, Optional.of("i"), FEATURES);
            String what = rows + " rows";
            assertEquals(expected.rows(), found.rows(), what);
            assertEquals(expected.invalidRows(), found.invalidRows(), what);
            assertEquals(expected.filledPartitions(), found.filledPartitions(), what);
            assertEquals(expected.minArrayLength(), found.minArrayLength(), what);
            assertEquals(expected.textRows(), found.textRows(), what);
            assertEquals(expected.targetNulls(), found.targetNulls(), what);
            assertEquals(expected.targetMin(), found.targetMin(), what);
            assertEquals(expected.targetMax(), found.targetMax(), what);
            for (int c = 0; c < FEATURES.size(); c++) {
                double want = expected.means().get(c);
                assertEquals(want, found.means().get(c), Math.abs(want) * 1e-12, what + ", mean of " + FEATURES.get(c));
            }
            table.unpersist();
        }
        Dataset<Row> many = table(2000, 3, 11);
        assertTrue(scan(many, Optional.empty(), List.of()).invalidRows() > 100, "the table holds invalid rows");
    }

    @Test
    void noValidRowMeansNaN() {
        Dataset<Row> table = table(50, 2, 5).withColumn("f", lit(null).cast("float"));
        InputProfile found = scan(table, Optional.empty(), List.of("d"));
        assertEquals(50, found.rows());
        assertEquals(50, found.invalidRows());
        assertEquals(0, found.filledPartitions());
        assertTrue(found.means().get(0).isNaN());
    }
}
