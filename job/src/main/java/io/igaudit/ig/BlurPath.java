package io.igaudit.ig;

import java.util.List;

/**
 * The path of Blur IG (Xu, Venugopalan, Sundararajan, Sundararajan, "Attribution in Scale and
 * Space", CVPR 2020): from the input blurred to {@code maxSigma} back to the input, through the
 * blurs L(x, σ) of scales {@code σ_k = k · maxSigma / steps}. It is also the method's baseline
 * source: the baseline is the most blurred image, L(x, maxSigma).
 *
 * <p>The blur is scipy's {@code gaussian_filter} over the last two dimensions (radius
 * {@code int(4σ + 0.5)}, zeros beyond the edges), as PAIR's saliency library applies it.
 *
 * @param maxSigma the largest scale, in pixels
 * @param steps the number of scales the path is divided into
 * @param gradStep the scale step of the forward difference that estimates ∂L/∂σ
 */
public record BlurPath(double maxSigma, int steps, double gradStep) implements BaselineSource {

    /** Rejects values that make no path. */
    public BlurPath {
        if (!(maxSigma > 0) || Double.isInfinite(maxSigma)) {
            throw new IllegalArgumentException("attribution.blur-ig.max-sigma must be a positive number, got " + maxSigma);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("attribution.blur-ig.steps must be at least 1, got " + steps);
        }
        if (!(gradStep > 0) || Double.isInfinite(gradStep)) {
            throw new IllegalArgumentException("attribution.blur-ig.grad-step must be a positive number, got " + gradStep);
        }
    }

    /** The scale of node k, 0..steps. */
    double sigma(int k) {
        return k * maxSigma / steps;
    }

    /** The rows blurred to scale σ. */
    float[] blurred(float[] rows, int[] rowShape, double sigma) {
        return GaussianBlur.likeScipy(sigma).apply(rows, rowShape);
    }

    /** The rows blurred to scale σ, unrounded: a difference of two blurs keeps its digits. */
    double[] blurredInDoubles(float[] rows, int[] rowShape, double sigma) {
        return GaussianBlur.likeScipy(sigma).applyInDoubles(rows, rowShape);
    }

    @Override
    public List<FeatureBatch> forBatch(FeatureBatch inputs, long[] rowSeeds) {
        return List.of(FeatureBatch.of(blurred(inputs.toArray(), inputs.rowShape(), maxSigma), inputs.rows(), inputs.rowShape()));
    }

    @Override
    public String description() {
        return "the input blurred to sigma " + maxSigma + " (Blur IG: " + steps + " steps of the blur scale)";
    }
}
