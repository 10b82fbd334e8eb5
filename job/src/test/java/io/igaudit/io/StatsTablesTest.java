package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.igaudit.stats.CategoryRow;
import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.TokenRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The statistics tables' layouts are the ones readers rely on (README, Output), and their rule for nulls. */
class StatsTablesTest {

    @Test
    void featureStatsHasItsColumnsInOrderWithFloatsForTheRangeAndQuantiles() {
        StructType expected = new StructType()
                .add("feature", DataTypes.StringType, false)
                .add("index", DataTypes.IntegerType, false)
                .add("target", DataTypes.IntegerType, true)
                .add("count", DataTypes.LongType, false)
                .add("mean", DataTypes.DoubleType, false)
                .add("mean_abs", DataTypes.DoubleType, false)
                .add("std", DataTypes.DoubleType, true)
                .add("mean_abs_ci_low", DataTypes.DoubleType, true)
                .add("mean_abs_ci_high", DataTypes.DoubleType, true)
                .add("min", DataTypes.FloatType, false)
                .add("max", DataTypes.FloatType, false)
                .add("p05", DataTypes.FloatType, true)
                .add("p25", DataTypes.FloatType, true)
                .add("p50", DataTypes.FloatType, true)
                .add("p75", DataTypes.FloatType, true)
                .add("p95", DataTypes.FloatType, true)
                .add("positive_share", DataTypes.DoubleType, false)
                .add("share_of_total_abs", DataTypes.DoubleType, false)
                .add("rank", DataTypes.IntegerType, false);
        assertEquals(expected, StatsTables.FEATURES.schema());
    }

    @Test
    void aStdOfOneRowAndAMissingQuantileAreNullButANanStdOfManyRowsStays() {
        FeatureRow one = new FeatureRow("a", 0, null, 1, new FeatureRow.Moments(0.5, 0.5, Double.NaN),
                new FeatureRow.Quantiles(0.5, 0.5, Double.NaN, 0.5, 0.5, 0.5, 0.5), 1, 1, 1);
        Object[] values = StatsTables.FEATURES.values(one);
        assertArrayEquals(new Object[] {"a", 0, null, 1L, 0.5, 0.5, null, null, null, 0.5f, 0.5f, null, 0.5f, 0.5f, 0.5f, 0.5f, 1.0, 1.0, 1},
                values);
        FeatureRow many = new FeatureRow("a", 0, 2, 5, new FeatureRow.Moments(Double.NaN, Double.NaN, Double.NaN),
                new FeatureRow.Quantiles(0, 1, 0, 0, 0, 0, 1), 1, 1, 1);
        assertEquals(Double.NaN, StatsTables.FEATURES.values(many)[6], "Spark's std of NaN values is NaN, not null");
    }

    @Test
    void aSampledRunWritesTheIntervalOfMeanAbsBesideIt() {
        // Positive attributions (|a| = a), n = 100, s = 0.5, half the rows: 1.96 · 0.05 · √0.5 = 0.0692952.
        FeatureRow row = new FeatureRow("a", 0, null, 100, new FeatureRow.Moments(2, 2, 0.5),
                new FeatureRow.Quantiles(1, 3, 1, 2, 2, 2, 3), 1, 1, 1);
        Object[] values = StatsTables.FEATURES.values(row.withSampleFraction(0.5));
        assertEquals(2 - 0.0692952, (double) values[7], 1e-6);
        assertEquals(2 + 0.0692952, (double) values[8], 1e-6);
        Object[] everyRow = StatsTables.FEATURES.values(row.withSampleFraction(1));
        assertNull(everyRow[7], "a run of every row has no sampling error: no interval");
        assertNull(everyRow[8]);
    }

    @Test
    void tokenStatsWritesRankZeroAndNanStdAsNull() {
        StructType expected = new StructType()
                .add("token_id", DataTypes.LongType, false)
                .add("token", DataTypes.StringType, false)
                .add("target", DataTypes.IntegerType, true)
                .add("special", DataTypes.BooleanType, false)
                .add("occurrences", DataTypes.LongType, false)
                .add("rows", DataTypes.LongType, false)
                .add("mean", DataTypes.DoubleType, false)
                .add("mean_abs", DataTypes.DoubleType, false)
                .add("std", DataTypes.DoubleType, true)
                .add("mean_abs_ci_low", DataTypes.DoubleType, true)
                .add("mean_abs_ci_high", DataTypes.DoubleType, true)
                .add("positive_share", DataTypes.DoubleType, false)
                .add("total_abs", DataTypes.DoubleType, false)
                .add("rank_total", DataTypes.IntegerType, true)
                .add("rank_mean_abs", DataTypes.IntegerType, true)
                .add("error_bound", DataTypes.DoubleType, false);
        assertEquals(expected, StatsTables.TOKENS.schema());
        Object[] values = StatsTables.TOKENS.values(new TokenRow(101, "[CLS]", null, true, 4, 4, 0, 0, Double.NaN, 0, 0, 0, 0, 0));
        assertNull(values[8]);
        assertNull(values[9]);
        assertNull(values[10]);
        assertNull(values[13]);
        assertNull(values[14]);
        assertEquals(0.0, values[15]);
    }

    @Test
    void categoryStatsHasItsColumnsInOrder() {
        StructType expected = new StructType()
                .add("column", DataTypes.StringType, false)
                .add("index", DataTypes.IntegerType, false)
                .add("code", DataTypes.LongType, false)
                .add("category", DataTypes.StringType, true)
                .add("target", DataTypes.IntegerType, true)
                .add("count", DataTypes.LongType, false)
                .add("share", DataTypes.DoubleType, false)
                .add("mean", DataTypes.DoubleType, false)
                .add("mean_abs", DataTypes.DoubleType, false)
                .add("std", DataTypes.DoubleType, true)
                .add("mean_abs_ci_low", DataTypes.DoubleType, true)
                .add("mean_abs_ci_high", DataTypes.DoubleType, true)
                .add("positive_share", DataTypes.DoubleType, false)
                .add("rank", DataTypes.IntegerType, false);
        assertEquals(expected, StatsTables.CATEGORIES.schema());
        Object[] values = StatsTables.CATEGORIES.values(new CategoryRow("colour", 3, 7, null, 1, 2, 0.5, 0.1, 0.2, Double.NaN, 1, 1));
        assertArrayEquals(new Object[] {"colour", 3, 7L, null, 1, 2L, 0.5, 0.1, 0.2, null, null, null, 1.0, 1}, values);
    }
}
