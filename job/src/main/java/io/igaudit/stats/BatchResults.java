package io.igaudit.stats;

/**
 * One batch of attributed rows as the tasks summarise it (the arrays are read, not kept).
 *
 * @param rows output rows
 * @param width attributions per row
 * @param attributions {@code rows × width}, row-major
 * @param targets the output explained, per row
 * @param predictions F(x), per row
 * @param baselinePredictions F(x'), per row
 * @param deltas the convergence delta, per row
 * @param steps the steps of the row's integration, per row
 */
public record BatchResults(int rows, int width, float[] attributions, int[] targets, float[] predictions,
        float[] baselinePredictions, float[] deltas, int[] steps) {}
