package io.igaudit.ig;

/**
 * Everything an {@link Explainer} needs besides the model: the method and its settings.
 *
 * @param method the attribution method
 * @param integration rule, steps, multiply-by-inputs and the memory bound per pass (Expected
 *     Gradients uses only the memory bound)
 * @param adaptiveSteps a plan for step counts per row; null for fixed steps; Integrated Gradients only
 * @param baselines where the baselines come from; Integrated Gradients only, null for Expected Gradients
 * @param background the reference rows; Expected Gradients only, null for Integrated Gradients
 * @param samples references drawn per row by Expected Gradients
 * @param noise a noise tunnel around the method; null for none
 * @param seed the run's seed, mixed with each row's values into that row's random seed
 */
public record ExplainPlan(
        Method method,
        IgOptions integration,
        AdaptiveSteps adaptiveSteps,
        BaselineSource baselines,
        BackgroundRows background,
        int samples,
        NoiseOptions noise,
        long seed) implements java.io.Serializable {

    /** Rejects combinations that cannot run, with a message naming the config key. */
    public ExplainPlan {
        if (method == null) {
            throw new IllegalArgumentException("the attribution method must be given");
        }
        if (integration == null) {
            throw new IllegalArgumentException("the integration options must be given");
        }
        if (method == Method.EXPECTED_GRADIENTS) {
            if (background == null) {
                throw new IllegalArgumentException(
                        "expected_gradients needs background rows to draw references from (attribution.background)");
            }
            if (samples < 1) {
                throw new IllegalArgumentException(
                        "attribution.samples must be at least 1 for expected_gradients, got " + samples);
            }
            if (adaptiveSteps != null) {
                throw new IllegalArgumentException("attribution.steps = auto (adaptive steps) applies only to "
                        + "integrated_gradients; expected_gradients draws attribution.samples points per row");
            }
        } else if (method == Method.BLUR_INTEGRATED_GRADIENTS) {
            if (!(baselines instanceof BlurPath) || adaptiveSteps != null) {
                throw new IllegalArgumentException("blur_ig needs its blur path (attribution.blur-ig) and fixed steps");
            }
        } else if (method == Method.XRAI && !(baselines instanceof ImageRangeBaselines)) {
            throw new IllegalArgumentException("xrai integrates from each image's minimum and maximum");
        } else if (baselines == null) {
            throw new IllegalArgumentException("integrated_gradients needs a baseline (attribution.baseline)");
        }
    }

    /** True when the method may draw random numbers (references, noise, baselines other than fixed or blurred) and so needs row seeds. */
    boolean drawsRandomly() {
        boolean deterministicBaselines = baselines == null || baselines instanceof FixedBaselines || baselines instanceof BlurredBaseline
                || baselines instanceof BlurPath || baselines instanceof ImageRangeBaselines;
        return method == Method.EXPECTED_GRADIENTS || noise != null || !deterministicBaselines;
    }

    /** Whether several targets of a row can share one forward pass: fixed-step IG without noise. */
    boolean sharesForwardAcrossTargets() {
        return (method == Method.INTEGRATED_GRADIENTS || method == Method.XRAI) && adaptiveSteps == null && noise == null;
    }
}
