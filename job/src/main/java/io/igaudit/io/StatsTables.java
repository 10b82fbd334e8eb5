package io.igaudit.io;

import io.igaudit.stats.CategoryRow;
import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.SliceSummary;
import io.igaudit.stats.TokenRow;

/**
 * The layouts of the statistics tables ({@code feature_stats/}, {@code token_stats/},
 * {@code category_stats/}; docs/output.md): the stats package's records as Spark rows. Min, max
 * and the quantiles of feature_stats are floats, the attributions' own type; a std of fewer than
 * two values, a missing quantile, a rank of 0 (a special token, a token below the minimum
 * occurrences) and the confidence interval of a run of every row are written as null.
 */
public final class StatsTables {

    /** The low end of a mean |attribution|'s confidence interval (a sampled run). */
    public static final String CI_LOW = "mean_abs_ci_low";
    /** Its high end. */
    public static final String CI_HIGH = "mean_abs_ci_high";

    /** feature_stats: one row per feature and group. */
    public static final RecordRows<FeatureRow> FEATURES = RecordRows.of(FeatureRow.class)
            .floats("min", "max", "p05", "p25", "p50", "p75", "p95")
            .nullable("target")
            .nullWhen("std", f -> f.count() < 2)
            .nullWhenMissing("p05", "p25", "p50", "p75", "p95", CI_LOW, CI_HIGH);

    /** slice_stats: one row per slice and feature (audit.slices); the slices keep no quantiles. */
    public static final RecordRows<SliceSummary.FeatureInSlice> SLICES = RecordRows.of(SliceSummary.FeatureInSlice.class)
            .without("target", "p05", "p25", "p50", "p75", "p95")
            .floats("min", "max")
            .nullWhen("std", f -> f.stats().count() < 2)
            .nullWhenMissing(CI_LOW, CI_HIGH);

    /** slice_token_stats: one row per slice and token (audit.slices; each slice over all its rows). */
    public static final RecordRows<SliceSummary.TokenInSlice> SLICE_TOKENS = RecordRows.of(SliceSummary.TokenInSlice.class)
            .without("target")
            .nullWhenMissing("std", "rank_total", "rank_mean_abs", CI_LOW, CI_HIGH);

    /** slice_category_stats: one row per slice, categorical column and code (each slice over all its rows). */
    public static final RecordRows<SliceSummary.CategoryInSlice> SLICE_CATEGORIES = RecordRows.of(SliceSummary.CategoryInSlice.class)
            .without("target")
            .nullable("category")
            .nullWhenMissing("std", CI_LOW, CI_HIGH);

    /** token_stats: one row per token and group. */
    public static final RecordRows<TokenRow> TOKENS = RecordRows.of(TokenRow.class)
            .nullable("target")
            .nullWhenMissing("std", "rank_total", "rank_mean_abs", CI_LOW, CI_HIGH);

    /** category_stats: one row per categorical column, code and group. */
    public static final RecordRows<CategoryRow> CATEGORIES = RecordRows.of(CategoryRow.class)
            .nullable("category", "target")
            .nullWhenMissing("std", CI_LOW, CI_HIGH);

    private StatsTables() {}
}
