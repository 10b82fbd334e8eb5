package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The attributions of one group of rows (all rows, or the rows of one target), summarised per
 * feature so that two groups' summaries merge into the summary of both: count, sum, sum of
 * |a|, the running mean and sum of squared deviations (M2: Welford's update, merged by Chan,
 * Golub and LeVeque's formula), min, max, the positive count, and a quantile sketch per feature.
 *
 * <p>NaN follows Spark SQL's ordering, where NaN is larger than every number, so that the figures
 * equal those Spark computes from the written rows: it makes the max NaN, never the min (unless
 * every value is NaN), and counts as positive.
 */
public final class FeatureGroup implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private long count;
    private final double[] sum;
    private final double[] sumAbs;
    private final double[] mean;
    private final double[] m2;
    private final float[] min;
    private final float[] max;
    private final long[] positive;
    private final QuantileSketch[] sketches;

    /**
     * An empty group.
     *
     * @param features values per row
     * @param sketchK the quantile sketches' k
     */
    public FeatureGroup(int features, int sketchK) {
        this(features, sketchK, true);
    }

    /** An empty group of exact moments alone, without quantile sketches (a slice's group). */
    static FeatureGroup momentsOnly(int features) {
        return new FeatureGroup(features, 16, false);
    }

    private FeatureGroup(int features, int sketchK, boolean sketched) {
        sum = new double[features];
        sumAbs = new double[features];
        mean = new double[features];
        m2 = new double[features];
        min = new float[features];
        max = new float[features];
        Arrays.fill(min, Float.NaN);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        positive = new long[features];
        sketches = sketched ? new QuantileSketch[features] : null;
        for (int i = 0; sketched && i < features; i++) {
            sketches[i] = new QuantileSketch(sketchK);
        }
    }

    /**
     * Adds one row.
     *
     * @param values the attributions of a batch, row-major
     * @param offset where this row starts
     * @param sketched whether the row's values also go into the quantile sketches
     */
    void add(float[] values, int offset, boolean sketched) {
        count++;
        double n = count;
        for (int i = 0; i < sum.length; i++) {
            float x = values[offset + i];
            sum[i] += x;
            sumAbs[i] += Math.abs(x);
            double d = x - mean[i];
            mean[i] += d / n;
            m2[i] += d * (x - mean[i]);
            if (Float.isNaN(min[i]) || x < min[i]) {
                min[i] = x;
            }
            if (Float.isNaN(x) || x > max[i]) {
                max[i] = x;
            }
            if (x > 0 || Float.isNaN(x)) {
                positive[i]++;
            }
            if (sketched && sketches != null) {
                sketches[i].update(x);
            }
        }
    }

    /** Adds every row of {@code other} (a group of the same features) to this group. */
    void merge(FeatureGroup other) {
        if (other.count == 0) {
            return;
        }
        double n = count + other.count;
        for (int i = 0; i < sum.length; i++) {
            double d = other.mean[i] - mean[i];
            m2[i] += other.m2[i] + d * d * count * other.count / n;
            mean[i] += d * other.count / n;
            sum[i] += other.sum[i];
            sumAbs[i] += other.sumAbs[i];
            if (Float.isNaN(min[i]) || other.min[i] < min[i]) {
                min[i] = other.min[i];
            }
            if (Float.isNaN(other.max[i]) || other.max[i] > max[i]) {
                max[i] = other.max[i];
            }
            positive[i] += other.positive[i];
            if (sketches != null) {
                sketches[i].merge(other.sketches[i]);
            }
        }
        count += other.count;
    }

    /** Rows in the group. */
    public long count() {
        return count;
    }

    /** Features per row. */
    public int features() {
        return sum.length;
    }

    /** Mean attribution of feature {@code i}. */
    public double mean(int i) {
        return sum[i] / count;
    }

    /** Mean |attribution| of feature {@code i}. */
    public double meanAbs(int i) {
        return sumAbs[i] / count;
    }

    /** Sample standard deviation of feature {@code i}; NaN below two rows. */
    public double std(int i) {
        return count < 2 ? Double.NaN : Math.sqrt(Math.max(0, m2[i]) / (count - 1));
    }

    /** Smallest attribution of feature {@code i}. */
    public float min(int i) {
        return min[i];
    }

    /** Largest attribution of feature {@code i}. */
    public float max(int i) {
        return max[i];
    }

    /** Share of rows whose attribution of feature {@code i} is positive. */
    public double positiveShare(int i) {
        return (double) positive[i] / count;
    }

    /** Whether the group keeps quantile sketches ({@link #momentsOnly} does not). */
    public boolean sketched() {
        return sketches != null;
    }

    /** The quantile sketch of feature {@code i}; only for a {@link #sketched} group. */
    public QuantileSketch sketch(int i) {
        return sketches[i];
    }
}
