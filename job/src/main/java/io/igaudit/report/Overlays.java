package io.igaudit.report;

import java.util.Arrays;

/**
 * A sampled image with its attributions drawn over it, as Vertex Explainable AI's visualisation
 * options draw them ({@link ReportModel.Gallery}): the image in grey, and either each cell coloured
 * by its attribution (polarity, clipped at two percentiles of the image's shown |attributions|,
 * linear between), or the edges of the densest XRAI regions.
 */
final class Overlays {

    private Overlays() {}

    /** The cells coloured by their attributions (summed over the cell's pixels and channels). */
    static String pixels(String chart, ImageShape shape, double[][] picture, double[] attributionCells, ReportModel.Gallery gallery,
            String label) {
        double[] grey = grey(picture);
        double[] shown = new double[attributionCells.length];
        for (int i = 0; i < shown.length; i++) {
            double v = attributionCells[i];
            shown[i] = switch (gallery.polarity()) {
                case POSITIVE -> Math.max(0, v);
                case NEGATIVE -> Math.max(0, -v);
                case BOTH -> Math.abs(v);
            };
        }
        double low = percentile(shown, gallery.clipLower());
        double high = percentile(shown, gallery.clipUpper());
        String[] fills = new String[shown.length];
        for (int i = 0; i < fills.length; i++) {
            double alpha = high > low ? (shown[i] - low) / (high - low) : shown[i] > low ? 1 : 0;
            boolean raises = attributionCells[i] >= 0 && gallery.polarity() != ReportModel.Gallery.Polarity.NEGATIVE;
            fills[i] = Colors.over(grey[i], colour(gallery, raises), shown[i] > 0 ? alpha : 0);
        }
        return Heatmaps.draw(chart, shape, fills, label);
    }

    /**
     * The edges of the densest XRAI regions, in rank order up to {@code gallery.topArea()} of the
     * image (at least the first), over the image in grey: a cell is in the regions when most of
     * its pixels are, and on their edge when a neighbouring cell (or the image's border) is not.
     */
    static String outlines(String chart, ImageShape shape, double[][] picture, int[] regionRanks, ReportModel.Gallery gallery,
            String label) {
        int lastRank = topRanks(regionRanks, gallery.topArea());
        ImageShape plane = new ImageShape(1, shape.height(), shape.width(), shape.block());
        double[] inside = plane.cellMeans(p -> regionRanks[p] <= lastRank ? 1 : 0)[0];
        double[] grey = grey(picture);
        String[] fills = new String[inside.length];
        int columns = shape.columns();
        int rows = shape.rows();
        for (int cell = 0; cell < fills.length; cell++) {
            int r = cell / columns;
            int c = cell % columns;
            boolean in = inside[cell] >= 0.5;
            boolean edge = in && (r == 0 || c == 0 || r == rows - 1 || c == columns - 1 || inside[cell - columns] < 0.5
                    || inside[cell + columns] < 0.5 || inside[cell - 1] < 0.5 || inside[cell + 1] < 0.5);
            fills[cell] = Colors.over(grey[cell], colour(gallery, true), edge ? 1 : 0);
        }
        return Heatmaps.draw(chart, shape, fills, label);
    }

    /** The largest rank whose regions, with those before it, cover at most {@code area} of the pixels; at least 1. */
    static int topRanks(int[] ranks, double area) {
        int regions = Arrays.stream(ranks).max().orElse(1);
        int[] pixels = new int[regions + 1];
        for (int rank : ranks) {
            pixels[rank]++;
        }
        int last = 1;
        long covered = pixels[1];
        while (last < regions && covered + pixels[last + 1] <= area * ranks.length) {
            last++;
            covered += pixels[last];
        }
        return last;
    }

    private static double[] colour(ReportModel.Gallery gallery, boolean raises) {
        if (gallery.pinkGreen()) {
            return raises ? Colors.OVERLAY_GREEN : Colors.OVERLAY_PINK;
        }
        return raises ? Colors.OVERLAY_RED : Colors.OVERLAY_BLUE;
    }

    /** The picture's cells in grey, from its darkest (0) to its brightest (1) value, channels averaged. */
    private static double[] grey(double[][] picture) {
        double[] grey = new double[picture[0].length];
        for (double[] channel : picture) {
            for (int i = 0; i < grey.length; i++) {
                grey[i] += channel[i] / picture.length;
            }
        }
        double low = Arrays.stream(grey).min().orElse(0);
        double high = Arrays.stream(grey).max().orElse(1);
        for (int i = 0; i < grey.length; i++) {
            grey[i] = high > low ? (grey[i] - low) / (high - low) : 0.5;
        }
        return grey;
    }

    /** The p-th percentile (0..100) of the values, interpolated linearly between ranks, as numpy's default. */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double at = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
    }
}
