package io.igaudit.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * input.sample against a run of every row (scripts/bench-sample.sh), in two steps:
 *
 * <ul>
 *   <li>{@code make CSV ROWS SEED OUT}: the CSV's rows replicated to ROWS rows as a Parquet folder, each
 *       copy's numeric columns times (1 + 0.01 · a seeded standard normal), ids made unique per copy
 *       ({@code copy · 10^9 + id});
 *   <li>{@code compare FULL SAMPLE}: how many of the full run's mean |attribution| (feature_stats,
 *       per feature and group) lie inside the sample run's intervals, and the intervals' median
 *       relative half-width.
 * </ul>
 */
public final class SampleBench {

    private static final long ID_STRIDE = 1_000_000_000L;

    private SampleBench() {}

    /** {@code make CSV ROWS SEED OUT} or {@code compare FULL SAMPLE}. */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 5 && args[0].equals("make")) {
            try (SparkSession spark = session()) {
                make(spark, args[1], Long.parseLong(args[2]), Long.parseLong(args[3]), args[4]);
            }
        } else if (args.length == 3 && args[0].equals("compare")) {
            try (SparkSession spark = session()) {
                compare(spark, args[1], args[2]);
            }
        } else {
            System.err.println("usage: SampleBench make CSV ROWS SEED OUT | SampleBench compare FULL_OUTPUT SAMPLE_OUTPUT");
            System.exit(2);
        }
    }

    private static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("sample-bench").config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    private static void make(SparkSession spark, String csv, long rows, long seed, String out) {
        Dataset<Row> original = spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
        long copies = (rows + original.count() - 1) / original.count();
        Dataset<Row> copy = spark.range(copies).withColumnRenamed("id", "_copy");
        List<Column> columns = new ArrayList<>();
        int c = 0;
        for (String name : original.columns()) {
            if (name.equals("id")) {
                columns.add(col("_copy").multiply(lit(ID_STRIDE)).plus(col("id")).as("id"));
            } else {
                columns.add(col(name).multiply(lit(1).plus(randn(seed + c++).multiply(0.01))).as(name));
            }
        }
        original.crossJoin(copy).select(columns.toArray(Column[]::new)).limit((int) rows).repartition(8)
                .write().mode("overwrite").parquet(out);
        System.out.println("wrote " + spark.read().parquet(out).count() + " rows to " + out);
    }

    private static void compare(SparkSession spark, String full, String sample) {
        Dataset<Row> all = spark.read().parquet(full + "/feature_stats").select(col("feature"), col("target"),
                col("mean_abs").as("full_mean_abs"));
        Dataset<Row> part = spark.read().parquet(sample + "/feature_stats");
        List<Row> joined = part.join(all, part.col("feature").equalTo(all.col("feature"))
                .and(part.col("target").eqNullSafe(all.col("target")))).select(part.col("target"), col("mean_abs"),
                col("mean_abs_ci_low"), col("mean_abs_ci_high"), col("full_mean_abs"), col("count")).collectAsList();
        java.util.Map<String, int[]> byGroup = new java.util.TreeMap<>();
        java.util.Map<String, List<Double>> widths = new java.util.TreeMap<>();
        for (Row row : joined) {
            String group = row.isNullAt(0) ? "all rows" : "target " + row.getInt(0);
            double truth = row.getDouble(4);
            boolean inside = truth >= row.getDouble(2) && truth <= row.getDouble(3);
            int[] counts = byGroup.computeIfAbsent(group, g -> new int[2]);
            counts[0] += inside ? 1 : 0;
            counts[1]++;
            widths.computeIfAbsent(group, g -> new ArrayList<>()).add((row.getDouble(3) - row.getDouble(1)) / row.getDouble(1));
            widths.get(group).sort(null);
        }
        byGroup.forEach((group, counts) -> {
            List<Double> w = widths.get(group);
            System.out.printf(Locale.ROOT, "%s: %d of %d features' full-run mean |attribution| inside the sample's 95 %% "
                    + "intervals; median half-width %.2f %% of the mean%n", group, counts[0], counts[1],
                    100 * w.get(w.size() / 2));
        });
    }
}
