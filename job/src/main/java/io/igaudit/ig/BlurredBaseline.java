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
        float[] blurred = blur().apply(inputs.toArray(), inputs.rowShape());
        return List.of(FeatureBatch.of(blurred, inputs.rows(), inputs.rowShape()));
    }

    /** The kernel: radius {@code ceil(3σ)}, edges clamped. */
    GaussianBlur blur() {
        return new GaussianBlur(sigma, (int) Math.ceil(3 * sigma), GaussianBlur.Edge.CLAMP);
    }

    @Override
    public String description() {
        return "blur (Gaussian, sigma " + sigma + ")";
    }
}
