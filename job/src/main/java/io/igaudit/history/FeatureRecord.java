package io.igaudit.history;

/**
 * One feature's attribution statistics in one run, as the history keeps them: the columns of
 * feature_stats, and for the all-rows group the decile bins that later runs compute PSI on.
 *
 * @param feature the feature's name
 * @param index its position in the attributions
 * @param target the target class, or null for all rows
 * @param count rows
 * @param mean mean attribution
 * @param meanAbs mean |attribution|
 * @param std sample standard deviation
 * @param min smallest attribution
 * @param max largest attribution
 * @param p05 5th percentile
 * @param p25 25th percentile
 * @param p50 median
 * @param p75 75th percentile
 * @param p95 95th percentile
 * @param positiveShare share of rows with a positive attribution
 * @param shareOfTotalAbs meanAbs over the sum of every feature's meanAbs
 * @param rank 1 = largest meanAbs
 * @param bins the attributions' distribution on this run's decile bins (all-rows group only)
 */
public record FeatureRecord(
        String feature,
        int index,
        Integer target,
        long count,
        double mean,
        double meanAbs,
        double std,
        double min,
        double max,
        double p05,
        double p25,
        double p50,
        double p75,
        double p95,
        double positiveShare,
        double shareOfTotalAbs,
        int rank,
        Bins bins) {

    /** Fills in empty bins for null. */
    public FeatureRecord {
        bins = bins == null ? Bins.EMPTY : bins;
    }

    /** True for the all-rows group (no target class). */
    public boolean allRows() {
        return target == null;
    }

    /** The same record with the given bins. */
    public FeatureRecord withBins(Bins newBins) {
        return new FeatureRecord(feature, index, target, count, mean, meanAbs, std, min, max, p05, p25, p50, p75, p95,
                positiveShare, shareOfTotalAbs, rank, newBins);
    }
}
