package io.igaudit.ig;

/**
 * A separable Gaussian blur of the last two dimensions of a row ([H, W], or [C, H, W] with each
 * channel blurred apart): weights {@code exp(-d²/2σ²)} for offsets up to a radius, normalised to
 * sum 1, applied along each row and then along each column.
 *
 * @param sigma the standard deviation in pixels; 0 leaves the row as it is
 * @param radius the largest offset the kernel reaches
 * @param edge what lies beyond the image's edge
 */
record GaussianBlur(double sigma, int radius, Edge edge) {

    /** What the kernel reads beyond an edge. */
    enum Edge {
        /** The edge pixel repeated: a constant image blurs to itself. */
        CLAMP,
        /** Zeros, as scipy's {@code gaussian_filter(mode='constant')}: the image darkens towards its edges. */
        ZERO
    }

    GaussianBlur {
        if (!(sigma >= 0) || Double.isInfinite(sigma) || radius < 0) {
            throw new IllegalArgumentException("a Gaussian blur needs sigma >= 0 and a radius >= 0, got " + sigma + ", " + radius);
        }
    }

    /** The kernel scipy's {@code gaussian_filter} uses: radius {@code int(4σ + 0.5)}, zeros beyond the edges. */
    static GaussianBlur likeScipy(double sigma) {
        return new GaussianBlur(sigma, (int) (4 * sigma + 0.5), Edge.ZERO);
    }

    /** Blurs every H×W plane of {@code values} (rows of {@code rowShape}, back to back) into a new array. */
    float[] apply(float[] values, int[] rowShape) {
        double[] blurred = applyInDoubles(values, rowShape);
        float[] floats = new float[blurred.length];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) blurred[i];
        }
        return floats;
    }

    /** {@link #apply} without rounding the result to float32 (for differences of two blurs). */
    double[] applyInDoubles(float[] values, int[] rowShape) {
        if (rowShape.length < 2) {
            throw new IllegalArgumentException("a Gaussian blur needs rows of at least two dimensions "
                    + "(input.shape [H, W] or [C, H, W]), got " + java.util.Arrays.toString(rowShape));
        }
        if (sigma == 0) {
            double[] copy = new double[values.length];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = values[i];
            }
            return copy;
        }
        int height = rowShape[rowShape.length - 2];
        int width = rowShape[rowShape.length - 1];
        double[] kernel = kernel();
        double[] blurred = new double[values.length];
        for (int plane = 0; plane < values.length; plane += height * width) {
            blurPlane(values, blurred, plane, height, width, kernel);
        }
        return blurred;
    }

    /** Normalised weights for offsets -radius..radius. */
    double[] kernel() {
        double[] weights = new double[2 * radius + 1];
        double total = 0;
        for (int d = -radius; d <= radius; d++) {
            weights[d + radius] = Math.exp(-(double) d * d / (2 * sigma * sigma));
            total += weights[d + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
        }
        return weights;
    }

    /** One H×W plane at {@code offset}: along each row, then along each column. */
    private void blurPlane(float[] in, double[] out, int offset, int height, int width, double[] kernel) {
        double[] alongRows = new double[height * width];
        for (int h = 0; h < height; h++) {
            for (int w = 0; w < width; w++) {
                double sum = 0;
                for (int d = -radius; d <= radius; d++) {
                    int at = w + d;
                    if (at >= 0 && at < width || edge == Edge.CLAMP) {
                        sum += kernel[d + radius] * in[offset + h * width + clamp(at, width)];
                    }
                }
                alongRows[h * width + w] = sum;
            }
        }
        for (int h = 0; h < height; h++) {
            for (int w = 0; w < width; w++) {
                double sum = 0;
                for (int d = -radius; d <= radius; d++) {
                    int at = h + d;
                    if (at >= 0 && at < height || edge == Edge.CLAMP) {
                        sum += kernel[d + radius] * alongRows[clamp(at, height) * width + w];
                    }
                }
                out[offset + h * width + w] = sum;
            }
        }
    }

    private static int clamp(int index, int size) {
        return Math.max(0, Math.min(size - 1, index));
    }
}
