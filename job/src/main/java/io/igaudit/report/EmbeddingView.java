package io.igaudit.report;

import io.igaudit.stats.CategoryRow;
import io.igaudit.stats.TokenRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report shows of a model whose inputs are tokens or categories (integer inputs
 * attributed at an embedding layer): sampled rows with each token's attribution, the token
 * statistics over the whole run, and the per-category statistics. Each part is drawn only when it
 * holds something.
 *
 * @param rows sampled rows of tokens, a few per target
 * @param tokens the token table (all rows, then each target's group), as {@code token_stats}
 * @param minOccurrences the occurrences a token needs to be ranked by mean |attribution|
 * @param tokenErrorBound the token table's ε: any token whose total |attribution| exceeds it is
 *     in the table (0: nothing dropped, every figure exact)
 * @param rowsPerTarget rows per target (for per-class headings; empty when not per class)
 * @param categories the category table (per column: all rows, then each target's group)
 */
public record EmbeddingView(
        List<TextRow> rows,
        List<TokenRow> tokens,
        long minOccurrences,
        double tokenErrorBound,
        Map<Integer, Long> rowsPerTarget,
        List<CategoryRow> categories) {

    /** Copies the lists. */
    public EmbeddingView {
        rows = List.copyOf(rows);
        tokens = List.copyOf(tokens);
        rowsPerTarget = new TreeMap<>(rowsPerTarget);
        categories = List.copyOf(categories);
    }

    /** The five tokens with the largest mean |attribution| over all rows, most important first (ranked tokens only). */
    public List<String> topTokens() {
        return TokenRow.topByMeanAbs(tokens, 5);
    }

    /** What a position of a sampled row holds. */
    public enum TokenKind {
        /** An ordinary token. */
        WORD,
        /** A special token (CLS, SEP, …): drawn dimmed. */
        SPECIAL,
        /** A padded position (mask 0): drawn dimmed, trailing ones folded into one mark. */
        PADDING
    }

    /**
     * One sampled row of tokens, as Captum's {@code visualize_text} shows a sentence.
     *
     * @param ids its id column values, as text
     * @param target the output explained
     * @param prediction F(x) for the target
     * @param delta its convergence delta
     * @param tokens the token of each position
     * @param attributions the attribution of each position
     * @param kinds what each position holds
     */
    public record TextRow(List<String> ids, int target, double prediction, double delta, List<String> tokens,
            float[] attributions, TokenKind[] kinds) {

        /** Copies, and checks every position has a token, an attribution and a kind. */
        public TextRow {
            ids = List.copyOf(ids);
            tokens = List.copyOf(tokens);
            attributions = attributions.clone();
            kinds = kinds.clone();
            if (tokens.size() != attributions.length || kinds.length != attributions.length) {
                throw new IllegalArgumentException(tokens.size() + " tokens, " + attributions.length + " attributions and "
                        + kinds.length + " kinds: one of each per position");
            }
        }
    }
}
