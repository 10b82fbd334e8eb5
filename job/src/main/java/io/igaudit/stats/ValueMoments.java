package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;

/**
 * The attributions that one value (a token, a category) received within one group of rows, kept so
 * that two groups' moments merge into the moments of both: occurrences, rows holding the value,
 * sum, sum of |a|, the running mean and sum of squared deviations (M2: Welford's update, merged by
 * Chan, Golub and LeVeque's formula) and the positive count.
 */
final class ValueMoments implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private long count;
    private long rows;
    private double sum;
    private double sumAbs;
    private double mean;
    private double m2;
    private long positive;

    /**
     * Adds one occurrence.
     *
     * @param x its attribution (not NaN)
     * @param newRow whether it is the value's first occurrence in its row
     */
    void add(float x, boolean newRow) {
        count++;
        if (newRow) {
            rows++;
        }
        sum += x;
        sumAbs += Math.abs(x);
        double d = x - mean;
        mean += d / count;
        m2 += d * (x - mean);
        if (x > 0) {
            positive++;
        }
    }

    /** Adds every occurrence of {@code other}, counted over other rows. */
    void merge(ValueMoments other) {
        if (other.count == 0) {
            return;
        }
        double n = count + other.count;
        double d = other.mean - mean;
        m2 += other.m2 + d * d * count * other.count / n;
        mean += d * other.count / n;
        count += other.count;
        rows += other.rows;
        sum += other.sum;
        sumAbs += other.sumAbs;
        positive += other.positive;
    }

    /** A copy, so that a merge never shares state with the merged value. */
    ValueMoments copy() {
        ValueMoments copy = new ValueMoments();
        copy.merge(this);
        return copy;
    }

    long count() {
        return count;
    }

    long rows() {
        return rows;
    }

    double sum() {
        return sum;
    }

    double sumAbs() {
        return sumAbs;
    }

    double mean() {
        return sum / count;
    }

    double meanAbs() {
        return sumAbs / count;
    }

    /** Sample standard deviation over the occurrences; NaN below two. */
    double std() {
        return count < 2 ? Double.NaN : Math.sqrt(Math.max(0, m2) / (count - 1));
    }

    double positiveShare() {
        return (double) positive / count;
    }
}
