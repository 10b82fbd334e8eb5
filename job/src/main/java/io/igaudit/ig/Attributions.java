package io.igaudit.ig;

import java.util.Arrays;

/**
 * IG results for a batch of rows.
 *
 * @param values the attributions, {@code rows × elementsPerRow}, row-major, in the flat order of
 *     the input row
 * @param rows number of rows
 * @param elementsPerRow attributions per row
 * @param targets the output index explained, per row
 * @param predictions F(x) for the target, per row
 * @param baselinePredictions F(x') for the target, per row (the mean over baselines when there
 *     are several)
 * @param deltas the convergence delta per row: {@code Σ attributions - (F(x) - F(x'))}, Captum's sign
 */
public record Attributions(
        float[] values,
        int rows,
        int elementsPerRow,
        int[] targets,
        float[] predictions,
        float[] baselinePredictions,
        float[] deltas) {

    /** Checks that every per-row array has one entry per row. */
    public Attributions {
        if (values.length != (long) rows * elementsPerRow
                || targets.length != rows
                || predictions.length != rows
                || baselinePredictions.length != rows
                || deltas.length != rows) {
            throw new IllegalArgumentException("attribution arrays do not match " + rows + " rows");
        }
    }

    /** The attributions of one row (a copy). */
    public float[] row(int row) {
        return Arrays.copyOfRange(values, row * elementsPerRow, (row + 1) * elementsPerRow);
    }
}
