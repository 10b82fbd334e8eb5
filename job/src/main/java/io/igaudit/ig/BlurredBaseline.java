package io.igaudit.ig;

import java.util.List;

/**
 * A blurred copy of each input row as its baseline: a separable Gaussian blur over the last two
 * dimensions of the row shape ([H, W], or [C, H, W] with each channel blurred apart). The kernel
 * has radius {@code ceil(3σ)} and weights {@code exp(-d²/2σ²)} normalised to sum 1; beyond an edge
 * the edge value is repeated (clamped), so a constant image blurs to itself.
 *
 * @param sigma the standard deviation of the kernel in pixels, &gt; 0
 */
public record BlurredBaseline(double sigma) implements BaselineSource {

    /** Rejects a sigma that is not a positive finite number. */
    public BlurredBaseline {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("blur sigma must be a positive number, got " + sigma);
        }
    }

    @Override
    public List<FeatureBatch> forBatch(FeatureBatch inputs, long[] rowSeeds) {
        int[] shape = inputs.rowShape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("a blurred baseline needs rows of at least two dimensions "
                    + "(input.shape [H, W] or [C, H, W]), got " + java.util.Arrays.toString(shape));
        }
        int height = shape[shape.length - 2];
        int width = shape[shape.length - 1];
        double[] kernel = kernel();
        float[] values = inputs.toArray();
        float[] blurred = new float[values.length];
        for (int plane = 0; plane < values.length; plane += height * width) {
            blurPlane(values, blurred, plane, height, width, kernel);
        }
        return List.of(FeatureBatch.of(blurred, inputs.rows(), shape));
    }

    /** Blurs one H×W plane at {@code offset}: along each row, then along each column. */
    private static void blurPlane(float[] in, float[] out, int offset, int height, int width, double[] kernel) {
        int radius = kernel.length / 2;
        double[] alongRows = new double[height * width];
        for (int h = 0; h < height; h++) {
            for (int w = 0; w < width; w++) {
                double sum = 0;
                for (int d = -radius; d <= radius; d++) {
                    sum += kernel[d + radius] * in[offset + h * width + clamp(w + d, width)];
                }
                alongRows[h * width + w] = sum;
            }
        }
        for (int h = 0; h < height; h++) {
            for (int w = 0; w < width; w++) {
                double sum = 0;
                for (int d = -radius; d <= radius; d++) {
                    sum += kernel[d + radius] * alongRows[clamp(h + d, height) * width + w];
                }
                out[offset + h * width + w] = (float) sum;
            }
        }
    }

    /** Normalised Gaussian weights for offsets -radius..radius. */
    double[] kernel() {
        int radius = (int) Math.ceil(3 * sigma);
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

    private static int clamp(int index, int size) {
        return Math.max(0, Math.min(size - 1, index));
    }

    @Override
    public String description() {
        return "blur (Gaussian, sigma " + sigma + ")";
    }
}
