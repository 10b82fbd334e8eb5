package io.igaudit.stats;

/**
 * One batch of attributed rows with categorical columns as the tasks summarise it (the arrays are
 * read, not kept). Several targets per input row give several output rows per input row, one
 * after the other; the codes are the input rows'.
 *
 * @param rows output rows
 * @param perRow output rows per input row (one per target)
 * @param codes the category codes, {@code rows / perRow × columns}, row-major, in the order of
 *     the {@link CategoryStats}' columns
 * @param attributions {@code rows × width}, row-major
 * @param width attributions per output row
 * @param targets the output explained, per output row
 */
public record CategoryBatch(int rows, int perRow, long[] codes, float[] attributions, int width, int[] targets) {

    /** Checks the sizes agree. */
    public CategoryBatch {
        if (perRow < 1 || rows % perRow != 0) {
            throw new IllegalArgumentException(rows + " output rows are not a multiple of " + perRow + " targets per row");
        }
        if ((long) rows * width != attributions.length || targets.length != rows) {
            throw new IllegalArgumentException(rows + " rows of " + width + " attributions need " + (long) rows * width
                    + " values and " + rows + " targets; got " + attributions.length + " and " + targets.length);
        }
        if (rows > 0 && codes.length % (rows / perRow) != 0) {
            throw new IllegalArgumentException(codes.length + " codes do not divide into " + rows / perRow + " rows");
        }
    }
}
