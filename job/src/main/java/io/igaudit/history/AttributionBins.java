package io.igaudit.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.igaudit.io.OutputSchemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Each feature's attributions on fixed bins, for PSI between runs: this run's deciles as edges
 * (one scan), then in one more scan the rows in each bin of this run's edges and of an earlier
 * run's. Bin k of edges e holds values v with e₍ₖ₋₁₎ < v ≤ eₖ ({@link Bins#binOf}).
 */
public final class AttributionBins {

    /** Most bins per feature: 9 deciles as edges give 10 bins. */
    public static final int MAX_BINS = 10;
    private static final String DECILES = "array(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)";

    private AttributionBins() {}

    /** Per feature index, the distinct deciles of its attributions over all rows (percentile_approx, accuracy 10,000). */
    public static Map<Integer, double[]> decileEdges(Dataset<Row> attributions) {
        Map<Integer, double[]> edges = new HashMap<>();
        for (Row row : values(attributions).groupBy(col("index"))
                .agg(expr("percentile_approx(value, " + DECILES + ", 10000)").as("q")).collectAsList()) {
            List<Double> q = row.getList(1);
            edges.put(row.getInt(0), Bins.distinctEdges(q.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return edges;
    }

    /**
     * Rows per bin, per feature index, for two sets of edges in one scan.
     *
     * @param own this run's edges by feature index
     * @param earlier an earlier run's edges by feature index (features it lacks are left out)
     * @return per feature index: [0] the counts in {@code own}'s bins, [1] those in {@code earlier}'s (or null)
     */
    public static Map<Integer, long[][]> counts(SparkSession spark, Dataset<Row> attributions, Map<Integer, double[]> own,
            Map<Integer, double[]> earlier) {
        List<Row> edgeRows = new ArrayList<>();
        own.forEach((index, edges) -> edgeRows.add(RowFactory.create(index, toList(edges), toList(earlier.get(index)))));
        StructType schema = new StructType()
                .add("index", DataTypes.IntegerType, false)
                .add("own_edges", DataTypes.createArrayType(DataTypes.DoubleType), false)
                .add("earlier_edges", DataTypes.createArrayType(DataTypes.DoubleType), true);
        Dataset<Row> edges = functions.broadcast(spark.createDataFrame(edgeRows, schema));
        Dataset<Row> binned = values(attributions).join(edges, "index")
                .select(col("index"), binOf("own_edges").as("own_bin"), binOf("earlier_edges").as("earlier_bin"));
        List<Column> aggregates = new ArrayList<>();
        for (int k = 0; k < MAX_BINS; k++) {
            aggregates.add(sum(when(col("own_bin").equalTo(k), 1L).otherwise(0L)).as("own_" + k));
        }
        for (int k = 0; k < MAX_BINS; k++) {
            aggregates.add(sum(when(col("earlier_bin").equalTo(k), 1L).otherwise(0L)).as("earlier_" + k));
        }
        Map<Integer, long[][]> counts = new HashMap<>();
        for (Row row : binned.groupBy(col("index"))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).collectAsList()) {
            int index = row.getInt(0);
            long[] ownCounts = take(row, 1, own.get(index).length + 1);
            double[] earlierEdges = earlier.get(index);
            long[] earlierCounts = earlierEdges == null ? null : take(row, 1 + MAX_BINS, earlierEdges.length + 1);
            counts.put(index, new long[][] {ownCounts, earlierCounts});
        }
        return counts;
    }

    /** (index, value as double) for every attribution. */
    private static Dataset<Row> values(Dataset<Row> attributions) {
        return attributions.select(posexplode(col(OutputSchemas.ATTRIBUTIONS)).as(new String[] {"index", "value"}))
                .select(col("index").cast("int").as("index"), col("value").cast("double").as("value"));
    }

    /** The number of edges below the value: its bin; null without edges. */
    private static Column binOf(String edgesColumn) {
        return functions.when(col(edgesColumn).isNull(), lit(null).cast("int"))
                .otherwise(functions.size(functions.filter(col(edgesColumn), e -> e.lt(col("value")))));
    }

    private static long[] take(Row row, int first, int n) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = row.getLong(first + i);
        }
        return values;
    }

    private static List<Double> toList(double[] values) {
        if (values == null) {
            return null;
        }
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }
}
