package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;

/**
 * Rows per bin of fixed edges, per feature: bin k of sorted edges e holds the values v with
 * e₍ₖ₋₁₎ &lt; v ≤ eₖ. Used with an earlier run's edges, known before the pass, so that the drift
 * against it is counted exactly.
 */
public final class BinCounts implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final double[][] edges;
    private final long[][] counts;

    /** Empty counts for these edges per feature (null: the feature is not counted). */
    BinCounts(double[][] edges) {
        this.edges = edges;
        this.counts = new long[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            counts[i] = edges[i] == null ? null : new long[edges[i].length + 1];
        }
    }

    /** The bin of a value: the number of edges below it (NaN: the last bin, as NaN is largest in Spark). */
    public static int binOf(double[] edges, double value) {
        int bin = 0;
        while (bin < edges.length && (edges[bin] < value || Double.isNaN(value))) {
            bin++;
        }
        return bin;
    }

    void add(float[] values, int offset) {
        for (int i = 0; i < edges.length; i++) {
            if (edges[i] != null) {
                counts[i][binOf(edges[i], values[offset + i])]++;
            }
        }
    }

    void merge(BinCounts other) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != null) {
                for (int k = 0; k < counts[i].length; k++) {
                    counts[i][k] += other.counts[i][k];
                }
            }
        }
    }

    /** The rows per bin of feature {@code i}, or null when it has no edges. */
    public long[] of(int i) {
        return counts[i] == null ? null : counts[i].clone();
    }
}
