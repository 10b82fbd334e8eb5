package io.igaudit.report;

import io.igaudit.report.ReportModel.DeltaHistogram;
import io.igaudit.stats.DeltaStats;
import java.util.Map;

/** Builds the |delta| histogram from counts per log bin, spanning the data and the tolerance. */
public final class DeltaHistograms {

    /** Bins per power of ten. */
    public static final int PER_DECADE = 4;
    /** The widest span shown; smaller values are counted in the first bin. */
    public static final int MAX_DECADES = 8;

    private DeltaHistograms() {}

    /** The bin of |delta| = {@code absDelta}: floor(log10(|delta|) · {@link #PER_DECADE}); zero maps far below. */
    public static int binOf(double absDelta) {
        return DeltaStats.binOf(absDelta, PER_DECADE);
    }

    /**
     * The histogram.
     *
     * @param counts rows per bin number (as {@link #binOf})
     * @param nanRows rows whose delta is NaN
     * @param tolerance the tolerance, which the span always includes
     */
    public static DeltaHistogram of(Map<Integer, Long> counts, long nanRows, double tolerance) {
        int tolBin = binOf(tolerance);
        int low = counts.keySet().stream().mapToInt(Integer::intValue).min().orElse(tolBin - PER_DECADE);
        int high = counts.keySet().stream().mapToInt(Integer::intValue).max().orElse(tolBin);
        low = Math.min(low, tolBin - 1);
        high = Math.max(high, tolBin + 1);
        low = Math.max(low, high - MAX_DECADES * PER_DECADE + 1);
        long[] bins = new long[high - low + 1];
        for (Map.Entry<Integer, Long> entry : counts.entrySet()) {
            bins[Math.max(entry.getKey(), low) - low] += entry.getValue();
        }
        return new DeltaHistogram(PER_DECADE, low, bins, nanRows);
    }
}
