package io.igaudit.history;

import io.igaudit.stats.FeatureRow;

/**
 * One feature's attribution statistics in one run, as the history keeps them: its row of
 * feature_stats, and for the all-rows group the decile bins that later runs compute PSI on.
 *
 * @param stats the feature's row of feature_stats
 * @param bins the attributions' distribution on this run's decile bins (all-rows group only)
 * @param inputBins the feature's input values on their decile bins (all-rows group of a model
 *     explained at its input; empty otherwise)
 */
public record FeatureRecord(FeatureRow stats, Bins bins, Bins inputBins) {

    /** Fills in empty bins for null. */
    public FeatureRecord {
        bins = bins == null ? Bins.EMPTY : bins;
        inputBins = inputBins == null ? Bins.EMPTY : inputBins;
    }

    /** A record without input bins. */
    public FeatureRecord(FeatureRow stats, Bins bins) {
        this(stats, bins, Bins.EMPTY);
    }

    /** True for the all-rows group (no target class). */
    public boolean allRows() {
        return stats.allRows();
    }
}
