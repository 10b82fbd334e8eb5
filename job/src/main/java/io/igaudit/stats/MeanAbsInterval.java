package io.igaudit.stats;

/**
 * The 95 % confidence interval of a mean |attribution| measured on a sample of the input's rows
 * (input.sample): the normal approximation mean ± z · s / √n · √(1 − f), where s is the sample
 * standard deviation of |attribution| over the group's n values, f the sampled fraction (the
 * finite-population correction) and z = 1.96. The low end is kept at 0 or above, where every mean
 * |attribution| lies. Both ends are NaN ({@link #NONE}) for a run of every row, which has no
 * sampling error, and below two values.
 *
 * @param meanAbsCiLow the interval's low end
 * @param meanAbsCiHigh the interval's high end
 */
public record MeanAbsInterval(double meanAbsCiLow, double meanAbsCiHigh) {

    /** No interval: every row was audited, or too few values. */
    public static final MeanAbsInterval NONE = new MeanAbsInterval(Double.NaN, Double.NaN);

    /** The intervals' confidence level. */
    public static final double CONFIDENCE = 0.95;

    /** The standard normal's 97.5 % quantile: a two-sided 95 % interval. */
    static final double Z_95 = 1.959963984540054;

    /**
     * The interval from a group's moments of the signed attribution, which give those of |a|:
     * E[a²] = std² · (n − 1) / n + mean², so var(|a|) = (E[a²] − meanAbs²) · n / (n − 1).
     *
     * @param n values in the group
     * @param mean their mean
     * @param meanAbs their mean |value|
     * @param std their sample standard deviation
     * @param fraction the share of the input's rows sampled, in (0, 1]; 1 gives {@link #NONE}
     */
    public static MeanAbsInterval of(long n, double mean, double meanAbs, double std, double fraction) {
        if (fraction >= 1 || n < 2 || !Double.isFinite(std)) {
            return NONE;
        }
        double halfWidth = Z_95 * absStd(n, mean, meanAbs, std) / Math.sqrt(n) * Math.sqrt(1 - fraction);
        return new MeanAbsInterval(Math.max(0, meanAbs - halfWidth), meanAbs + halfWidth);
    }

    /** The sample standard deviation of |a| from the moments of a (n ≥ 2). */
    static double absStd(long n, double mean, double meanAbs, double std) {
        // std² + (mean² − meanAbs²) · n / (n − 1): the two terms of E[a²] − meanAbs², rescaled.
        double variance = std * std + (mean - meanAbs) * (mean + meanAbs) * n / (n - 1);
        return Math.sqrt(Math.max(0, variance));
    }

    /** Whether there is an interval (a sampled run, two values or more). */
    public boolean known() {
        return !Double.isNaN(meanAbsCiLow);
    }

    /** Whether {@code value} lies inside the interval (false without one). */
    public boolean contains(double value) {
        return known() && value >= meanAbsCiLow && value <= meanAbsCiHigh;
    }
}
