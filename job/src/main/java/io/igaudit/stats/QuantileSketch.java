package io.igaudit.stats;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A mergeable quantile summary of float values: Apache DataSketches' KLL sketch (Karnin, Lang,
 * Liberty, "Optimal Quantile Approximation in Streams", FOCS 2016). Its size is bounded by its
 * {@code k} whatever the number of values, and two sketches merge into the sketch of both streams.
 * Ranks are inclusive: the quantile at rank r is the smallest value with at least r of the values
 * at or below it, and a bin (a, b] holds the values v with a &lt; v ≤ b.
 */
public final class QuantileSketch implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final QuantileSearchCriteria INCLUSIVE = QuantileSearchCriteria.INCLUSIVE;

    private transient KllFloatsSketch sketch;

    /** An empty sketch with parameter {@code k} (8..65535; larger is more accurate and larger). */
    public QuantileSketch(int k) {
        this.sketch = KllFloatsSketch.newHeapInstance(k);
    }

    /**
     * The rank error of a single quantile with 99 % confidence, as a fraction of the count (0.0133
     * for k = 200), as DataSketches states it for its KLL sketch.
     */
    public static double rankError(int k) {
        return KllSketch.getNormalizedRankError(k, false);
    }

    /** Adds a value; NaN is ignored. */
    public void update(float value) {
        sketch.update(value);
    }

    /** Adds every value of {@code other} to this sketch. */
    public void merge(QuantileSketch other) {
        sketch.merge(other.sketch);
    }

    /** Values summarised (NaN not counted). */
    public long count() {
        return sketch.getN();
    }

    /** The quantile at each rank (0..1), NaN when the sketch is empty. */
    public float[] quantiles(double[] ranks) {
        if (sketch.isEmpty()) {
            float[] nan = new float[ranks.length];
            java.util.Arrays.fill(nan, Float.NaN);
            return nan;
        }
        return sketch.getQuantiles(ranks, INCLUSIVE);
    }

    /**
     * The share of values in each bin of the sorted, distinct {@code edges}: (−∞, e₀], (e₀, e₁], …,
     * (eₙ₋₁, ∞); all zero when the sketch is empty.
     */
    public double[] shares(double[] edges) {
        if (sketch.isEmpty()) {
            return new double[edges.length + 1];
        }
        if (edges.length == 0) {
            return new double[] {1.0};
        }
        float[] points = new float[edges.length];
        for (int i = 0; i < edges.length; i++) {
            points[i] = (float) edges[i];
        }
        return sketch.getPMF(points, INCLUSIVE);
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        byte[] bytes = sketch.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        sketch = KllFloatsSketch.heapify(Memory.wrap(bytes));
    }
}
