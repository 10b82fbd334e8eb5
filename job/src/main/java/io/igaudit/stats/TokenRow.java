package io.igaudit.stats;

import java.util.Comparator;
import java.util.List;

/**
 * One token's attributions within one group of rows: a row of {@code token_stats}. Statistics are
 * over the token's occurrences (unpadded positions holding it).
 *
 * @param tokenId the vocabulary id
 * @param token the token's string
 * @param target the target class, or null for all rows
 * @param special a special token (CLS, SEP, PAD, …): reported apart, never ranked, never dropped
 * @param occurrences positions holding the token
 * @param rows rows holding it at least once
 * @param mean mean attribution per occurrence
 * @param meanAbs mean |attribution| per occurrence
 * @param std sample standard deviation over the occurrences (NaN below two)
 * @param meanAbsCi the 95 % confidence interval of meanAbs when the rows are a sample
 *     (input.sample; occurrences taken as independent), {@link MeanAbsInterval#NONE} otherwise
 * @param positiveShare share of occurrences with a positive attribution
 * @param totalAbs sum of |attribution| over the occurrences
 * @param rankTotal rank by totalAbs within the group (1 = largest); 0 for a special token
 * @param rankMeanAbs rank by meanAbs among the group's tokens with at least the minimum
 *     occurrences; 0 for a token below it and for a special token
 * @param errorBound at most this much of the token's total |attribution| (over all rows) may be
 *     missing from these figures because the bounded table dropped it in some task; 0 = exact
 */
public record TokenRow(
        long tokenId,
        String token,
        Integer target,
        boolean special,
        long occurrences,
        long rows,
        double mean,
        double meanAbs,
        double std,
        MeanAbsInterval meanAbsCi,
        double positiveShare,
        double totalAbs,
        int rankTotal,
        int rankMeanAbs,
        double errorBound) {

    /** A row of a run of every row: no confidence interval. */
    public TokenRow(long tokenId, String token, Integer target, boolean special, long occurrences, long rows, double mean,
            double meanAbs, double std, double positiveShare, double totalAbs, int rankTotal, int rankMeanAbs,
            double errorBound) {
        this(tokenId, token, target, special, occurrences, rows, mean, meanAbs, std, MeanAbsInterval.NONE, positiveShare,
                totalAbs, rankTotal, rankMeanAbs, errorBound);
    }

    /** This row with the confidence interval of its mean |attribution| for rows sampled at {@code fraction} (none at 1). */
    public TokenRow withSampleFraction(double fraction) {
        return new TokenRow(tokenId, token, target, special, occurrences, rows, mean, meanAbs, std,
                MeanAbsInterval.of(occurrences, mean, meanAbs, std, fraction), positiveShare, totalAbs, rankTotal,
                rankMeanAbs, errorBound);
    }

    /** True when nothing of the token was ever dropped: every figure is over all its occurrences. */
    public boolean exact() {
        return errorBound == 0;
    }

    /** True for the all-rows group. */
    public boolean allRows() {
        return target == null;
    }

    /** The {@code k} ordinary tokens ranked first by mean |attribution| over all rows, most important first. */
    public static List<String> topByMeanAbs(List<TokenRow> table, int k) {
        return table.stream().filter(row -> row.allRows() && !row.special() && row.rankMeanAbs() > 0)
                .sorted(Comparator.comparingInt(TokenRow::rankMeanAbs)).limit(k).map(TokenRow::token).toList();
    }
}
