package io.igaudit.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The feature_stats table from the merged summaries: per feature and group (all rows, target
 * null, then each target) count, mean, mean |a|, std (sample), min, max, quantiles p05..p95,
 * share of positive values, share of the group's total mean |a|, and rank by mean |a|.
 *
 * <p>Every figure but the quantiles is exact over all rows. The quantiles come from each group's
 * KLL sketches (rank error {@link QuantileSketch#rankError} of the count, 1.33 % for k = 200, with
 * 99 % confidence), fed with every row of a group up to {@link StatsSpec#SKETCH_ROWS} rows and a
 * random sample of about that many beyond.
 */
public final class FeatureStats {

    /** The ranks of the quantile columns. */
    static final double[] QUANTILE_RANKS = {0.05, 0.25, 0.5, 0.75, 0.95};

    /** The table's columns (min, max and the quantiles in the attributions' own float type). */
    public static final StructType SCHEMA = new StructType()
            .add("feature", DataTypes.StringType, false)
            .add("index", DataTypes.IntegerType, false)
            .add("target", DataTypes.IntegerType, true)
            .add("count", DataTypes.LongType, false)
            .add("mean", DataTypes.DoubleType, false)
            .add("mean_abs", DataTypes.DoubleType, false)
            .add("std", DataTypes.DoubleType, true)
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

    private FeatureStats() {}

    /** The rows of {@link #SCHEMA} (they carry it, so they can be read by column name): the all-rows group first, then each target; within a group by rank. */
    public static List<Row> rows(PartitionStats stats, List<String> names) {
        List<Row> rows = new ArrayList<>(group(stats.allRows(), null, names));
        for (Map.Entry<Integer, FeatureGroup> perTarget : stats.perTarget().entrySet()) {
            rows.addAll(group(perTarget.getValue(), perTarget.getKey(), names));
        }
        return rows;
    }

    private static List<Row> group(FeatureGroup group, Integer target, List<String> names) {
        if (group.count() == 0) {
            return List.of();
        }
        int features = group.features();
        double total = 0;
        for (int i = 0; i < features; i++) {
            total += group.meanAbs(i);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(group::meanAbs).reversed().thenComparing(Comparator.naturalOrder()));
        List<Row> rows = new ArrayList<>(features);
        for (int rank = 1; rank <= features; rank++) {
            int i = order.get(rank - 1);
            float[] q = group.sketch(i).quantiles(QUANTILE_RANKS);
            double std = group.std(i);
            rows.add(new GenericRowWithSchema(new Object[] {names.get(i), i, target, group.count(), group.mean(i),
                group.meanAbs(i), group.count() < 2 ? null : std, group.min(i), group.max(i), nanToNull(q[0]),
                nanToNull(q[1]), nanToNull(q[2]), nanToNull(q[3]), nanToNull(q[4]), group.positiveShare(i),
                group.meanAbs(i) / total, rank}, SCHEMA));
        }
        return rows;
    }

    private static Float nanToNull(float value) {
        return Float.isNaN(value) ? null : value;
    }
}
