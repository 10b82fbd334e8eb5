package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The convergence deltas of a set of rows, mergeable: rows, sum and largest |delta| (NaN largest,
 * as in Spark SQL), rows over the tolerance (NaN is over), a quantile sketch of |delta|, rows per
 * logarithmic bin of |delta| ({@link #binOf}) and NaN rows, and the rows with the largest |delta|.
 */
public final class DeltaStats implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final double tolerance;
    private final int binsPerDecade;
    private long rows;
    private double sumAbs;
    private float maxAbs = Float.NEGATIVE_INFINITY;
    private long overTolerance;
    private long nanRows;
    private final TreeMap<Integer, Long> bins = new TreeMap<>();
    private final QuantileSketch sketch;
    private final WorstRows worst;

    DeltaStats(double tolerance, int binsPerDecade, int sketchK, int worstRows) {
        this.tolerance = tolerance;
        this.binsPerDecade = binsPerDecade;
        this.sketch = new QuantileSketch(sketchK);
        this.worst = new WorstRows(worstRows);
    }

    /** The log bin of |delta| = {@code absDelta}: floor(log10(|delta|) · perDecade); zero maps far below. */
    public static int binOf(double absDelta, int perDecade) {
        return (int) Math.floor(Math.log10(Math.max(absDelta, 1e-30)) * perDecade);
    }

    void add(float delta, boolean sketched) {
        float abs = Math.abs(delta);
        rows++;
        sumAbs += abs;
        if (Float.isNaN(abs) || abs > maxAbs) {
            maxAbs = abs;
        }
        if (!(abs <= tolerance)) {
            overTolerance++;
        }
        if (Float.isNaN(abs)) {
            nanRows++;
        } else {
            bins.merge(binOf(abs, binsPerDecade), 1L, Long::sum);
        }
        if (sketched) {
            sketch.update(abs);
        }
    }

    WorstRows worst() {
        return worst;
    }

    void merge(DeltaStats other) {
        rows += other.rows;
        sumAbs += other.sumAbs;
        if (Float.isNaN(other.maxAbs) || other.maxAbs > maxAbs) {
            maxAbs = other.maxAbs;
        }
        overTolerance += other.overTolerance;
        nanRows += other.nanRows;
        other.bins.forEach((bin, n) -> bins.merge(bin, n, Long::sum));
        sketch.merge(other.sketch);
        worst.merge(other.worst);
    }

    /** Rows seen. */
    public long rows() {
        return rows;
    }

    /** Mean |delta|, 0 without rows. */
    public double meanAbs() {
        return rows == 0 ? 0 : sumAbs / rows;
    }

    /** Largest |delta|, 0 without rows. */
    public double maxAbs() {
        return rows == 0 ? 0 : maxAbs;
    }

    /** The |delta| at {@code rank} (0..1) from the sketch, 0 without rows. */
    public double absQuantile(double rank) {
        float q = sketch.quantiles(new double[] {rank})[0];
        return Float.isNaN(q) ? 0 : q;
    }

    /** Rows with |delta| above the tolerance or NaN. */
    public long overTolerance() {
        return overTolerance;
    }

    /** Rows whose delta is NaN. */
    public long nanRows() {
        return nanRows;
    }

    /** Rows per log bin ({@link #binOf}), NaN rows left out. */
    public Map<Integer, Long> rowsPerBin() {
        return new TreeMap<>(bins);
    }

    /** The rows with the largest |delta|, largest first. */
    public java.util.List<DeltaRow> largest() {
        return worst.largestFirst();
    }
}
