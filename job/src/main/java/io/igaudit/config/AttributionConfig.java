package io.igaudit.config;

import io.igaudit.ig.AdaptiveSteps;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.Method;
import io.igaudit.ig.NoiseOptions;

/**
 * How to attribute.
 *
 * @param method Integrated Gradients or Expected Gradients
 * @param integration quadrature rule, steps, multiply-by-inputs and the memory bound per pass
 *     (Expected Gradients uses only the memory bound)
 * @param target which output(s) to explain
 * @param baseline the baseline x' (Integrated Gradients)
 * @param imageBaseline the settings of the image baselines white, blur and uniform
 * @param expectedGradients references and background of Expected Gradients
 * @param noise the noise tunnel (SmoothGrad) over the method; null when off
 * @param seed the seed of every random draw (references, noise, uniform baselines)
 * @param batchRows rows handed to the model at once
 * @param partitions partitions to attribute in; 0 = automatic
 * @param deltaTolerance largest acceptable |convergence delta| of a row (absolute, finite, positive);
 *     rows above it are flagged ({@code delta_ok = false}) and counted
 * @param adaptiveSteps the plan when {@code attribution.steps = auto}; null for a fixed step count
 */
public record AttributionConfig(
        Method method, IgOptions integration, TargetSpec target, BaselineSpec baseline, ImageBaselineConfig imageBaseline,
        ExpectedGradientsConfig expectedGradients, BlurIgConfig blurIg, io.igaudit.xrai.XraiSettings xrai, NoiseOptions noise,
        long seed, int batchRows,
        int partitions, double deltaTolerance, AdaptiveSteps adaptiveSteps) {

    /** Rejects a tolerance that is not a positive finite number and combinations that mean nothing. */
    public AttributionConfig {
        if (!(deltaTolerance > 0) || Double.isInfinite(deltaTolerance)) {
            throw new ConfigException("attribution.delta-tolerance must be a positive number (an absolute |delta|, "
                    + "e.g. 0.05), got " + deltaTolerance);
        }
        if (method == Method.EXPECTED_GRADIENTS && adaptiveSteps != null) {
            throw new ConfigException("attribution.steps = auto applies to Integrated Gradients; Expected Gradients "
                    + "draws attribution.samples references per row instead (set a number of steps or leave it out)");
        }
        if (method == Method.BLUR_INTEGRATED_GRADIENTS && adaptiveSteps != null) {
            throw new ConfigException("attribution.steps = auto applies to Integrated Gradients on a straight line; Blur IG "
                    + "takes attribution.blur-ig.steps (set a number of steps or leave attribution.steps out)");
        }
        if (method == Method.XRAI && adaptiveSteps != null) {
            throw new ConfigException("attribution.steps = auto is not available with xrai: give a number of steps, e.g. 50");
        }
    }

    /**
     * attribution.image-baseline.
     *
     * @param white the value of a white pixel ({@code baseline = white}); the upper bound of {@code baseline = uniform}
     * @param blurSigma the Gaussian sigma, in pixels, of {@code baseline = blur}
     * @param uniformDraws the uniform-noise baselines drawn per row and averaged over
     */
    public record ImageBaselineConfig(double white, double blurSigma, int uniformDraws) {}

    /**
     * The Expected Gradients settings.
     *
     * @param samples references drawn per row (each with its own random α)
     * @param backgroundPath a Parquet/CSV file of reference rows; empty = a sample of the input
     * @param backgroundRows the most rows sampled from the input as the background
     */
    public record ExpectedGradientsConfig(int samples, java.util.Optional<String> backgroundPath, int backgroundRows) {}

    /** XRAI's settings when the method is xrai, else null. */
    public io.igaudit.xrai.XraiSettings xraiIfChosen() {
        return method == Method.XRAI ? xrai : null;
    }

    /**
     * The Blur IG settings (attribution.method = blur_ig).
     *
     * @param maxSigma the scale, in pixels, of the most blurred image, where the path starts
     * @param steps the steps of the blur scale from 0 to maxSigma
     * @param gradStep the scale step of the difference that estimates the blur's change with scale
     */
    public record BlurIgConfig(double maxSigma, int steps, double gradStep) {}
}
