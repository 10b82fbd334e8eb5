package io.igaudit.report;

import java.util.function.DoubleFunction;

/**
 * Draws a grid of cells (see {@link ImageShape}) as SVG, one counted mark per cell: signed
 * attributions on the diverging scale, magnitudes from white to dark blue, and pixel values as
 * grey or RGB. Each map is scaled on its own values.
 */
final class Heatmaps {

    /** Pixels along the shorter side, at least (cells are whole pixels). */
    static final int SIZE = 120;

    private Heatmaps() {}

    /** Signed values, symmetric around 0: the largest |value| gets the full colour of its sign. */
    static String signed(String chart, ImageShape shape, double[] cells, String label) {
        return draw(chart, shape, scaledFills(cells, Colors::diverging), label);
    }

    /** Non-negative values: 0 is white, the largest is dark blue. */
    static String magnitude(String chart, ImageShape shape, double[] cells, String label) {
        return draw(chart, shape, scaledFills(cells, Colors::magnitude), label);
    }

    /**
     * Pixel values, [channel][cell], scaled from the smallest to the largest value of the image:
     * RGB for three channels, otherwise grey (the mean over channels).
     */
    static String picture(String chart, ImageShape shape, double[][] channelCells, String label) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[] channel : channelCells) {
            for (double v : channel) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        double range = high > low ? high - low : 1;
        String[] fills = new String[shape.cells()];
        for (int i = 0; i < fills.length; i++) {
            if (channelCells.length == 3) {
                fills[i] = Colors.rgb((channelCells[0][i] - low) / range, (channelCells[1][i] - low) / range,
                        (channelCells[2][i] - low) / range);
            } else {
                double sum = 0;
                for (double[] channel : channelCells) {
                    sum += channel[i];
                }
                fills[i] = Colors.grey((sum / channelCells.length - low) / range);
            }
        }
        return draw(chart, shape, fills, label);
    }

    /** The largest |value| (0 for none). */
    static double largestAbs(double[] cells) {
        double largest = 0;
        for (double v : cells) {
            largest = Math.max(largest, Math.abs(v));
        }
        return largest;
    }

    /** Each value divided by the largest |value| (all 0 when that is 0), coloured. */
    private static String[] scaledFills(double[] cells, DoubleFunction<String> colour) {
        double scale = largestAbs(cells);
        String[] fills = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            fills[i] = colour.apply(scale == 0 ? 0 : cells[i] / scale);
        }
        return fills;
    }

    static String draw(String chart, ImageShape shape, String[] fills, String label) {
        int cell = cellPixels(shape);
        Svg svg = new Svg(chart, fills.length, shape.columns() * cell, shape.rows() * cell, label);
        for (int i = 0; i < fills.length; i++) {
            svg.rect((i % shape.columns()) * cell, (i / shape.columns()) * cell, cell, cell, null, fills[i], true, null);
        }
        return svg.close();
    }

    /** Square cells that give the shorter side at least {@link #SIZE} pixels, the longer at most four times that. */
    private static int cellPixels(ImageShape shape) {
        int shorter = Math.min(shape.rows(), shape.columns());
        int longer = Math.max(shape.rows(), shape.columns());
        return Math.max(1, Math.min(ImageShape.ceilDiv(SIZE, shorter), 4 * SIZE / longer));
    }
}
