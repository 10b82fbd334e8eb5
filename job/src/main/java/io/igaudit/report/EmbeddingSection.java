package io.igaudit.report;

import static io.igaudit.report.Svg.escape;

import io.igaudit.report.EmbeddingView.TextRow;
import io.igaudit.report.EmbeddingView.TokenKind;
import io.igaudit.stats.CategoryRow;
import io.igaudit.stats.TokenRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The report's sections for token and category inputs: sampled rows with every token highlighted
 * by its attribution (the layout of Captum's {@code visualize_text}, for a sample across the
 * dataset), the tokens that carry the most attribution over the run and per class, and the
 * categories of the most important categorical columns. Every token and category is user data
 * and is escaped.
 */
final class EmbeddingSection {

    /** Tokens in each global chart. */
    static final int TOP_TOKENS = 20;
    /** Tokens per class. */
    static final int CLASS_TOKENS = 10;
    /** Categorical columns with a chart. */
    static final int CATEGORY_COLUMNS = 6;
    /** Categories per column's chart. */
    static final int CATEGORIES = 20;
    /** Said under all-rows charts when rows explain different targets. */
    private static final String MIXED_TARGETS = "Rows explain different classes, so these bars are grey: a sign "
            + "over all rows would average opposite classes' outputs;";
    /** How strong the strongest token's colour is: full strength would hide dark text. */
    private static final double STRONGEST = 0.75;

    private EmbeddingSection() {}

    /**
     * Appends the sections that have something to show.
     *
     * @param classLabel how a class (a target output) is called in headings
     */
    static void render(StringBuilder html, EmbeddingView view, List<String> idColumns, IntFunction<String> classLabel) {
        tokens(html, view, classLabel);
        textRows(html, view.rows(), idColumns, classLabel);
        categories(html, view.categories(), classLabel);
    }

    private static void textRows(StringBuilder html, List<TextRow> rows, List<String> idColumns, IntFunction<String> classLabel) {
        if (rows.isEmpty()) {
            return;
        }
        List<TextRow> shown = rows.subList(0, Math.min(HtmlReport.TEXT_ROWS, rows.size()));
        html.append("<section id=\"text-rows\"><h2>Tokens of sampled rows</h2><p class=\"note\">").append(shown.size())
                .append(" sampled rows, each token highlighted by its attribution: <span class=\"swatch pos\"></span> raising ")
                .append("the explained output, <span class=\"swatch neg\"></span> lowering it, white for 0; each row on its own ")
                .append("scale (its largest |attribution| at full colour). Special tokens and padding are dimmed; trailing ")
                .append("padding is folded into one mark. Hover a token for its value.</p><div class=\"table-wrap\">")
                .append("<table id=\"text-rows-table\"><thead><tr><th>row</th><th>explained</th>")
                .append("<th class=\"num\">F(x)</th><th class=\"num\">delta</th><th>tokens</th></tr></thead><tbody>");
        for (int r = 0; r < shown.size(); r++) {
            TextRow row = shown.get(r);
            html.append("<tr><td>").append(escape(Labels.rowName(row.ids(), idColumns, r))).append("</td><td>")
                    .append(escape(classLabel.apply(row.target()))).append("</td><td class=\"num\">").append(Format.number(row.prediction(), 4))
                    .append("</td><td class=\"num\">").append(Format.number(row.delta())).append("</td><td class=\"tokens\">");
            tokenMarks(html, row);
            html.append("</td></tr>");
        }
        html.append("</tbody></table></div></section>\n");
    }

