package io.igaudit.report;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;

/**
 * How a row's flat values lie on an image: its tensor shape read as channels (the product of
 * every dimension before the last two), height and width, in row-major order; drawn as a grid of
 * cells of {@code block × block} pixels, so that no side has more than {@link #MAX_SIDE} cells.
 *
 * @param channels values per pixel
 * @param height pixels down
 * @param width pixels across
 * @param block pixels per cell side (1 = one cell per pixel)
 */
record ImageShape(int channels, int height, int width, int block) {

    /** Most cells drawn along one side; larger images are pooled into blocks. */
    static final int MAX_SIDE = 32;

    /** The image layout of a row shape, or empty when it has fewer than two dimensions. */
    static Optional<ImageShape> of(int[] rowShape) {
        if (rowShape.length < 2) {
            return Optional.empty();
        }
        int height = rowShape[rowShape.length - 2];
        int width = rowShape[rowShape.length - 1];
        int channels = Arrays.stream(rowShape, 0, rowShape.length - 2).reduce(1, Math::multiplyExact);
        int block = Math.max(1, ceilDiv(Math.max(height, width), MAX_SIDE));
        return Optional.of(new ImageShape(channels, height, width, block));
    }

    /** Cells down. */
    int rows() {
        return ceilDiv(height, block);
    }

    /** Cells across. */
    int columns() {
        return ceilDiv(width, block);
    }

    /** Cells in all, row-major. */
    int cells() {
        return rows() * columns();
    }

    /** Each cell's total over its pixels and every channel: for attributions, which add up. */
    double[] cellSums(IntToDoubleFunction flat) {
        double[][] totals = channelTotals(flat);
        double[] sums = new double[cells()];
        for (double[] channel : totals) {
            for (int cell = 0; cell < sums.length; cell++) {
                sums[cell] += channel[cell];
            }
        }
        return sums;
    }

    /** Each channel's mean over each cell's pixels, [channel][cell]: for pixel values. */
    double[][] cellMeans(IntToDoubleFunction flat) {
        double[][] totals = channelTotals(flat);
        for (int cell = 0; cell < cells(); cell++) {
            int pixels = pixelsIn(cell);
            for (double[] channel : totals) {
                channel[cell] /= pixels;
            }
        }
        return totals;
    }

    /** Sums of the flat values (index c·H·W + y·W + x) over each cell's pixels, [channel][cell]. */
    private double[][] channelTotals(IntToDoubleFunction flat) {
        double[][] totals = new double[channels][cells()];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    totals[c][(y / block) * columns() + x / block] += flat.applyAsDouble((c * height + y) * width + x);
                }
            }
        }
        return totals;
    }

    /** a / b rounded up, for positive values (Math.ceilDiv is Java 18). */
    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** Pixels in a cell: block², less at the right and bottom edges. */
    private int pixelsIn(int cell) {
        int down = Math.min(block, height - (cell / columns()) * block);
        int across = Math.min(block, width - (cell % columns()) * block);
        return down * across;
    }
}
