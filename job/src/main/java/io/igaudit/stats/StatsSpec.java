package io.igaudit.stats;

import java.io.Serializable;

/**
 * What the tasks summarise and how, set by the driver before the pass.
 *
 * @param features attributions per row
 * @param perClass also one group of rows per target (target {@code predicted}, several or all)
 * @param deltaTolerance rows with |delta| above it (or NaN) are counted as over the tolerance
 * @param sketchK the k of every quantile sketch
 * @param allRowsSketchRate the share of rows whose values go into the all-rows sketches (and the
 *     |delta| sketch): 1, or about {@link #SKETCH_ROWS} over the rows expected
 * @param classSketchRate the same for the per-target groups
 * @param earlierEdges per feature, an earlier run's bin edges to count this run's rows in (null
 *     entries: not counted); null when there is no earlier run
 * @param worstRows rows kept with the largest |delta|
 * @param deltaBinsPerDecade log bins of |delta| per power of ten
 * @param sampleRows input rows kept for the report's sample ({@link RowSample})
 * @param sampleKeyLimit the keys a task may admit to that sample ({@link RowSample#keyLimit})
 * @param inputValues whether the tasks sketch the input values (a history keeps their bins for input drift)
 * @param slices the slices of audit.slices that the tasks keep groups of ({@link Slices#NONE} without)
 */
public record StatsSpec(
        int features,
        boolean perClass,
        double deltaTolerance,
        int sketchK,
        double allRowsSketchRate,
        double classSketchRate,
        double[][] earlierEdges,
        int worstRows,
        int deltaBinsPerDecade,
        int sampleRows,
        long sampleKeyLimit,
        boolean inputValues,
        Slices slices) implements Serializable {

    /**
     * The slices of the rows, as the tasks see them: each input row carries {@code perRow} slice
     * indices in its last column, below {@code count} or {@link SliceGroups#NONE}.
     *
     * @param count slices in all
     * @param perRow slice entries per row (one per slice column or predicate)
     */
    public record Slices(int count, int perRow) implements Serializable {
        /** No slices. */
        public static final Slices NONE = new Slices(0, 0);
    }

    /** The sketches' k unless the features make that too large ({@link #sketchK(int, int)}). */
    public static final int DEFAULT_K = 200;

    /**
     * Rows of a group whose values go into its sketches: about this many, a random sample beyond
     * it. Inserting a value costs about 50 ns, far more than the exact moments; the sample's own
     * rank error (√(p(1−p)/n), at most 0.14 % at n = 131,072) is a tenth of the sketch's.
     */
    public static final long SKETCH_ROWS = 1L << 17;

    /** Bytes of sketches one task may hold, which bounds k for very wide rows. */
    static final long SKETCH_BYTES = 64L << 20;

    /** The share of a group's rows to sketch when it holds {@code rows} rows. */
    public static double sketchRate(long rows) {
        return rows <= SKETCH_ROWS ? 1.0 : (double) SKETCH_ROWS / rows;
    }

    /**
     * {@link #DEFAULT_K}, lowered (to no less than 16) so that {@code features × groups} full
     * sketches (about 12·k bytes each) fit in {@link #SKETCH_BYTES}.
     */
    public static int sketchK(int features, int groups) {
        long perSketch = SKETCH_BYTES / Math.max(1L, (long) features * groups);
        return (int) Math.max(16, Math.min(DEFAULT_K, perSketch / 12));
    }
}
