package io.igaudit.pipeline;

import java.util.List;

/**
 * What a finished run tells its caller.
 *
 * @param outputPath where the results are
 * @param inputRows rows read
 * @param attributedRows rows attributed
 * @param rejectedRows rows left out or quarantined
 * @param attributionSeconds wall time of the attribution pass (without session start-up)
 * @param totalSeconds wall time of the whole run
 * @param topFeatures the features with the largest mean |attribution|, most important first
 * @param meanAbsDelta mean |convergence delta|
 * @param maxAbsDelta largest |convergence delta|
 */
public record RunSummary(
        String outputPath,
        long inputRows,
        long attributedRows,
        long rejectedRows,
        double attributionSeconds,
        double totalSeconds,
        List<String> topFeatures,
        double meanAbsDelta,
        double maxAbsDelta) {

    /** Copies the list. */
    public RunSummary {
        topFeatures = List.copyOf(topFeatures);
    }

    /** Rows attributed per second of the attribution pass. */
    public double rowsPerSecond() {
        return attributedRows / Math.max(attributionSeconds, 1e-9);
    }
}
