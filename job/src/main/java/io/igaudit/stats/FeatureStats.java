package io.igaudit.stats;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.igaudit.io.OutputSchemas;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Per-feature statistics of the attributions: count, mean, mean |a|, std (sample), min, max,
 * quantiles p05..p95 ({@code percentile_approx} with accuracy 10,000: rank error at most 0.01% of
 * the count), share of positive values, share of the total mean |a|, and rank by mean |a|. One
 * scan: with per-class rows (target = predicted) a rollup computes the all-classes rows
 * ({@code target} null) and the per-class rows together.
 */
public final class FeatureStats {

    /** The accuracy given to percentile_approx. */
    public static final int QUANTILE_ACCURACY = 10_000;

    private FeatureStats() {}

    /** The statistics table for attribution rows and the feature names in attribution order. */
    public static Dataset<Row> compute(Dataset<Row> attributions, List<String> featureNames, boolean perClass) {
        Dataset<Row> values = attributions.select(col(OutputSchemas.TARGET),
                posexplode(col(OutputSchemas.ATTRIBUTIONS)).as(new String[] {"index", "value"}));
        Column[] aggregates = {
            count(col("value")).as("count"),
            avg(col("value")).as("mean"),
            avg(abs(col("value"))).as("mean_abs"),
            stddev_samp(col("value")).as("std"),
            min(col("value")).as("min"),
            max(col("value")).as("max"),
            expr("percentile_approx(value, array(0.05, 0.25, 0.5, 0.75, 0.95), " + QUANTILE_ACCURACY + ")").as("q"),
            avg(when(col("value").gt(0), 1.0).otherwise(0.0)).as("positive_share"),
        };
        Dataset<Row> grouped;
        if (perClass) {
            grouped = values.rollup(col("index"), col(OutputSchemas.TARGET))
                    .agg(grouping(col("index")).as("g_index"), aggregates)
                    .filter(col("g_index").equalTo(0))
                    .drop("g_index");
        } else {
            grouped = values.groupBy(col("index")).agg(aggregates[0], java.util.Arrays.copyOfRange(aggregates, 1, aggregates.length))
                    .withColumn(OutputSchemas.TARGET, lit(null).cast("int"));
        }
        WindowSpec perTarget = Window.partitionBy(col(OutputSchemas.TARGET));
        Column names = array(featureNames.stream().map(functions::lit).toArray(Column[]::new));
        return grouped.select(
                element_at(names, col("index").plus(1)).as("feature"),
                col("index").cast("int").as("index"),
                col(OutputSchemas.TARGET).cast("int").as(OutputSchemas.TARGET),
                col("count"), col("mean"), col("mean_abs"), col("std"), col("min"), col("max"),
                col("q").getItem(0).as("p05"), col("q").getItem(1).as("p25"), col("q").getItem(2).as("p50"),
                col("q").getItem(3).as("p75"), col("q").getItem(4).as("p95"),
                col("positive_share"),
                col("mean_abs").divide(sum(col("mean_abs")).over(perTarget)).as("share_of_total_abs"),
                row_number().over(perTarget.orderBy(desc("mean_abs"), col("index"))).as("rank"))
                .orderBy(col(OutputSchemas.TARGET).asc_nulls_first(), col("rank"));
    }
}
