package io.igaudit.stats;

/**
 * One category of one categorical column within one group of rows: a row of
 * {@code category_stats}.
 *
 * @param column the column's name
 * @param index the column's position in the attributions
 * @param code the category code
 * @param category the category's name from the mapping, or null when none was given
 * @param target the target class, or null for all rows
 * @param count rows of the group with this category
 * @param share count over the group's rows
 * @param mean mean attribution of the column in those rows
 * @param meanAbs mean |attribution|
 * @param std sample standard deviation (NaN below two rows)
 * @param meanAbsCi the 95 % confidence interval of meanAbs when the rows are a sample
 *     (input.sample), {@link MeanAbsInterval#NONE} otherwise
 * @param positiveShare share of those rows with a positive attribution
 * @param rank rank by meanAbs among the column's categories in the group (1 = largest)
 */
public record CategoryRow(
        String column,
        int index,
        long code,
        String category,
        Integer target,
        long count,
        double share,
        double mean,
        double meanAbs,
        double std,
        MeanAbsInterval meanAbsCi,
        double positiveShare,
        int rank) {

    /** A row of a run of every row: no confidence interval. */
    public CategoryRow(String column, int index, long code, String category, Integer target, long count, double share,
            double mean, double meanAbs, double std, double positiveShare, int rank) {
        this(column, index, code, category, target, count, share, mean, meanAbs, std, MeanAbsInterval.NONE, positiveShare,
                rank);
    }

    /** This row with the confidence interval of its mean |attribution| for rows sampled at {@code fraction} (none at 1). */
    public CategoryRow withSampleFraction(double fraction) {
        return new CategoryRow(column, index, code, category, target, count, share, mean, meanAbs, std,
                MeanAbsInterval.of(count, mean, meanAbs, std, fraction), positiveShare, rank);
    }

    /** The category's name, or its code when the mapping has none. */
    public String label() {
        return category == null ? "code " + code : category;
    }

    /** True for the all-rows group. */
    public boolean allRows() {
        return target == null;
    }
}
