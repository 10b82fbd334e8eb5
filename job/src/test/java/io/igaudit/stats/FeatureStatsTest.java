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
}
