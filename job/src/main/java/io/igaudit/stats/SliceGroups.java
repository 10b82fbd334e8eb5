package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;

/**
 * The attributions, deltas and predictions of each slice of the rows (audit.slices), kept by the
 * tasks beside the all-rows group and merged as it is: per slice the exact moments of every
 * feature's attributions (no quantile sketches, so that many slices stay cheap), the rows, mean and
 * largest |delta|, the rows over the tolerance, and the mean prediction. A row belongs to one slice
 * of each slice column and to each predicate slice it satisfies; the number of slices is fixed by
 * the driver, so the state is bounded.
 */
public final class SliceGroups implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** In a row's slice list: the row is in no slice of that entry (a predicate it does not satisfy). */
    public static final int NONE = -1;

    /** The most a task's slice groups may hold: {@link #bytesPerTask} above it stops the run before any work. */
    public static final long MAX_BYTES_PER_TASK = 64L << 20;

    private final Slice[] slices;

    /** The bytes of {@code slices} groups of {@code features} attributions: four doubles, two floats and a count each. */
    public static long bytesPerTask(int slices, int features) {
        return (long) slices * features * (4L * Double.BYTES + 2L * Float.BYTES + Long.BYTES);
    }

    /**
     * Empty groups.
     *
     * @param slices how many slices there are
     * @param features attributions per row
     * @param deltaTolerance rows with |delta| above it (or NaN) count as over the tolerance
     */
    public SliceGroups(int slices, int features, double deltaTolerance) {
        this.slices = new Slice[slices];
        for (int i = 0; i < slices; i++) {
            this.slices[i] = new Slice(features, deltaTolerance);
        }
    }

    /**
     * Adds a batch.
     *
     * @param batch the batch's output rows
     * @param slicesOfInputRows per input row, {@code perInputRow} slice indices ({@link #NONE} for none), row-major
     * @param perInputRow slice entries per input row (one per slice column or predicate)
     * @param outputsPerInputRow output rows per input row (targets per row)
     */
    public void add(BatchResults batch, int[] slicesOfInputRows, int perInputRow, int outputsPerInputRow) {
        float[] values = batch.attributions();
        for (int r = 0; r < batch.rows(); r++) {
            int inputRow = r / outputsPerInputRow;
            for (int e = 0; e < perInputRow; e++) {
                int slice = slicesOfInputRows[inputRow * perInputRow + e];
                if (slice != NONE) {
                    slices[slice].add(values, r * batch.width(), batch.deltas()[r], batch.predictions()[r]);
                }
            }
        }
    }

    /** Adds every row of {@code other} (the same slices of another partition). */
    public void merge(SliceGroups other) {
        for (int i = 0; i < slices.length; i++) {
            slices[i].merge(other.slices[i]);
        }
    }

    /** How many slices there are. */
    public int size() {
        return slices.length;
    }

    /** Slice {@code i}. */
    public Slice slice(int i) {
        return slices[i];
    }

    /** One slice's rows. */
    public static final class Slice implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final FeatureGroup attributions;
        private final double tolerance;
        private double sumAbsDelta;
        private float maxAbsDelta = Float.NEGATIVE_INFINITY;
        private long overTolerance;
        private long predictions;
        private double sumPredictions;

        Slice(int features, double tolerance) {
            this.attributions = FeatureGroup.momentsOnly(features);
            this.tolerance = tolerance;
        }

        void add(float[] values, int offset, float delta, float prediction) {
            attributions.add(values, offset, false);
            float abs = Math.abs(delta);
            sumAbsDelta += abs;
            if (Float.isNaN(abs) || abs > maxAbsDelta) {
                maxAbsDelta = abs;
            }
            if (!(abs <= tolerance)) {
                overTolerance++;
            }
            if (Float.isFinite(prediction)) {
                predictions++;
                sumPredictions += prediction;
            }
        }

        void merge(Slice other) {
            attributions.merge(other.attributions);
            sumAbsDelta += other.sumAbsDelta;
            if (Float.isNaN(other.maxAbsDelta) || other.maxAbsDelta > maxAbsDelta) {
                maxAbsDelta = other.maxAbsDelta;
            }
            overTolerance += other.overTolerance;
            predictions += other.predictions;
            sumPredictions += other.sumPredictions;
        }

        /** Output rows in the slice. */
        public long rows() {
            return attributions.count();
        }

        /** The attributions' moments per feature. */
        public FeatureGroup attributions() {
            return attributions;
        }

        /** Mean |delta|; NaN without rows. */
        public double meanAbsDelta() {
            return rows() == 0 ? Double.NaN : sumAbsDelta / rows();
        }

        /** Largest |delta|; NaN without rows. */
        public double maxAbsDelta() {
            return rows() == 0 ? Double.NaN : maxAbsDelta;
        }

        /** Rows with |delta| above the tolerance (NaN counts). */
        public long overTolerance() {
            return overTolerance;
        }

        /** Mean F(x) at the rows' targets over the finite ones; NaN without any. */
        public double meanPrediction() {
            return predictions == 0 ? Double.NaN : sumPredictions / predictions;
        }
    }
}
