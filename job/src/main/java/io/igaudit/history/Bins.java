package io.igaudit.history;

import java.util.Arrays;

/**
 * Fixed bins of one feature's attributions: bin 0 is (−∞, e₀], bin k is (e₍ₖ₋₁₎, eₖ], the last is
 * (eₙ₋₁, ∞), for the sorted distinct {@code edges} (a run's deciles); {@code shares} are the run's
 * rows in each bin, as fractions. PSI compares another run's rows in the same bins.
 *
 * @param edges sorted, distinct inner edges (n)
 * @param shares the share of rows in each of the n + 1 bins
 */
public record Bins(double[] edges, double[] shares) {

    /** No bins: the run kept none (e.g. a per-class group). */
    public static final Bins EMPTY = new Bins(new double[0], new double[0]);

    /** Checks the shapes and copies the arrays. */
    public Bins {
        edges = edges.clone();
        shares = shares.clone();
        if (edges.length > 0 && shares.length != edges.length + 1) {
            throw new IllegalArgumentException("bins: " + edges.length + " edges need " + (edges.length + 1)
                    + " shares, got " + shares.length);
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("bin edges must be strictly increasing: " + Arrays.toString(edges));
            }
        }
    }

    /** True when there are no bins. */
    public boolean isEmpty() {
        return edges.length == 0;
    }

    /** Sorted distinct finite edges from quantiles that may repeat (many equal attributions). */
    public static double[] distinctEdges(double[] quantiles) {
        return Arrays.stream(quantiles).filter(Double::isFinite).sorted().distinct().toArray();
    }

    /** Bins with these edges and the shares of the given counts (one per bin). */
    public static Bins of(double[] edges, long[] counts) {
        long total = Arrays.stream(counts).sum();
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return new Bins(edges, shares);
    }

    /** The bin of a value: the number of edges below it. */
    public static int binOf(double[] edges, double value) {
        int bin = 0;
        while (bin < edges.length && edges[bin] < value) {
            bin++;
        }
        return bin;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bins b && Arrays.equals(edges, b.edges) && Arrays.equals(shares, b.shares);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(shares);
    }

    @Override
    public String toString() {
        return "Bins[edges=" + Arrays.toString(edges) + ", shares=" + Arrays.toString(shares) + "]";
    }
}
