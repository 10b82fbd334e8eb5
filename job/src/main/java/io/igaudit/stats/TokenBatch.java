package io.igaudit.stats;

/**
 * One batch of attributed token sequences as the tasks summarise it (the arrays are read, not
 * kept). Several targets per input row give several output rows per input row, one after the
 * other; the ids, tokens and mask are the input rows'.
 *
 * @param rows output rows
 * @param perRow output rows per input row (one per target)
 * @param length token positions per row
 * @param ids the token ids, {@code rows / perRow × length}, row-major
 * @param tokens the token string of each position, as {@code ids}; null when only ids are known
 *     (a token is then named {@code #id})
 * @param mask the attention mask, as {@code ids} (0 = a padded position); null when there is none
 * @param attributions {@code rows × width}, row-major
 * @param width attributions per output row
 * @param offset where the positions' attributions start within a row (0 when the sequence is the
 *     whole layer)
 * @param targets the output explained, per output row
 */
public record TokenBatch(int rows, int perRow, int length, long[] ids, String[] tokens, long[] mask, float[] attributions,
        int width, int offset, int[] targets) {

    /** Checks that the arrays hold what the sizes say. */
    public TokenBatch {
        if (perRow < 1 || rows % perRow != 0) {
            throw new IllegalArgumentException(rows + " output rows are not a multiple of " + perRow + " targets per row");
        }
        long positions = (long) rows / perRow * length;
        check("ids", ids.length, positions);
        if (tokens != null) {
            check("tokens", tokens.length, positions);
        }
        if (mask != null) {
            check("mask", mask.length, positions);
        }
        if (offset < 0 || offset + length > width) {
            throw new IllegalArgumentException("positions " + offset + ".." + (offset + length) + " lie outside rows of "
                    + width + " attributions");
        }
        check("attributions", attributions.length, (long) rows * width);
        check("targets", targets.length, rows);
    }

    private static void check(String what, int length, long expected) {
        if (length != expected) {
            throw new IllegalArgumentException(what + " hold " + length + " values, expected " + expected);
        }
    }
}
