package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gallery's overlays: polarity, clipping at percentiles, colour maps, and the XRAI regions' edges. */
class OverlaysTest {

    private static final Pattern FILL = Pattern.compile("fill=\"(#[0-9a-f]{6})\"");
    private static final ImageShape SHAPE = new ImageShape(1, 4, 5, 1);

    private static List<String> fills(String svg) {
        Matcher m = FILL.matcher(svg);
        List<String> fills = new ArrayList<>();
        while (m.find()) {
            fills.add(m.group(1));
        }
        return fills;
    }

    private static ReportModel.Gallery gallery(ReportModel.Gallery.Polarity polarity, double lower, double upper, boolean pinkGreen) {
        return new ReportModel.Gallery(polarity, upper, lower, false, pinkGreen, 0.2);
    }

    /** A flat picture, drawn mid grey: a cell's fill is that grey blended towards its colour by its alpha. */
    private static double[][] flat() {
        return new double[][] {new double[SHAPE.cells()]};
    }

    @Test
    void percentilesInterpolateAsNumpysDefault() {
        double[] values = {4, 1, 3, 2, 5};
        assertEquals(1, Overlays.percentile(values, 0), 0);
        assertEquals(3, Overlays.percentile(values, 50), 0);
        assertEquals(4.6, Overlays.percentile(values, 90), 1e-12);
        assertEquals(5, Overlays.percentile(values, 100), 0);
    }

    @Test
    void positivePolarityColoursOnlyRaisingCellsAboveTheLowerClip() {
        double[] cells = new double[20];
        for (int i = 0; i < 20; i++) {
            cells[i] = i % 2 == 0 ? i : -i; // even cells raise the output, odd ones lower it
        }
        List<String> fills = fills(Overlays.pixels("o", SHAPE, flat(), cells, gallery(ReportModel.Gallery.Polarity.POSITIVE, 50, 100,
                true), "o"));
        assertEquals(20, fills.size());
        // shown = even values and zeros; the 50th percentile of {0 x 10, 0, 2, ..., 18} is 0: every positive cell has colour
        for (int i = 0; i < 20; i++) {
            if (i % 2 == 1 || i == 0) {
                assertEquals("#808080", fills.get(i), "cell " + i + " shows nothing");
            }
        }
        assertEquals(Colors.over(0.5, Colors.OVERLAY_GREEN, 1), fills.get(18), "the largest is full green");
        assertEquals(Colors.over(0.5, Colors.OVERLAY_GREEN, 10.0 / 18), fills.get(10), "linear between the clips (0, and 18 at the 100th)");
        assertEquals(Colors.over(0.5, Colors.OVERLAY_GREEN, 1.0 / 9), fills.get(2));
    }

    @Test
    void bothPolaritiesUseTheColourMapsTwoColours() {
        double[] cells = new double[20];
        cells[3] = 2;
        cells[7] = -2;
        List<String> pinkGreen = fills(Overlays.pixels("o", SHAPE, flat(), cells, gallery(ReportModel.Gallery.Polarity.BOTH, 0, 100,
                true), "o"));
        assertEquals(Colors.over(0.5, Colors.OVERLAY_GREEN, 1), pinkGreen.get(3));
        assertEquals(Colors.over(0.5, Colors.OVERLAY_PINK, 1), pinkGreen.get(7));
        List<String> redBlue = fills(Overlays.pixels("o", SHAPE, flat(), cells, gallery(ReportModel.Gallery.Polarity.BOTH, 0, 100,
                false), "o"));
        assertEquals(Colors.over(0.5, Colors.OVERLAY_RED, 1), redBlue.get(3));
        assertEquals(Colors.over(0.5, Colors.OVERLAY_BLUE, 1), redBlue.get(7));
        List<String> negative = fills(Overlays.pixels("o", SHAPE, flat(), cells, gallery(ReportModel.Gallery.Polarity.NEGATIVE, 0, 100,
                true), "o"));
        assertEquals("#808080", negative.get(3));
        assertEquals(Colors.over(0.5, Colors.OVERLAY_PINK, 1), negative.get(7));
    }

    @Test
    void outlinesDrawTheEdgeOfTheTopRegions() {
        // 4 x 5 pixels: rank 1 is the 2 x 3 block at rows 1-2, columns 1-3 (6 of 20 pixels), rank 2 the rest.
        int[] ranks = new int[20];
        for (int p = 0; p < 20; p++) {
            int r = p / 5;
            int c = p % 5;
            ranks[p] = r >= 1 && r <= 2 && c >= 1 && c <= 3 ? 1 : 2;
        }
        assertEquals(1, Overlays.topRanks(ranks, 0.2), "rank 1 alone, though it covers 30 % > 20 %: at least one");
        assertEquals(2, Overlays.topRanks(ranks, 1.0));
        List<String> fills = fills(Overlays.outlines("o", SHAPE, flat(), ranks,
                new ReportModel.Gallery(ReportModel.Gallery.Polarity.POSITIVE, 99.9, 70, true, true, 0.2), "o"));
        String edge = Colors.over(0.5, Colors.OVERLAY_GREEN, 1);
        for (int p = 0; p < 20; p++) {
            assertEquals(ranks[p] == 1 ? edge : "#808080", fills.get(p), "pixel " + p + ": a 2 x 3 block is all edge");
        }
        assertNotEquals(edge, "#808080");
    }
}
