package io.igaudit.stats;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statistics on rows whose values are known exactly: feature 0 of row i is i/n (uniform on
 * [0, 1)), feature 1 is −(i/n). Exact statistics over all rows; quantiles exact up to the sample
 * bound and within the sampling error above it.
 */
class FeatureStatsTest {

    private static final int ROWS = 20_000;
    private static Dataset<Row> attributions;

    @BeforeAll
    static void rows() {
        attributions = SparkTestSession.get().range(ROWS)
                .select(lit(0).as("target"), array(col("id").divide(ROWS).cast("float"),
                        col("id").divide(ROWS).multiply(-1).cast("float")).as("attributions"))
                .repartition(3);
    }

    private static double number(Row row, String column) {
        return ((Number) row.getAs(column)).doubleValue();
    }

    private static Row feature(List<Row> stats, int index) {
        return stats.stream().filter(r -> r.<Integer>getAs("index") == index).findFirst().orElseThrow();
    }

    @Test
    void everyStatisticIsExactWhenAllRowsGoIntoTheQuantiles() {
        List<Row> stats = FeatureStats.compute(attributions, ROWS, List.of("up", "down"), false, ROWS).collectAsList();
        Row up = feature(stats, 0);
        assertEquals(ROWS, up.<Long>getAs("count"));
        assertEquals((ROWS - 1) / 2.0 / ROWS, number(up, "mean"), 1e-7);
        assertEquals(0.5, number(up, "p50"), 1.0 / ROWS + 1e-4 + 1e-7);
        assertEquals(0.05, number(up, "p05"), 1.0 / ROWS + 1e-4 + 1e-7);
        assertEquals(-0.95, number(feature(stats, 1), "p05"), 1.0 / ROWS + 1e-4 + 1e-7);
        assertEquals(1, up.<Integer>getAs("rank") + feature(stats, 1).<Integer>getAs("rank") - 2);
    }

    @Test
    void aboveTheBoundTheQuantilesComeFromASampleAndTheRestStaysExact() {
        int sample = 2_000;
        List<Row> sampled = FeatureStats.compute(attributions, ROWS, List.of("up", "down"), false, sample).collectAsList();
        List<Row> exact = FeatureStats.compute(attributions, ROWS, List.of("up", "down"), false, ROWS).collectAsList();
        Row up = feature(sampled, 0);
        assertEquals(ROWS, up.<Long>getAs("count"), "counts, means and extremes stay over all rows");
        assertEquals(number(feature(exact, 0), "mean"), number(up, "mean"), 1e-9);
        assertEquals(0.0, number(up, "min"), 0.0);
        // The rank error of a quantile from n sampled values has standard deviation √(p(1−p)/n).
        double bound = 5 * Math.sqrt(0.25 / sample);
        for (String quantile : List.of("p05", "p25", "p50", "p75", "p95")) {
            assertEquals(number(feature(exact, 0), quantile), number(up, quantile), bound, quantile);
        }
        assertNotEquals(number(feature(exact, 0), "p50"), number(up, "p50"),
                "a 10 % sample should not hit the exact median to the last bit");
        assertTrue(number(up, "p95") > number(up, "p05"));
    }

    @Test
    void aRareClassKeepsAllItsRowsInItsQuantiles() {
        // Rows 0..29 are class 1, the rest class 0: a 10 % sample rate for everything would leave
        // class 1 with about 3 rows; its own rate keeps all 30.
        Dataset<Row> twoClasses = attributions.withColumn("target",
                org.apache.spark.sql.functions.when(col("attributions").getItem(0).lt(29.5 / ROWS), 1).otherwise(0));
        List<Row> stats = FeatureStats.compute(twoClasses, ROWS, List.of("up", "down"), true, 2_000).collectAsList();
        Row rare = stats.stream().filter(r -> !r.isNullAt(r.fieldIndex("target")) && r.<Integer>getAs("target") == 1
                && r.<Integer>getAs("index") == 0).findFirst().orElseThrow();
        assertEquals(30, rare.<Long>getAs("count"));
        // The exact median of 0/n .. 29/n (percentile_approx takes the lower middle value).
        assertEquals(14.0 / ROWS, number(rare, "p50"), 1e-7);
        Row all = stats.stream().filter(r -> r.isNullAt(r.fieldIndex("target")) && r.<Integer>getAs("index") == 0)
                .findFirst().orElseThrow();
        assertEquals(0.5, number(all, "p50"), 5 * Math.sqrt(0.25 / 2_000));
    }
}