    /** The row's tokens as marks coloured on the row's own scale. */
    static void tokenMarks(StringBuilder html, TextRow row) {
        float[] a = row.attributions();
        double largest = 0;
        for (int p = 0; p < a.length; p++) {
            if (row.kinds()[p] != TokenKind.PADDING && Float.isFinite(a[p])) {
                largest = Math.max(largest, Math.abs(a[p]));
            }
        }
        for (int p = 0; p < a.length; p++) {
            if (row.kinds()[p] == TokenKind.PADDING) {
                int end = p;
                while (end + 1 < a.length && row.kinds()[end + 1] == TokenKind.PADDING) {
                    end++;
                }
                String token = row.tokens().get(p);
                html.append("<span class=\"tok pad\" title=\"").append(end - p + 1).append(" padded positions\">")
                        .append(escape(token)).append(end > p ? " × " + (end - p + 1) : "").append("</span> ");
                p = end;
                continue;
            }
            double t = largest == 0 || !Float.isFinite(a[p]) ? 0 : a[p] / largest * STRONGEST;
            html.append("<mark class=\"tok").append(row.kinds()[p] == TokenKind.SPECIAL ? " special" : "")
                    .append("\" style=\"background:").append(Colors.diverging(t)).append("\" title=\"")
                    .append(escape(row.tokens().get(p) + ": " + Format.number(a[p]))).append("\">")
                    .append(escape(row.tokens().get(p))).append("</mark> ");
        }
    }

    private static void tokens(StringBuilder html, EmbeddingView view, IntFunction<String> classLabel) {
        List<TokenRow> all = group(view.tokens(), null);
        if (all.isEmpty()) {
            return;
        }
        long minimum = view.minOccurrences();
        html.append("<section id=\"tokens\"><h2>Tokens across the dataset</h2><p class=\"note\">Attribution per token over ")
                .append("every unpadded position of every row (padded positions are left out). Total |attribution| favours ")
                .append("frequent tokens; mean |attribution| per occurrence ranks only tokens seen at least ")
                .append(Format.count(minimum)).append(" times. ");
        boolean mixed = !view.rowsPerTarget().isEmpty();
        html.append(mixed ? MIXED_TARGETS + " each class's own tokens, signed, follow. "
                : "Bars are red where the token's mean attribution raises the explained output, blue where it lowers it. ");
        if (view.tokenErrorBound() == 0) {
            html.append("Every token is counted exactly.");
        } else {
            html.append("The table keeps the tokens with the largest totals: any token whose total |attribution| exceeds ")
                    .append(Format.number(view.tokenErrorBound())).append(" is in it, and a token's figures miss at most its ")
                    .append("stated error (token_stats/).");
        }
        html.append("</p><div class=\"classes\"><div><h3>By total |attribution|</h3>")
                .append(tokenChart("tokens-total", ranked(all, TokenRow::rankTotal, TOP_TOKENS), true, !mixed, BarChart.NARROW))
                .append("</div><div><h3>By mean |attribution| <span class=\"note\">at least ").append(Format.count(minimum))
                .append(" occurrences</span></h3>");
        List<TokenRow> byMean = ranked(all, TokenRow::rankMeanAbs, TOP_TOKENS);
        html.append(byMean.isEmpty() ? noneFrequent(minimum) : tokenChart("tokens-mean", byMean, false, !mixed, BarChart.NARROW))
                .append("</div></div>");
        perClass(html, view, classLabel);
        specials(html, all);
        html.append("</section>\n");
    }

