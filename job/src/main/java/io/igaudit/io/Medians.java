package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.igaudit.config.ConfigException;
import io.igaudit.stats.MedianSearch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The exact lower median of each feature column over the valid rows ({@link MedianSearch}). When
 * the rows, as counted by the profile scan, hold at most {@link #VALUE_BUDGET} values in those
 * columns, that is one pass that hands the driver every value. Otherwise one query finds each
 * column's extremes, then a few passes count the values in buckets, the last of which hands the
 * driver the values left in the median's range: typically one counting pass and one with about a
 * thousandth of the values.
 */
final class Medians {

    /** The most values a pass hands the driver (8 bytes each). */
    static final long VALUE_BUDGET = 4_000_000;

    private Medians() {}

    /**
     * Each column's lower median over {@code rows}, whose values in those columns are finite;
     * {@code rowCount} is their number when known (negative when not).
     */
    static double[] of(Dataset<Row> rows, List<String> columns, long rowCount) {
        return of(rows, columns, rowCount, VALUE_BUDGET);
    }

    static double[] of(Dataset<Row> rows, List<String> columns, long knownRowCount, long valueBudget) {
        int width = columns.size();
        Column[] asDoubles = new Column[width];
        for (int c = 0; c < width; c++) {
            asDoubles[c] = col(RowValidity.quote(columns.get(c))).cast("double").as(valueColumn(c));
        }
        Dataset<Row> values = rows.select(asDoubles);
        MedianSearch search;
        if (knownRowCount > 0 && knownRowCount <= valueBudget / width) {
            double[] lowest = new double[width];
            double[] highest = new double[width];
            java.util.Arrays.fill(lowest, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(highest, Double.POSITIVE_INFINITY);
            search = new MedianSearch(knownRowCount, lowest, highest, valueBudget);
        } else {
            search = withExtremes(values, valueBudget);
        }
        // Internal rows: the doubles are read where they lie, without a Row and a boxed value each.
        JavaRDD<InternalRow> rdd = SparkInternals.internalRows(values).toJavaRDD();
        while (!search.done()) {
            double[] lows = search.lows();
            double[] highs = search.highs();
            if (search.wantsValues()) {
                search.pick(concatenate(rdd.mapPartitions(partition -> Collections.singletonList(inRange(partition, lows, highs))
                        .iterator()).collect(), width));
            } else {
                search.narrow(rdd.mapPartitions(partition -> Collections.singletonList(histogram(partition, lows, highs)).iterator())
                        .treeReduce(MedianSearch.Histogram::merge));
            }
        }
        return search.medians();
    }

    /** A search from each column's count and extremes, found by one query. */
    private static MedianSearch withExtremes(Dataset<Row> values, long valueBudget) {
        int width = values.columns().length;
        List<Column> extremes = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            extremes.add(min(col(valueColumn(c))));
            extremes.add(max(col(valueColumn(c))));
        }
        Row found = values.agg(count(lit(1)), extremes.toArray(Column[]::new)).first();
        long rowCount = found.getLong(0);
        if (rowCount == 0) {
            throw new ConfigException("attribution.baseline: no valid rows to compute it from");
        }
        double[] smallest = new double[width];
        double[] largest = new double[width];
        for (int c = 0; c < width; c++) {
            smallest[c] = found.getDouble(1 + 2 * c);
            largest[c] = found.getDouble(2 + 2 * c);
        }
        return new MedianSearch(rowCount, smallest, largest, valueBudget);
    }

    private static MedianSearch.Histogram histogram(Iterator<InternalRow> rows, double[] lows, double[] highs) {
        MedianSearch.Histogram histogram = MedianSearch.Histogram.empty(lows.length);
        while (rows.hasNext()) {
            InternalRow row = rows.next();
            for (int c = 0; c < lows.length; c++) {
                double value = row.getDouble(c);
                int b = MedianSearch.bucket(value, lows[c], highs[c]);
                if (b >= 0) {
                    histogram.add(c, b, value);
                }
            }
        }
        return histogram;
    }

    /** Per column, the values within its range (none for a resolved column, whose range is NaN). */
    private static double[][] inRange(Iterator<InternalRow> rows, double[] lows, double[] highs) {
        DoubleList[] kept = new DoubleList[lows.length];
        for (int c = 0; c < kept.length; c++) {
            kept[c] = new DoubleList();
        }
        while (rows.hasNext()) {
            InternalRow row = rows.next();
            for (int c = 0; c < lows.length; c++) {
                double value = row.getDouble(c);
                if (value >= lows[c] && value <= highs[c]) {
                    kept[c].add(value);
                }
            }
        }
        double[][] out = new double[kept.length][];
        for (int c = 0; c < kept.length; c++) {
            out[c] = kept[c].toArray();
        }
        return out;
    }

    /** The name of column {@code c}'s values as doubles. */
    private static String valueColumn(int c) {
        return "_ig_audit_value_" + c;
    }

    /** The partitions' values in range, per column, one array each. */
    private static double[][] concatenate(List<double[][]> partitions, int width) {
        double[][] out = new double[width][];
        for (int c = 0; c < width; c++) {
            int length = 0;
            for (double[][] partition : partitions) {
                length += partition[c].length;
            }
            out[c] = new double[length];
            int at = 0;
            for (double[][] partition : partitions) {
                System.arraycopy(partition[c], 0, out[c], at, partition[c].length);
                at += partition[c].length;
            }
        }
        return out;
    }

    /** A growable array of doubles. */
    private static final class DoubleList {
        private double[] values = new double[16];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
