package io.igaudit.xrai;

import java.util.Arrays;

/**
 * Felzenszwalb and Huttenlocher's graph-based segmentation ("Efficient graph-based image
 * segmentation", IJCV 2004) with scikit-image's conventions (its {@code felzenszwalb}, 0.19):
 *
 * <ol>
 *   <li>the image (H × W × C, any value range) is smoothed per channel by a Gaussian of σ with
 *       radius {@code int(4σ + 0.5)}, mirrored at the edges (scipy's {@code reflect});
 *   <li>every pixel is joined to its right, lower, lower-right and upper-right neighbours by an
 *       edge weighing the Euclidean distance of their channels;
 *   <li>edges in increasing weight merge two segments when the weight is below both segments'
 *       internal difference plus {@code scale / 255 / size} (held in float32, as there);
 *   <li>then every edge between segments of which one is smaller than {@code minSize} merges them;
 *   <li>segments are numbered from 0 in the order of their first pixel, row by row.
 * </ol>
 *
 * Edges of equal weight are taken in their order of creation (scikit-image's sort does not keep
 * an order for them): segmentations can differ at such ties.
 */
public final class Felzenszwalb {

    private Felzenszwalb() {}

    /**
     * The segment of every pixel, row-major.
     *
     * @param hwc the image, row-major with channels last
     */
    public static int[] segment(double[] hwc, int height, int width, int channels, double scale, double sigma, int minSize) {
        double[] image = smooth(hwc, height, width, channels, sigma);
        int edgeCount = height * (width - 1) + (height - 1) * width + 2 * (height - 1) * (width - 1);
        int[] from = new int[edgeCount];
        int[] to = new int[edgeCount];
        double[] weight = new double[edgeCount];
        int e = 0;
        // The order scikit-image stacks them in: right, down, down-right, up-right.
        for (int y = 0; y < height; y++) {
            for (int x = 0; x + 1 < width; x++, e++) {
                edge(image, channels, y * width + x + 1, y * width + x, from, to, weight, e);
            }
        }
        for (int y = 0; y + 1 < height; y++) {
            for (int x = 0; x < width; x++, e++) {
                edge(image, channels, (y + 1) * width + x, y * width + x, from, to, weight, e);
            }
        }
        for (int y = 0; y + 1 < height; y++) {
            for (int x = 0; x + 1 < width; x++, e++) {
                edge(image, channels, (y + 1) * width + x + 1, y * width + x, from, to, weight, e);
            }
        }
        for (int y = 0; y + 1 < height; y++) {
            for (int x = 0; x + 1 < width; x++, e++) {
                edge(image, channels, y * width + x + 1, (y + 1) * width + x, from, to, weight, e);
            }
        }
        int[] order = sortedByWeight(weight);

        int pixels = height * width;
        int[] parent = new int[pixels];
        int[] size = new int[pixels];
        double[] internal = new double[pixels];
        for (int p = 0; p < pixels; p++) {
            parent[p] = p;
            size[p] = 1;
        }
        double threshold = scale / 255.0;
        for (int index : order) {
            int a = root(parent, from[index]);
            int b = root(parent, to[index]);
            if (a == b) {
                continue;
            }
            float limitA = (float) (internal[a] + threshold / size[a]);
            float limitB = (float) (internal[b] + threshold / size[b]);
            if (weight[index] < Math.min(limitA, limitB)) {
                int joined = join(parent, a, b);
                size[joined] = size[a] + size[b];
                internal[joined] = weight[index];
            }
        }
        for (int index : order) {
            int a = root(parent, from[index]);
            int b = root(parent, to[index]);
            if (a != b && (size[a] < minSize || size[b] < minSize)) {
                int joined = join(parent, a, b);
                size[joined] = size[a] + size[b];
            }
        }
        int[] labels = new int[pixels];
        int[] labelOfRoot = new int[pixels];
        Arrays.fill(labelOfRoot, -1);
        int next = 0;
        for (int p = 0; p < pixels; p++) {
            int r = root(parent, p);
            if (labelOfRoot[r] < 0) {
                labelOfRoot[r] = next++;
            }
            labels[p] = labelOfRoot[r];
        }
        return labels;
    }

    /** The edges' indices by increasing weight, equal weights in index order (a stable merge sort). */
    private static int[] sortedByWeight(double[] weight) {
        int n = weight.length;
        int[] order = new int[n];
        int[] buffer = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int width = 1; width < n; width *= 2) {
            for (int low = 0; low < n; low += 2 * width) {
                int middle = Math.min(low + width, n);
                int high = Math.min(low + 2 * width, n);
                int a = low;
                int b = middle;
                int k = low;
                while (a < middle && b < high) {
                    buffer[k++] = weight[order[b]] < weight[order[a]] ? order[b++] : order[a++];
                }
                while (a < middle) {
                    buffer[k++] = order[a++];
                }
                while (b < high) {
                    buffer[k++] = order[b++];
                }
            }
            int[] swap = order;
            order = buffer;
            buffer = swap;
        }
        return order;
    }

    private static void edge(double[] image, int channels, int p, int q, int[] from, int[] to, double[] weight, int e) {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            double d = image[p * channels + c] - image[q * channels + c];
            sum += d * d;
        }
        from[e] = p;
        to[e] = q;
        weight[e] = Math.sqrt(sum);
    }

    /** The root of p's tree, compressing the path. */
    private static int root(int[] parent, int p) {
        int r = p;
        while (parent[r] != r) {
            r = parent[r];
        }
        while (parent[p] != r) {
            int up = parent[p];
            parent[p] = r;
            p = up;
        }
        return r;
    }

    /** Joins two roots under the smaller; returns it. */
    private static int join(int[] parent, int a, int b) {
        int low = Math.min(a, b);
        parent[Math.max(a, b)] = low;
        return low;
    }

    /** A Gaussian of σ over rows and columns of each channel, edges mirrored (d c b a | a b c d). */
    static double[] smooth(double[] hwc, int height, int width, int channels, double sigma) {
        if (sigma <= 0) {
            return hwc.clone();
        }
        int radius = (int) (4 * sigma + 0.5);
        double[] kernel = new double[2 * radius + 1];
        double total = 0;
        for (int d = -radius; d <= radius; d++) {
            kernel[d + radius] = Math.exp(-0.5 * d * d / (sigma * sigma));
            total += kernel[d + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= total;
        }
        double[] alongColumns = new double[hwc.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int d = -radius; d <= radius; d++) {
                        sum += kernel[d + radius] * hwc[(mirror(y + d, height) * width + x) * channels + c];
                    }
                    alongColumns[(y * width + x) * channels + c] = sum;
                }
            }
        }
        double[] smoothed = new double[hwc.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int d = -radius; d <= radius; d++) {
                        sum += kernel[d + radius] * alongColumns[(y * width + mirror(x + d, width)) * channels + c];
                    }
                    smoothed[(y * width + x) * channels + c] = sum;
                }
            }
        }
        return smoothed;
    }

    /** scipy's reflect mode: index -1 reads 0, -2 reads 1, n reads n - 1. */
    private static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
