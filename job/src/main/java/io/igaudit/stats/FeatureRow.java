package io.igaudit.stats;

/**
 * One feature's attributions within one group of rows: a row of {@code feature_stats}, and what
 * the history and the report keep of it.
 *
 * @param feature the feature's name
 * @param index its position in the attributions
 * @param target the target class, or null for all rows
 * @param count rows of the group
 * @param moments mean, mean |attribution| and standard deviation (exact)
 * @param meanAbsCi the 95 % confidence interval of mean |attribution| when the rows are a sample
 *     (input.sample), {@link MeanAbsInterval#NONE} for a run of every row
 * @param quantiles smallest and largest attribution (exact) and the quantiles (from the sketch)
 * @param positiveShare share of rows with a positive attribution
 * @param shareOfTotalAbs meanAbs over the sum of every feature's meanAbs in the group
 * @param rank 1 = largest meanAbs in the group
 */
public record FeatureRow(
        String feature,
        int index,
        Integer target,
        long count,
        Moments moments,
        MeanAbsInterval meanAbsCi,
        Quantiles quantiles,
        double positiveShare,
        double shareOfTotalAbs,
        int rank) {

    /** A row of a run of every row: no confidence interval. */
    public FeatureRow(String feature, int index, Integer target, long count, Moments moments, Quantiles quantiles,
            double positiveShare, double shareOfTotalAbs, int rank) {
        this(feature, index, target, count, moments, MeanAbsInterval.NONE, quantiles, positiveShare, shareOfTotalAbs, rank);
    }

    /** This row with the confidence interval of its mean |attribution| for rows sampled at {@code fraction} (none at 1). */
    public FeatureRow withSampleFraction(double fraction) {
        return new FeatureRow(feature, index, target, count, moments,
                MeanAbsInterval.of(count, moments.mean(), moments.meanAbs(), moments.std(), fraction), quantiles,
                positiveShare, shareOfTotalAbs, rank);
    }

    /**
     * A feature's moments in a group.
     *
     * @param mean mean attribution
     * @param meanAbs mean |attribution|
     * @param std sample standard deviation (NaN below two rows)
     */
    public record Moments(double mean, double meanAbs, double std) {}

    /**
     * A feature's range and quantiles in a group (NaN where a group had no value).
     *
     * @param min smallest attribution
     * @param max largest attribution
     * @param p05 5th percentile
     * @param p25 25th percentile
     * @param p50 median
     * @param p75 75th percentile
     * @param p95 95th percentile
     */
    public record Quantiles(double min, double max, double p05, double p25, double p50, double p75, double p95) {}

    /** True for the all-rows group (no target class). */
    public boolean allRows() {
        return target == null;
    }

    /** Mean |attribution|, the feature's importance. */
    public double meanAbs() {
        return moments.meanAbs();
    }
}
