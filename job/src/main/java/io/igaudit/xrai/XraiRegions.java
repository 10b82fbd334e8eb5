package io.igaudit.xrai;

import java.util.ArrayList;
import java.util.List;

/**
 * XRAI for one image, as PAIR's saliency library runs it after Integrated Gradients: the
 * attribution's channels merged by their maximum; the image rescaled to [-1, 1], resized to a
 * square of {@code segmentSize} and segmented at six scales; the segments resized back (nearest
 * pixel), dilated, and ranked by density.
 *
 * <p>PAIR resizes with scikit-image's cubic spline and antialiasing; this resizes bilinearly
 * (pixel centres aligned), so on images that are not already of {@code segmentSize} the segments
 * can differ from PAIR's.
 */
public final class XraiRegions {

    private XraiRegions() {}

    /**
     * The regions of one image ranked by one attribution: {@link #masks}, then {@link #rank}.
     *
     * @param image the model's input, [C, H, W] row-major
     * @param attribution its attributions, the same layout
     * @param shape [C, H, W] or [H, W]
     */
    public static XraiRanking.Regions of(float[] image, float[] attribution, int[] shape, XraiSettings settings) {
        return rank(attribution, shape, masks(image, shape, settings), settings);
    }

    /** An image's candidate regions, which depend on its pixels only (so serve every target). */
    public static List<boolean[]> masks(float[] image, int[] shape, XraiSettings settings) {
        int channels = shape.length == 3 ? shape[0] : 1;
        int height = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        double[] hwc = rescaled(image, channels, height * width);
        int side = settings.segmentSize();
        int segHeight = side > 0 ? side : height;
        int segWidth = side > 0 ? side : width;
        double[] segmentInput = side > 0 && (side != height || side != width)
                ? bilinear(hwc, height, width, channels, segHeight, segWidth) : hwc;
        List<int[]> segmentations = new ArrayList<>();
        for (int scale : XraiSettings.SCALES) {
            int[] labels = Felzenszwalb.segment(segmentInput, segHeight, segWidth, channels, scale, XraiSettings.SIGMA,
                    XraiSettings.MIN_SEGMENT_SIZE);
            segmentations.add(segHeight == height && segWidth == width ? labels
                    : nearest(labels, segHeight, segWidth, height, width));
        }
        return RegionMasks.of(segmentations, height, width, XraiSettings.DILATION_RADIUS);
    }

    /** The regions ranked by an attribution whose channels are merged by their maximum. */
    public static XraiRanking.Regions rank(float[] attribution, int[] shape, List<boolean[]> masks, XraiSettings settings) {
        return XraiRanking.rank(mergedChannels(attribution, shape), masks, settings.algorithm(), settings.minPixelDiff(),
                settings.areaThreshold());
    }

    /** Each pixel's largest attribution over its channels (PAIR's aggregation), H × W. */
    public static double[] mergedChannels(float[] attribution, int[] shape) {
        int channels = shape.length == 3 ? shape[0] : 1;
        int plane = shape[shape.length - 2] * shape[shape.length - 1];
        double[] merged = new double[plane];
        java.util.Arrays.fill(merged, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                merged[p] = Math.max(merged[p], attribution[c * plane + p]);
            }
        }
        return merged;
    }

    /** [C, H, W] floats as H × W × C doubles rescaled to [-1, 1] over all values (PAIR's _normalize_image). */
    private static double[] rescaled(float[] chw, int channels, int plane) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : chw) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        double[] hwc = new double[chw.length];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                hwc[p * channels + c] = range > 0 ? (chw[c * plane + p] - min) / range * 2 - 1 : 0;
            }
        }
        return hwc;
    }

    /** Bilinear resizing with pixel centres aligned (source coordinate (i + 0.5) · in/out − 0.5), edges clamped. */
    static double[] bilinear(double[] hwc, int height, int width, int channels, int outHeight, int outWidth) {
        double[] out = new double[outHeight * outWidth * channels];
        for (int y = 0; y < outHeight; y++) {
            double sy = Math.max(0, Math.min(height - 1, (y + 0.5) * height / outHeight - 0.5));
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(height - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < outWidth; x++) {
                double sx = Math.max(0, Math.min(width - 1, (x + 0.5) * width / outWidth - 0.5));
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(width - 1, x0 + 1);
                double fx = sx - x0;
                for (int c = 0; c < channels; c++) {
                    double top = hwc[(y0 * width + x0) * channels + c] * (1 - fx) + hwc[(y0 * width + x1) * channels + c] * fx;
                    double bottom = hwc[(y1 * width + x0) * channels + c] * (1 - fx) + hwc[(y1 * width + x1) * channels + c] * fx;
                    out[(y * outWidth + x) * channels + c] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        return out;
    }

    /**
     * Labels resized to the image's size, each pixel taking the label under its centre. A segment
     * that no centre falls in is left empty, as in PAIR, and so never chosen.
     */
    static int[] nearest(int[] labels, int height, int width, int outHeight, int outWidth) {
        int[] out = new int[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++) {
            int sy = Math.min(height - 1, (int) Math.floor((y + 0.5) * height / outHeight));
            for (int x = 0; x < outWidth; x++) {
                int sx = Math.min(width - 1, (int) Math.floor((x + 0.5) * width / outWidth));
                out[y * outWidth + x] = labels[sy * width + sx];
            }
        }
        return out;
    }
}
