package io.igaudit.history;

import io.igaudit.stats.TokenRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two runs' token tables (their all-rows groups, special tokens left out), in the types of
 * the per-feature comparison so that the report and {@link Thresholds} take it as they take
 * {@link Drift}'s: tokens are matched by their string (a vocabulary's ids may change between
 * models, the words do not); the top k are the tokens with the largest total |attribution|
 * (rank by total), the words that drive the model over the data; each token's change is that of its
 * mean |attribution| per occurrence. A rare token's mean is noise, so a token enters the
 * comparison only with at least {@code minOccurrences} occurrences in each run that has it. There
 * is no PSI per token (NaN): a token's attributions are not binned.
 */
public final class TokenDrift {

    private TokenDrift() {}

    /**
     * The comparison.
     *
     * @param earlier the earlier run (its id, time, tags and output path)
     * @param before the earlier run's token table
     * @param now this run's token table
     * @param topK k of the top-k overlap
     * @param minOccurrences occurrences a token needs in a run to be compared
     */
    public static DriftResult compare(RunRecord earlier, List<TokenRow> before, List<TokenRow> now, int topK,
            long minOccurrences) {
        Map<String, TokenRow> was = byToken(before);
        Map<String, TokenRow> is = byToken(now);
        int k = Math.max(1, Math.min(topK, Math.min(was.size(), is.size())));
        List<String> topBefore = top(was, k);
        List<String> topNow = top(is, k);

        List<FeatureDrift> tokens = new ArrayList<>();
        for (TokenRow t : is.values()) {
            TokenRow b = was.get(t.token());
            boolean bothCounted = b != null && b.occurrences() >= minOccurrences;
            if (t.occurrences() < minOccurrences || b != null && !bothCounted) {
                continue;
            }
            tokens.add(new FeatureDrift(t.token(), bothCounted ? b.meanAbs() : Double.NaN, t.meanAbs(),
                    bothCounted ? Drift.relativeChange(b.meanAbs(), t.meanAbs()) : Double.NaN, bothCounted ? b.rankTotal() : 0,
                    t.rankTotal(), Double.NaN));
        }
        was.values().stream().filter(b -> !is.containsKey(b.token()) && b.occurrences() >= minOccurrences)
                .forEach(b -> tokens.add(new FeatureDrift(b.token(), b.meanAbs(), Double.NaN, Double.NaN, b.rankTotal(), 0,
                        Double.NaN)));
        return Drift.result(earlier, k, topBefore, topNow, tokens, Map.of());
    }

    /** The all-rows group's ordinary tokens by rank of total |attribution|, first row of a string kept. */
    private static Map<String, TokenRow> byToken(List<TokenRow> table) {
        Map<String, TokenRow> tokens = new LinkedHashMap<>();
        table.stream().filter(t -> t.allRows() && !t.special()).sorted(Comparator.comparingInt(TokenRow::rankTotal))
                .forEach(t -> tokens.putIfAbsent(t.token(), t));
        return tokens;
    }

    private static List<String> top(Map<String, TokenRow> tokens, int k) {
        return tokens.keySet().stream().limit(k).toList();
    }
}
