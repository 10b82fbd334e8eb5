package io.igaudit.report;

import static io.igaudit.report.HtmlReportTest.marks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.report.ReportModel.ImageRow;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The attribution maps of image rows: cells per chart, the colour scales, absence for flat rows. */
class ImageSectionTest {

    private static final Pattern FILL = Pattern.compile("fill=\"(#[0-9a-f]{6})\"");

    /** The fills of a chart's cells, in cell order. */
    private static List<String> fills(String html, String chart) {
        int start = html.indexOf("data-chart=\"" + chart + "\"");
        assertTrue(start >= 0, "no chart " + chart);
        Matcher m = FILL.matcher(html.substring(start, html.indexOf("</svg>", start)));
        List<String> fills = new ArrayList<>();
        while (m.find()) {
            fills.add(m.group(1));
        }
        return fills;
    }

    private static String hex(int[] rgb) {
        return String.format("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }

    /** How far a colour is from white towards {@code end}, 0..1, checked to lie on that line. */
    private static double towards(String fill, int[] end) {
        int[] c = {Integer.parseInt(fill.substring(1, 3), 16), Integer.parseInt(fill.substring(3, 5), 16),
            Integer.parseInt(fill.substring(5, 7), 16)};
        int strongest = 0;
        for (int i = 1; i < 3; i++) {
            strongest = Math.abs(end[i] - 255) > Math.abs(end[strongest] - 255) ? i : strongest;
        }
        double f = (c[strongest] - 255.0) / (end[strongest] - 255.0);
        for (int i = 0; i < 3; i++) {
            assertEquals(255 + f * (end[i] - 255), c[i], 1.0, fill + " lies between white and " + hex(end));
        }
        return f;
    }

    private static ImageRow row(long id, float[] values, float[] attributions) {
        return new ImageRow(List.of(Long.toString(id)), 3, 7.25, values, attributions);
    }

    @Test
    void everyMapHasOneCellPerPixel() {
        List<ImageRow> rows = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            rows.add(row(r, new float[64], new float[64]));
        }
        String html = HtmlReport.render(Reports.withImages(new int[] {1, 8, 8}, 3, rows));
        assertTrue(html.contains("<section id=\"images\">"));
        assertEquals(64, marks(html, "image-mean"));
        for (int c = 0; c < 3; c++) {
            assertEquals(64, marks(html, "image-mean-class-" + c));
        }
        for (int r = 0; r < 5; r++) {
            assertEquals(64, marks(html, "image-row-" + r + "-input"));
            assertEquals(64, marks(html, "image-row-" + r + "-attribution"));
            assertEquals(64, marks(html, "image-row-" + r + "-overlay"));
        }
        assertEquals(15, html.split("data-chart=\"image-row-", -1).length - 1, "an input, a map and an overlay per row");
        assertTrue(html.contains("id 4</strong> · target 3 · F(x) 7.25"), "caption: ids, target, prediction");
    }

    @Test
    void attributionColoursAreSymmetricAroundZeroOnEachImagesOwnScale() {
        float[] attributions = new float[9];
        float[] scaled = new float[9];
        for (int i = 0; i < 9; i++) {
            attributions[i] = i - 4; // -4 … 4, antisymmetric: a[i] = -a[8 - i]
            scaled[i] = 100 * attributions[i];
        }
        String html = HtmlReport.render(Reports.withImages(new int[] {1, 3, 3}, 0,
                List.of(row(1, new float[9], attributions), row(2, new float[9], scaled))));
        List<String> fills = fills(html, "image-row-0-attribution");
        assertEquals(hex(Colors.HIGH), fills.get(8), "the largest attribution has the full positive colour");
        assertEquals(hex(Colors.LOW), fills.get(0), "the most negative has the full negative colour");
        assertEquals(hex(Colors.ZERO), fills.get(4), "0 is white");
        for (int i = 5; i < 9; i++) {
            double up = towards(fills.get(i), Colors.HIGH);
            double down = towards(fills.get(8 - i), Colors.LOW);
            assertEquals(attributions[i] / 4.0, up, 1.0 / 255, "a positive value's strength is |a| / max |a|");
            assertEquals(up, down, 1.0 / 255, "a and -a are equally strong, in opposite colours");
        }
        assertEquals(fills, fills(html, "image-row-1-attribution"), "each image is scaled on its own largest |attribution|");
    }

    @Test
    void threeChannelsAreDrawnInColourScaledToTheImagesRange() {
        // channels (R, G, B) of pixels (red, green, blue, white), values 10 … 30
        float[] values = {30, 10, 10, 30, 10, 30, 10, 30, 10, 10, 30, 30};
        String html = HtmlReport.render(Reports.withImages(new int[] {3, 2, 2}, 0, List.of(row(1, values, new float[12]))));
        assertEquals(List.of("#ff0000", "#00ff00", "#0000ff", "#ffffff"), fills(html, "image-row-0-input"));
        assertTrue(html.contains("sum over its 3 channels"));
    }

    @Test
    void oneChannelIsGreyAndMeanMapsDarkenWithImportance() {
        float[] values = {0, 8, 16, 4};
        String html = HtmlReport.render(Reports.withImages(new int[] {1, 2, 2}, 0, List.of(row(1, values, new float[4]))));
        assertEquals(List.of("#000000", "#808080", "#ffffff", "#404040"), fills(html, "image-row-0-input"));
        List<String> mean = fills(html, "image-mean"); // mean |a| = i % 7 → 0, 1, 2, 3
        assertEquals(hex(Colors.ZERO), mean.get(0));
        double previous = 0;
        for (int i = 1; i < 4; i++) {
            double strength = towards(mean.get(i), Colors.MAGNITUDE);
            assertEquals(i / 3.0, strength, 1.0 / 255, "mean map scaled to its largest value");
            assertTrue(strength > previous);
            previous = strength;
        }
    }

    @Test
    void largeImagesArePooledToAtMost32CellsASide() {
        String html = HtmlReport.render(Reports.withImages(new int[] {1, 64, 64}, 0,
                List.of(row(1, new float[4096], new float[4096]))));
        assertEquals(32 * 32, marks(html, "image-mean"));
        assertEquals(32 * 32, marks(html, "image-row-0-attribution"));
        assertTrue(html.contains("blocks of 2 × 2 pixels"));
    }

    @Test
    void flatRowsHaveNoImageSection() {
        String html = HtmlReport.render(Reports.model(30, 100, 2, false));
        assertFalse(html.contains("id=\"images\""));
        assertFalse(html.contains("data-chart=\"image-"));
    }
}
