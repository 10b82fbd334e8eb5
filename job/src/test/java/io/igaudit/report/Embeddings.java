package io.igaudit.report;

import io.igaudit.report.EmbeddingView.TextRow;
import io.igaudit.report.EmbeddingView.TokenKind;
import io.igaudit.stats.CategoryRow;
import io.igaudit.stats.TokenRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Token and category views made up for the report tests, with tokens that are hostile HTML. */
final class Embeddings {

    /** Tokens that would break the page or run code if not escaped. */
    static final List<String> HOSTILE = List.of("<script>alert(1)</script>", "\"quoted\"", "a&b", "it's", "<img src=x onerror=y>");

    private Embeddings() {}

    /** A row [CLS] tokens… [SEP] [PAD] × padding, attributions given for the tokens. */
    static TextRow row(List<String> ids, int target, List<String> tokens, float[] attributions, int padding) {
        List<String> all = new ArrayList<>();
        all.add("[CLS]");
        all.addAll(tokens);
        all.add("[SEP]");
        int length = all.size() + padding;
        float[] a = new float[length];
        TokenKind[] kinds = new TokenKind[length];
        kinds[0] = TokenKind.SPECIAL;
        for (int i = 0; i < tokens.size(); i++) {
            a[i + 1] = attributions[i];
            kinds[i + 1] = TokenKind.WORD;
        }
        kinds[tokens.size() + 1] = TokenKind.SPECIAL;
        for (int p = tokens.size() + 2; p < length; p++) {
            all.add("[PAD]");
            kinds[p] = TokenKind.PADDING;
        }
        return new TextRow(ids, target, 0.875, 1e-4, all, a, kinds);
    }

    /** A token row of the given group, total and occurrences, ranked by the caller. */
    static TokenRow token(long id, String token, Integer target, double total, long occurrences, double mean, int rankTotal,
            int rankMean) {
        return new TokenRow(id, token, target, false, occurrences, occurrences, mean, total / occurrences, 0.1, 0.5, total,
                rankTotal, rankMean, 0);
    }

    /** Two sampled rows, a token table with two classes and a special token, two categorical columns. */
    static EmbeddingView view() {
        List<TextRow> rows = List.of(
                row(List.of("7", "1"), 1, List.of("wheat", "<script>alert(1)</script>", "\"quoted\"", "a&b"),
                        new float[] {2, -1, 0, 0.5f}, 3),
                row(List.of("8", "0"), 0, List.of("it's", "<img src=x onerror=y>"), new float[] {-0.01f, 0.02f}, 0));
        List<TokenRow> tokens = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            tokens.add(token(10 + i, HOSTILE.get(i), null, 50 - i, 10 + i, i % 2 == 0 ? 1 : -1, i + 1, i < 3 ? i + 1 : 0));
        }
        tokens.add(new TokenRow(2, "[CLS]", null, true, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0));
        tokens.add(token(10, HOSTILE.get(0), 0, 20, 5, 1, 1, 1));
        tokens.add(token(11, HOSTILE.get(1), 1, 30, 6, -1, 1, 1));
        tokens.add(token(12, HOSTILE.get(2), 1, 10, 6, 1, 2, 2));
        List<CategoryRow> categories = List.of(
                new CategoryRow("checking_status", 0, 1, "<0", null, 60, 0.6, 0.3, 0.4, 0.1, 0.7, 1),
                new CategoryRow("checking_status", 0, 4, "no checking", null, 40, 0.4, -0.2, 0.25, 0.1, 0.2, 2),
                new CategoryRow("savings_status", 1, 2, "100<=X<500 & \"more\"", null, 100, 1, 0.01, 0.02, 0, 0.5, 1),
                new CategoryRow("checking_status", 0, 1, "<0", 1, 60, 1, 0.3, 0.4, 0.1, 0.7, 1));
        return new EmbeddingView(rows, tokens, 5, 0, Map.of(0, 40L, 1, 60L), categories);
    }
}
