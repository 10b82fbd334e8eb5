package io.igaudit.io;

import io.igaudit.stats.CategoryRow;
import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.TokenRow;

/**
 * The layouts of the statistics tables ({@code feature_stats/}, {@code token_stats/},
 * {@code category_stats/}; docs/output.md): the stats package's records as Spark rows. Min, max
 * and the quantiles of feature_stats are floats, the attributions' own type; a std of fewer than
 * two values, a missing quantile and a rank of 0 (a special token, a token below the minimum
 * occurrences) are written as null.
 */
public final class StatsTables {

    /** feature_stats: one row per feature and group. */
    public static final RecordRows<FeatureRow> FEATURES = RecordRows.of(FeatureRow.class)
            .floats("min", "max", "p05", "p25", "p50", "p75", "p95")
            .nullable("target")
            .nullWhen("std", f -> f.count() < 2)
            .nullWhenMissing("p05", "p25", "p50", "p75", "p95");

    /** token_stats: one row per token and group. */
    public static final RecordRows<TokenRow> TOKENS = RecordRows.of(TokenRow.class)
            .nullable("target")
            .nullWhenMissing("std", "rank_total", "rank_mean_abs");

    /** category_stats: one row per categorical column, code and group. */
    public static final RecordRows<CategoryRow> CATEGORIES = RecordRows.of(CategoryRow.class)
            .nullable("category", "target")
            .nullWhenMissing("std");

    private StatsTables() {}
}
