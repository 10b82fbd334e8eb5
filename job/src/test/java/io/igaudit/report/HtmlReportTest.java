package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page as text: self-contained, every section, the right number of marks per chart. */
class HtmlReportTest {

    private static final Pattern CHART = Pattern.compile("<svg class=\"chart\" data-chart=\"([^\"]+)\" data-marks=\"(\\d+)\"");

    /** data-marks of a chart, and a check that the chart holds that many marked elements. */
    static int marks(String html, String chart) {
        Matcher m = CHART.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(chart)) {
                int start = m.start();
                String svg = html.substring(start, html.indexOf("</svg>", start));
                int counted = svg.split("data-mark=\"1\"", -1).length - 1;
                assertEquals(Integer.parseInt(m.group(2)), counted, chart + ": data-marks against marked elements");
                return counted;
            }
        }
        throw new AssertionError("no chart " + chart);
    }

    @Test
    void selfContainedNoScriptsNoNetwork() {
        String html = HtmlReport.render(Reports.model(30, 500, 2, true));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no network references");
        assertTrue(html.contains("&lt;&amp;&gt;"), "names are escaped");
    }

    @Test
    void chartsHaveTheRightNumberOfMarks() {
        String html = HtmlReport.render(Reports.model(30, 500, 2, true));
        assertEquals(20, marks(html, "importance"), "top 20; the others are a note, not a bar");
        assertEquals(500 * 10, marks(html, "beeswarm"), "one dot per sampled row and shown feature");
        assertEquals(10, marks(html, "class-0"));
        assertEquals(10, marks(html, "class-1"));
        assertEquals(30, marks(html, "drift"), "two bars for each of the top 15");
        int bins = Reports.model(30, 500, 2, true).delta().histogram().counts().length;
        assertEquals(bins, marks(html, "delta-histogram"));
    }

    /**
     * The features beyond the top bars are summed in a line under the chart, never drawn as a bar:
     * in the made-up model their sum (H30 - H10 = 1.066 for class 0) is larger than the top
     * feature's 1.0, so a bar of it would set the axis and read as the most important feature.
     */
    @Test
    void theOtherFeaturesAreANoteUnderTheChartNotABar() {
        String html = HtmlReport.render(Reports.model(30, 100, 2, false));
        double global = 0;
        for (int rank = 21; rank <= 30; rank++) {
            global += 0.5 / rank;
        }
        assertTrue(html.contains("+ 10 other features, not drawn: together " + Format.number(global)
                + " mean |attribution|, the largest of them " + Format.number(0.5 / 21)), "global note");
        double classZero = 0;
        for (int rank = 11; rank <= 30; rank++) {
            classZero += 1.0 / rank;
        }
        assertTrue(classZero > 1.0, "the others together outweigh the top feature");
        assertTrue(html.contains("+ 20 other features, not drawn: together " + Format.number(classZero)), "class 0 note");
        for (String chart : new String[] {"importance", "class-0", "class-1"}) {
            int start = html.indexOf("data-chart=\"" + chart + "\"");
            String svg = html.substring(start, html.indexOf("</svg>", start));
            assertFalse(svg.contains("other features"), chart + " draws no bar for the others");
        }
    }

    @Test
    void fewFeaturesGiveNoOthersBarAndNoOptionalSections() {
        String html = HtmlReport.render(Reports.model(4, 50, 0, false));
        assertEquals(4, marks(html, "importance"));
        assertFalse(html.contains("other features, not drawn"), "no note when every feature has a bar");
        assertEquals(4 * 50, marks(html, "beeswarm"));
        assertFalse(html.contains("id=\"per-class\""), "no per-class section without classes");
        assertFalse(html.contains("id=\"drift\""), "no drift section without a comparison");
    }

    @Test
    void checksAndDriftAreShown() {
        String html = HtmlReport.render(Reports.model(30, 100, 2, true));
        assertTrue(html.contains("2 of 3 checks failed"), "verdict");
        assertTrue(html.contains("largest change of a feature&#39;s mean |attribution| (f02): 150 %, above the limit 50 %"), html);
        assertTrue(html.contains("1111-earlier"));
        assertTrue(html.contains("/data/breast_cancer_old.csv</code> <strong>changed</strong>")
                || html.contains("/data/breast_cancer.csv</code> <strong>changed</strong>"), "dataset change is marked");
        assertTrue(html.contains("id=\"worst-rows\""));
    }

    @Test
    void numbersAreFormattedForPeople() {
        String html = HtmlReport.render(Reports.model(30, 100, 2, true));
        assertTrue(html.contains("17,622 rows/s"), "thousands separator");
        assertTrue(html.contains("1 min 15 s"), "durations");
        assertTrue(html.contains("575 in, 572 attributed, 3 rejected"));
    }

    @Test
    void manyClassesShowTheLargestTwelve() {
        String html = HtmlReport.render(Reports.model(5, 10, 30, false));
        assertEquals(12, html.split("data-chart=\"class-", -1).length - 1);
        assertTrue(html.contains("The 12 classes with the most rows of 30"));
        assertTrue(html.contains("data-chart=\"class-29\"") && !html.contains("data-chart=\"class-17\""),
                "class c has 100 + 50c rows: 18..29 are the largest");
    }

    /** Writes the page to target/ for a look (not an assertion). */
    @Test
    void writesAnExamplePage() throws Exception {
        Path out = Path.of("target", "report-example.html");
        Files.writeString(out, HtmlReport.render(Reports.model(30, 569, 2, true)));
        assertTrue(Files.size(out) > 10_000);
    }
}
