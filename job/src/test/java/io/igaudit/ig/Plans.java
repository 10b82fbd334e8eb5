package io.igaudit.ig;

import io.igaudit.testing.Defaults;

/** Plans and batches for the tests of the attribution methods. */
final class Plans {

    /** The default memory bound: large enough that the small test batches take one pass. */
    static final long ONE_PASS = Defaults.integration().maxElementsPerPass();

    private Plans() {}

    /** Zeros as the only baseline row of {@code elements} values. */
    static BaselineSource zeros(int elements) {
        return new FixedBaselines(new float[elements], 1, new int[] {elements}, "zeros");
    }

    /** Fixed-step Integrated Gradients. */
    static ExplainPlan integratedGradients(IgOptions options, BaselineSource baselines, NoiseOptions noise, long seed) {
        return new ExplainPlan(Method.INTEGRATED_GRADIENTS, options, null, baselines, null, 0, noise, seed);
    }

    /** Adaptive Integrated Gradients. */
    static ExplainPlan adaptive(AdaptiveSteps steps, BaselineSource baselines, NoiseOptions noise, long seed) {
        return new ExplainPlan(Method.INTEGRATED_GRADIENTS, Defaults.integration(), steps, baselines, null, 0, noise, seed);
    }

    /** Expected Gradients with {@code samples} references per row. */
    static ExplainPlan expectedGradients(BackgroundRows background, int samples, long bound, NoiseOptions noise, long seed) {
        return new ExplainPlan(Method.EXPECTED_GRADIENTS, Defaults.integration().withMaxElementsPerPass(bound), null, null,
                background, samples, noise, seed);
    }

    /** Rows of three features. */
    static FeatureBatch rows3(float... values) {
        return FeatureBatch.of(values, values.length / 3, 3);
    }

    /** The largest element count among {@code passes}. */
    static long largest(java.util.List<Long> passes) {
        return passes.stream().mapToLong(Long::longValue).max().orElseThrow();
    }
}