    private static void perClass(StringBuilder html, EmbeddingView view, IntFunction<String> classLabel) {
        if (view.rowsPerTarget().isEmpty()) {
            return;
        }
        long total = view.rowsPerTarget().values().stream().mapToLong(Long::longValue).sum();
        List<Integer> classes = view.rowsPerTarget().entrySet().stream()
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed()).limit(HtmlReport.TOP_CLASSES)
                .map(Map.Entry::getKey).sorted().toList();
        html.append("<h3>Top tokens per explained class</h3><p class=\"note\">Within the rows explained for each class, the ")
                .append(CLASS_TOKENS).append(" tokens with the largest mean |attribution| among those seen at least ")
                .append(Format.count(view.minOccurrences())).append(" times in the class; red raises that class's output, ")
                .append("blue lowers it");
        if (classes.size() < view.rowsPerTarget().size()) {
            html.append("; the ").append(classes.size()).append(" classes with the most rows");
        }
        html.append(".</p><div class=\"classes\">");
        for (int target : classes) {
            long rows = view.rowsPerTarget().get(target);
            List<TokenRow> top = ranked(group(view.tokens(), target), TokenRow::rankMeanAbs, CLASS_TOKENS);
            html.append("<div><h3>").append(escape(classLabel.apply(target))).append(" <span class=\"note\">").append(Format.count(rows))
                    .append(" rows (").append(Format.percent(total == 0 ? 0 : (double) rows / total)).append(")</span></h3>")
                    .append(top.isEmpty() ? noneFrequent(view.minOccurrences())
                            : tokenChart("tokens-class-" + target, top, false, true, BarChart.NARROW))
                    .append("</div>");
        }
        html.append("</div>");
    }

    private static void specials(StringBuilder html, List<TokenRow> all) {
        List<TokenRow> specials = all.stream().filter(TokenRow::special).toList();
        if (specials.isEmpty()) {
            return;
        }
        html.append("<h3>Special tokens</h3><p class=\"note\">Reported apart and never ranked; a special token kept in the ")
                .append("baseline gets exactly 0.</p><div class=\"table-wrap\"><table id=\"special-tokens\"><thead><tr>")
                .append("<th>token</th><th class=\"num\">occurrences</th><th class=\"num\">mean</th>")
                .append("<th class=\"num\">mean |attr.|</th></tr></thead><tbody>");
        for (TokenRow t : specials) {
            html.append("<tr><td><code>").append(escape(t.token())).append("</code></td><td class=\"num\">")
                    .append(Format.count(t.occurrences())).append("</td><td class=\"num\">").append(Format.number(t.mean()))
                    .append("</td><td class=\"num\">").append(Format.meanAbs(t.meanAbs(), t.meanAbsCi())).append("</td></tr>");
        }
        html.append("</tbody></table></div>");
    }

    /** A token chart; {@code signed} colours each bar by its mean's sign, else grey (rows of several classes). */
    private static String tokenChart(String chart, List<TokenRow> tokens, boolean total, boolean signed, double width) {
        List<SignedBars.Bar> bars = new ArrayList<>();
        for (TokenRow t : tokens) {
            String title = t.token() + ": total |attribution| " + Format.number(t.totalAbs()) + " over "
                    + Format.count(t.occurrences()) + " occurrences in " + Format.count(t.rows()) + " rows, mean |attribution| "
                    + Format.meanAbs(t.meanAbs(), t.meanAbsCi()) + ", mean " + Format.number(t.mean()) + ", positive in "
                    + Format.percent(t.positiveShare()) + (t.exact() ? "" : "; up to " + Format.number(t.errorBound())
                    + " of its total may be missing");
            bars.add(total ? new SignedBars.Bar(t.token(), t.totalAbs(), signed ? t.mean() : 0, title)
                    : new SignedBars.Bar(t.token(), t.meanAbs(), signed ? t.mean() : 0, title,
                            Format.meanAbs(t.meanAbs(), t.meanAbsCi())));
        }
        return SignedBars.render(chart, bars, width, (total ? "total" : "mean") + " |attribution| per token");
    }

    private static String noneFrequent(long minimum) {
        return "<p class=\"note\">No token occurs " + Format.count(minimum) + " times or more here.</p>";
    }

    private static void categories(StringBuilder html, List<CategoryRow> categories, IntFunction<String> classLabel) {
        Map<String, List<CategoryRow>> byColumn = new LinkedHashMap<>();
        categories.stream().filter(CategoryRow::allRows).forEach(c -> byColumn.computeIfAbsent(c.column(), k -> new ArrayList<>()).add(c));
        if (byColumn.isEmpty()) {
            return;
        }
        List<Map.Entry<String, List<CategoryRow>>> columns = byColumn.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, List<CategoryRow>> e) -> columnMeanAbs(e.getValue())).reversed())
                .limit(CATEGORY_COLUMNS).toList();
        List<Integer> classes = classes(categories);
        html.append("<section id=\"categories\"><h2>Categories</h2><p class=\"note\">Mean attribution of each category of the ")
                .append(columns.size() < byColumn.size() ? columns.size() + " of " + byColumn.size() + " categorical columns with the"
                        : "categorical columns, by")
                .append(" largest mean |attribution|")
                .append(classes.isEmpty() ? ", over all rows: red raises the explained output, blue lowers it."
                        : ", within the rows explained for each class (rows explain different classes, and a mean over all of"
                        + " them would average opposite outputs): red raises that class's output, blue lowers it.")
                .append(" At most ").append(CATEGORIES).append(" categories per column (the largest mean |attribution|); ")
                .append("every category is in category_stats/.</p><div class=\"classes\">");
        for (Map.Entry<String, List<CategoryRow>> column : columns) {
            String name = column.getKey();
            html.append("<div><h3>").append(escape(name)).append(" <span class=\"note\">mean |attribution| ")
                    .append(Format.number(columnMeanAbs(column.getValue()))).append("</span></h3>");
            boolean drawn = false;
            for (int target : classes) {
                List<CategoryRow> own = categories.stream().filter(c -> name.equals(c.column()) && Objects.equals(c.target(), target))
                        .toList();
                if (!own.isEmpty()) {
                    html.append("<h4>").append(escape(classLabel.apply(target))).append("</h4>")
                            .append(categoryChart("categories-" + name + "-class-" + target, name, own));
                    drawn = true;
                }
            }
            if (!drawn) {
                html.append(categoryChart("categories-" + name, name, column.getValue()));
            }
            html.append("</div>");
        }
        html.append("</div></section>\n");
    }

    /** The classes the category table holds apart, in order; empty when it holds all rows only. */
    private static List<Integer> classes(List<CategoryRow> categories) {
        return categories.stream().map(CategoryRow::target).filter(Objects::nonNull).distinct().sorted().limit(HtmlReport.TOP_CLASSES)
                .toList();
    }

    private static String categoryChart(String chart, String column, List<CategoryRow> rows) {
        List<SignedBars.Bar> bars = rows.stream()
                .sorted(Comparator.comparingInt(CategoryRow::rank)).limit(CATEGORIES)
                .sorted(Comparator.comparingDouble(CategoryRow::mean).reversed())
                .map(c -> new SignedBars.Bar(c.label(), c.mean(), c.mean(), column + " = " + c.label() + ": mean "
                        + "attribution " + Format.number(c.mean()) + ", mean |attribution| "
                        + Format.meanAbs(c.meanAbs(), c.meanAbsCi()) + ", "
                        + Format.count(c.count()) + " rows (" + Format.percent(c.share()) + ")"))
                .toList();
        return SignedBars.render(chart, bars, BarChart.NARROW, "mean attribution per category of " + column);
    }

    /** The column's mean |attribution| over all rows, from its categories. */
    private static double columnMeanAbs(List<CategoryRow> categories) {
        double sum = 0;
        long rows = 0;
        for (CategoryRow c : categories) {
            sum += c.meanAbs() * c.count();
            rows += c.count();
        }
        return rows == 0 ? 0 : sum / rows;
    }

    private static List<TokenRow> group(List<TokenRow> tokens, Integer target) {
        return tokens.stream().filter(t -> Objects.equals(t.target(), target)).toList();
    }

    /** The tokens with ranks 1..n by {@code rank}, in rank order. */
    private static List<TokenRow> ranked(List<TokenRow> tokens, java.util.function.ToIntFunction<TokenRow> rank, int n) {
        return tokens.stream().filter(t -> rank.applyAsInt(t) > 0 && rank.applyAsInt(t) <= n)
                .sorted(Comparator.comparingInt(rank)).toList();
    }
}
