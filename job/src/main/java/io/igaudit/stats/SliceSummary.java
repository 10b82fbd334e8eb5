package io.igaudit.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * One slice of the rows (audit.slices) as the run reports it and the history keeps it.
 *
 * @param slice its name: {@code column=value}, {@code column=other}, or the condition
 * @param rows output rows in it
 * @param meanAbsDelta mean |delta| over its rows
 * @param rowsOverTolerance its rows with |delta| above attribution.delta-tolerance
 * @param meanPrediction mean F(x) at its rows' targets
 * @param features every feature's attributions in the slice, by rank (no quantiles: slices keep moments only)
 */
public record SliceSummary(String slice, long rows, double meanAbsDelta, long rowsOverTolerance, double meanPrediction,
        List<FeatureRow> features) {

    /** Copies the list. */
    public SliceSummary {
        features = List.copyOf(features);
    }

    /**
     * Every slice with rows, in slice order.
     *
     * @param groups the tasks' merged slice groups (null: no slices)
     * @param slices the slices' names, index = slice
     * @param features the features' names
     */
    public static List<SliceSummary> of(SliceGroups groups, List<String> slices, List<String> features) {
        List<SliceSummary> summaries = new ArrayList<>();
        for (int i = 0; groups != null && i < groups.size(); i++) {
            SliceGroups.Slice slice = groups.slice(i);
            if (slice.rows() > 0) {
                summaries.add(new SliceSummary(slices.get(i), slice.rows(), slice.meanAbsDelta(), slice.overTolerance(),
                        slice.meanPrediction(), FeatureStats.group(slice.attributions(), null, features)));
            }
        }
        return summaries;
    }

    /** The names of the first {@code k} features by mean |attribution|. */
    public List<String> top(int k) {
        return features.stream().limit(k).map(FeatureRow::feature).toList();
    }

    /** This slice with the confidence interval of every mean |attribution| for rows sampled at {@code fraction}. */
    public SliceSummary withSampleFraction(double fraction) {
        return new SliceSummary(slice, rows, meanAbsDelta, rowsOverTolerance, meanPrediction,
                features.stream().map(f -> f.withSampleFraction(fraction)).toList());
    }

    /** A row of slice_stats: a feature's attributions within one slice. @param slice the slice's name @param stats the feature's */
    public record FeatureInSlice(String slice, FeatureRow stats) {}

    /** A row of slice_token_stats: a token's attributions within one slice. @param slice the slice's name @param stats the token's */
    public record TokenInSlice(String slice, TokenRow stats) {}

    /** A row of slice_category_stats: a category's attributions within one slice. @param slice the slice's name @param stats the category's */
    public record CategoryInSlice(String slice, CategoryRow stats) {}

    /** slice_stats' rows: every slice's features, slice by slice, each by rank. */
    public static List<FeatureInSlice> rows(List<SliceSummary> slices) {
        List<FeatureInSlice> rows = new ArrayList<>();
        for (SliceSummary s : slices) {
            s.features().forEach(f -> rows.add(new FeatureInSlice(s.slice(), f)));
        }
        return rows;
    }
}
