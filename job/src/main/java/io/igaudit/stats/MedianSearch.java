package io.igaudit.stats;

import java.util.Arrays;

/**
 * The exact lower median of several columns of finite values that live elsewhere (in a cluster),
 * found in a few passes over them without holding them: each pass counts the values of every
 * unresolved column in {@link #BUCKETS} equal-width buckets of the range the median is known to
 * lie in, and the range shrinks to the observed extremes of the bucket that holds it. Once few
 * enough values are left in the ranges, one last pass hands them over and the median is picked
 * from them sorted. The lower median of n values is the one at index ceil(n / 2) - 1 of their
 * ascending order (Spark's {@code percentile_approx(x, 0.5)} where it is exact).
 */
public final class MedianSearch {

    /** Buckets per column and pass. */
    public static final int BUCKETS = 1024;
    /** After this many histogram passes the values left are handed over whatever their number. */
    static final int MAX_HISTOGRAM_PASSES = 12;

    private final double[] lo;
    private final double[] hi;
    private final long[] inRange;
    private final long[] targetInRange;
    private final double[] median;
    private final boolean[] resolved;
    private final long valueBudget;
    private int histogramPasses;

    /**
     * A search over columns holding {@code count} values each, between {@code min} and {@code max}
     * per column; passes hand over values once at most {@code valueBudget} are left in all ranges.
     */
    public MedianSearch(long count, double[] min, double[] max, long valueBudget) {
        if (count <= 0) {
            throw new IllegalArgumentException("no values");
        }
        int columns = min.length;
        this.lo = min.clone();
        this.hi = max.clone();
        this.inRange = new long[columns];
        this.targetInRange = new long[columns];
        this.median = new double[columns];
        this.resolved = new boolean[columns];
        this.valueBudget = valueBudget;
        Arrays.fill(inRange, count);
        Arrays.fill(targetInRange, (count + 1) / 2 - 1);
        for (int c = 0; c < columns; c++) {
            resolveIfOneValue(c);
        }
    }

    /** True once every column's median is known. */
    public boolean done() {
        for (boolean r : resolved) {
            if (!r) {
                return false;
            }
        }
        return true;
    }

    /** True when the next pass should hand over the values in range ({@link #pick}), not count them ({@link #narrow}). */
    public boolean wantsValues() {
        long left = 0;
        for (int c = 0; c < lo.length; c++) {
            left += resolved[c] ? 0 : inRange[c];
        }
        return left <= valueBudget || histogramPasses >= MAX_HISTOGRAM_PASSES;
    }

    /** The range of each column's values the next pass looks at (lower ends); NaN for a resolved column. */
    public double[] lows() {
        return masked(lo);
    }

    /** The range of each column's values the next pass looks at (upper ends, inclusive); NaN for a resolved column. */
    public double[] highs() {
        return masked(hi);
    }

    private double[] masked(double[] ends) {
        double[] out = ends.clone();
        for (int c = 0; c < out.length; c++) {
            if (resolved[c]) {
                out[c] = Double.NaN;
            }
        }
        return out;
    }

    /** The bucket of {@code value} in a range (0 to BUCKETS - 1), or -1 outside it (a NaN range too). */
    public static int bucket(double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            return -1;
        }
        if (high == low) {
            return 0;
        }
        int b = (int) ((value - low) / (high - low) * BUCKETS);
        return Math.min(BUCKETS - 1, Math.max(0, b));
    }

    /**
     * Counts of one pass: per column and bucket ({@link #bucket} of {@link #lows}/{@link #highs}) the
     * number of values, their smallest and largest (NaN where a bucket is empty).
     */
    public record Histogram(long[][] counts, double[][] smallest, double[][] largest) implements java.io.Serializable {
        /** Empty counts for {@code columns} columns. */
        public static Histogram empty(int columns) {
            double[][] smallest = new double[columns][BUCKETS];
            double[][] largest = new double[columns][BUCKETS];
            for (int c = 0; c < columns; c++) {
                Arrays.fill(smallest[c], Double.NaN);
                Arrays.fill(largest[c], Double.NaN);
            }
            return new Histogram(new long[columns][BUCKETS], smallest, largest);
        }

        /** Counts {@code value} of column {@code column} in bucket {@code b}. */
        public void add(int column, int b, double value) {
            counts[column][b]++;
            double s = smallest[column][b];
            smallest[column][b] = Double.isNaN(s) || value < s ? value : s;
            double l = largest[column][b];
            largest[column][b] = Double.isNaN(l) || value > l ? value : l;
        }

        /** This and {@code other} added up (into this). */
        public Histogram merge(Histogram other) {
            for (int c = 0; c < counts.length; c++) {
                for (int b = 0; b < BUCKETS; b++) {
                    if (other.counts[c][b] > 0) {
                        if (counts[c][b] == 0) {
                            smallest[c][b] = other.smallest[c][b];
                            largest[c][b] = other.largest[c][b];
                        } else {
                            smallest[c][b] = Math.min(smallest[c][b], other.smallest[c][b]);
                            largest[c][b] = Math.max(largest[c][b], other.largest[c][b]);
                        }
                        counts[c][b] += other.counts[c][b];
                    }
                }
            }
            return this;
        }
    }

    /** Narrows each unresolved column's range to the bucket that holds its median. */
    public void narrow(Histogram histogram) {
        histogramPasses++;
        for (int c = 0; c < lo.length; c++) {
            if (resolved[c]) {
                continue;
            }
            long[] counts = histogram.counts()[c];
            long seen = 0;
            int b = 0;
            while (seen + counts[b] <= targetInRange[c]) {
                seen += counts[b];
                b++;
                if (b == BUCKETS) {
                    throw new IllegalStateException("column " + c + ": the counts of a pass (" + seen
                            + " values) do not reach the median's place " + targetInRange[c] + "; did the values change?");
                }
            }
            lo[c] = histogram.smallest()[c][b];
            hi[c] = histogram.largest()[c][b];
            targetInRange[c] -= seen;
            inRange[c] = counts[b];
            resolveIfOneValue(c);
        }
    }

    /** Picks each unresolved column's median from every value in its range, in any order. */
    public void pick(double[][] valuesInRange) {
        for (int c = 0; c < lo.length; c++) {
            if (resolved[c]) {
                continue;
            }
            double[] values = valuesInRange[c].clone();
            if (values.length != inRange[c]) {
                throw new IllegalStateException("column " + c + ": " + values.length + " values in range where a pass counted "
                        + inRange[c] + "; did the values change?");
            }
            Arrays.sort(values);
            median[c] = values[(int) targetInRange[c]];
            resolved[c] = true;
        }
    }

    /** The medians (once {@link #done}). */
    public double[] medians() {
        if (!done()) {
            throw new IllegalStateException("the search is not done");
        }
        return median.clone();
    }

    private void resolveIfOneValue(int c) {
        if (lo[c] == hi[c]) {
            median[c] = lo[c];
            resolved[c] = true;
        }
    }
}
