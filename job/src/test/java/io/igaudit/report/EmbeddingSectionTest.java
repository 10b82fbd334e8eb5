package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.report.EmbeddingView.TextRow;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The token and category sections: escaping, colours, what is drawn and when. */
class EmbeddingSectionTest {

    private static String section(EmbeddingView view) {
        StringBuilder html = new StringBuilder();
        EmbeddingSection.render(html, view, List.of("id", "label"), target -> "class " + target);
        return html.toString();
    }

    private static String marks(TextRow row) {
        StringBuilder html = new StringBuilder();
        EmbeddingSection.tokenMarks(html, row);
        return html.toString();
    }

    @Test
    void everyTokenAndCategoryIsEscaped() {
        String page = HtmlReport.render(Reports.model(4, 20, 0, false).withEmbeddings(Embeddings.view()));
        assertFalse(page.toLowerCase(java.util.Locale.ROOT).contains("<script"), "no script element, ever");
        assertFalse(page.contains("<img"), "no element from a token");
        assertFalse(page.contains("\"quoted\""), "no quote from a token ends an attribute");
        assertFalse(page.contains("a&b"), "no bare ampersand from a token");
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(page.contains("&quot;quoted&quot;"));
        assertTrue(page.contains("a&amp;b"));
        assertTrue(page.contains("it&#39;s"));
        assertTrue(page.contains("100&lt;=X&lt;500 &amp; &quot;more&quot;"), "category names are user data too");
        assertTrue(page.contains("&lt;0"));
        // Every attribute value is closed where it should be: no token text leaks into markup.
        assertFalse(Pattern.compile("=\"[^\"]*<").matcher(page).find(), "no '<' inside an attribute value");
    }

    @Test
    void eachRowIsColouredOnItsOwnScaleRedUpBlueDownWhiteAtZero() {
        EmbeddingView view = Embeddings.view();
        String first = marks(view.rows().get(0));
        String second = marks(view.rows().get(1));
        // Row 1's largest is wheat (2); row 2's is the img token (0.02): both at the strongest red.
        String strongestRed = Colors.diverging(0.75);
        assertEquals(strongestRed, background(first, "wheat"));
        assertEquals(strongestRed, background(second, "&lt;img src=x onerror=y&gt;"));
        assertEquals(Colors.diverging(-0.375), background(first, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertEquals("#ffffff", background(first, "&quot;quoted&quot;"), "white at 0");
        assertEquals(Colors.diverging(-0.375), background(second, "it&#39;s"), "−0.01 is half of 0.02");
        assertTrue(first.contains("<mark class=\"tok special\""), "special tokens dimmed");
        assertTrue(first.contains("<span class=\"tok pad\" title=\"3 padded positions\">[PAD] × 3</span>"), "padding folded");
        assertFalse(second.contains("[PAD]"), "no padding, no mark");
    }

    private static String background(String html, String token) {
        Matcher m = Pattern.compile("style=\"background:(#[0-9a-f]{6})\" title=\"[^\"]*\">" + Pattern.quote(token) + "</mark>")
                .matcher(html);
        assertTrue(m.find(), token + " in " + html);
        return m.group(1);
    }

    @Test
    void showsRowsTopTokensPerClassAndCategoriesWithTheMinimumStated() {
        String html = section(Embeddings.view());
        assertTrue(html.contains("<section id=\"text-rows\">"));
        assertTrue(html.contains("<td>id 7, label 1</td><td>class 1</td><td class=\"num\">0.875</td>"), "the explained class");
        assertTrue(html.contains("<section id=\"tokens\">"));
        assertTrue(html.contains("seen at least 5 times"), "the minimum occurrences stated");
        assertEquals(5, declaredMarks(html, "tokens-total"), "every ranked token by total");
        assertEquals(3, declaredMarks(html, "tokens-mean"), "only tokens ranked by mean");
        assertEquals(1, declaredMarks(html, "tokens-class-0"));
        assertEquals(2, declaredMarks(html, "tokens-class-1"));
        assertTrue(html.contains("class 1 <span class=\"note\">60 rows (60 %)</span>"));
        assertTrue(html.contains("<table id=\"special-tokens\">") && html.contains("<code>[CLS]</code>"));
        assertTrue(html.contains("<section id=\"categories\">"));
        assertEquals(1, declaredMarks(html, "categories-checking_status-class-1"), "the explained class's own categories");
        assertFalse(html.contains("data-chart=\"categories-checking_status\""), "no signed chart over several classes");
        assertEquals(1, declaredMarks(html, "categories-savings_status"), "a column without rows per class: all rows");
        assertTrue(html.indexOf("id=\"tokens\"") < html.indexOf("id=\"text-rows\""), "the words first, then sampled rows");
        assertTrue(html.contains("data-chart=\"tokens-total\"") && html.contains("bars are grey"),
                "all-rows token bars are not signed when rows explain different classes");
        assertTrue(html.indexOf("categories-checking_status") < html.indexOf("categories-savings_status"),
                "the column with the larger mean |attribution| first");
        assertTrue(html.contains("Every token is counted exactly."));
    }

    private static int declaredMarks(String html, String chart) {
        Matcher m = Pattern.compile("data-chart=\"" + Pattern.quote(chart) + "\" data-marks=\"(\\d+)\"").matcher(html);
        assertTrue(m.find(), chart + " is drawn");
        return Integer.parseInt(m.group(1));
    }

    @Test
    void partsWithNothingToShowAreLeftOut() {
        EmbeddingView full = Embeddings.view();
        EmbeddingView categoriesOnly = new EmbeddingView(List.of(), List.of(), 5, 0, Map.of(), full.categories());
        String html = section(categoriesOnly);
        assertFalse(html.contains("id=\"text-rows\"") || html.contains("id=\"tokens\""));
        assertTrue(html.contains("id=\"categories\""));
        EmbeddingView tokensOnly = new EmbeddingView(full.rows(), full.tokens(), 5, 0, Map.of(), List.of());
        String tokens = section(tokensOnly);
        assertFalse(tokens.contains("id=\"categories\"") || tokens.contains("per predicted class"));
        assertFalse(HtmlReport.render(Reports.model(4, 20, 0, false)).contains("id=\"tokens\""), "absent without a view");
    }

    @Test
    void aBoundedTableStatesItsError() {
        EmbeddingView full = Embeddings.view();
        EmbeddingView bounded = new EmbeddingView(List.of(), full.tokens(), 5, 12.5, Map.of(), List.of());
        assertTrue(section(bounded).contains("exceeds 12.5 is in it"));
    }
}
