package io.igaudit.history;

import io.igaudit.stats.QuantileSketch;

/**
 * A feature's attributions on fixed bins, for PSI between runs: this run's deciles as edges and
 * its share of rows in each bin, both from the feature's quantile sketch (so within the sketch's
 * rank error). Bin k of edges e holds values v with e₍ₖ₋₁₎ &lt; v ≤ eₖ ({@link Bins#binOf}). A later
 * run counts its own rows in these bins exactly, while it attributes them.
 */
public final class AttributionBins {

    /** Most bins per feature: 9 deciles as edges give 10 bins. */
    public static final int MAX_BINS = 10;
    private static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    private AttributionBins() {}

    /** The distinct deciles of the sketched values as edges, and the share of values in each bin. */
    public static Bins of(QuantileSketch sketch) {
        float[] deciles = sketch.quantiles(DECILES);
        double[] quantiles = new double[deciles.length];
        for (int i = 0; i < deciles.length; i++) {
            quantiles[i] = deciles[i];
        }
        double[] edges = Bins.distinctEdges(quantiles);
        if (edges.length == 0) {
            return Bins.EMPTY;
        }
        return new Bins(edges, sketch.shares(edges));
    }
}
