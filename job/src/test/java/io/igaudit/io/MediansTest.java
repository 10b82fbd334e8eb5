package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.igaudit.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The exact medians on Spark against {@code percentile_approx(x, 0.5, 100000)}, which is exact
 * below 100,000 rows and was the job's median before: the same value for every column, with the
 * rows handed over at once, counted in buckets first, and with the row count unknown.
 */
class MediansTest {

    private static Dataset<Row> table(int rows, int partitions, long seed) {
        SparkSession spark = SparkTestSession.get();
        StructType schema = new StructType().add("gauss", DataTypes.DoubleType).add("ties", DataTypes.IntegerType)
                .add("small", DataTypes.FloatType).add("odd.name", DataTypes.DoubleType);
        Random random = new Random(seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(RowFactory.create(random.nextGaussian() * 100, random.nextInt(5) - 2, (float) (random.nextDouble() * 1e-3),
                    Math.exp(5 * random.nextGaussian())));
        }
        return spark.createDataFrame(list, schema).repartition(partitions);
    }

    private static double[] percentileApprox(Dataset<Row> rows, List<String> columns) {
        Column[] medians = columns.stream()
                .map(name -> expr("percentile_approx(double(" + RowValidity.quote(name) + "), 0.5, 100000)")).toArray(Column[]::new);
        Row row = rows.agg(medians[0], java.util.Arrays.copyOfRange(medians, 1, medians.length)).first();
        double[] out = new double[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = row.getDouble(i);
        }
        return out;
    }

    @Test
    void equalPercentileApproxWhereItIsExact() {
        List<String> columns = List.of("gauss", "ties", "small", "odd.name");
        for (int rows : new int[] {1, 2, 5, 1000, 4001}) {
            Dataset<Row> table = table(rows, 3, rows).cache();
            double[] expected = percentileApprox(table, columns);
            String what = rows + " rows";
            assertEquals(java.util.Arrays.toString(expected),
                    java.util.Arrays.toString(Medians.of(table, columns, rows)), what + ", handed over at once");
            assertEquals(java.util.Arrays.toString(expected),
                    java.util.Arrays.toString(Medians.of(table, columns, -1, 64)), what + ", counted first (row count unknown)");
            assertEquals(java.util.Arrays.toString(expected),
                    java.util.Arrays.toString(Medians.of(table.filter(col("gauss").isNotNull()), columns, rows, 8)),
                    what + ", counted first (a budget of 8 values)");
            table.unpersist();
        }
    }
}
