package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Defaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SmoothGrad, SmoothGrad² and VarGrad around IG and EG, through the {@link Explainer}. */
class NoiseTunnelTest {

    private static final AnalyticPaths.Linear LINEAR3 = AnalyticPaths.LINEAR3;
    private static final FeatureBatch X = Plans.rows3(1, -2, 3, 0.5f, 4, -1);
    private static final TargetRule PER_ROW = new TargetRule.PerRow(new int[] {1, 2});
    private static final int[] TARGETS = {1, 2};
    private static final float[] X_PRIME = {0.5f, 1f, -1f};
    private static final BaselineSource BASELINE = new FixedBaselines(X_PRIME, 1, new int[] {3}, "a row");

    @Test
    void onTheGradientsOfALinearModelNoiseChangesNothing() {
        IgOptions gradientsOnly = Defaults.integration().withMultiplyByInputs(false);
        AdaptiveAttributions clean = explain(new AnalyticPaths(LINEAR3), gradientsOnly, null);
        AdaptiveAttributions smooth = explain(new AnalyticPaths(LINEAR3), gradientsOnly, noise(16, 0.5, NoiseType.SMOOTHGRAD));
        AdaptiveAttributions squared = explain(new AnalyticPaths(LINEAR3), gradientsOnly, noise(16, 0.5, NoiseType.SMOOTHGRAD_SQ));
        AdaptiveAttributions variance = explain(new AnalyticPaths(LINEAR3), gradientsOnly, noise(16, 0.5, NoiseType.VARGRAD));

        assertArrayEquals(clean.attributions().values(), smooth.attributions().values(), "the mean of equal values");
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 3; i++) {
                double w = LINEAR3.w()[TARGETS[r]][i];
                assertEquals(w, smooth.attributions().row(r)[i], 1e-6, "smoothgrad = w");
                assertEquals(w * w, squared.attributions().row(r)[i], 1e-6, "smoothgrad_sq = w²");
                assertEquals(0, variance.attributions().row(r)[i], 1e-12, "vargrad = 0");
            }
        }
    }

    @Test
    void multipliedByInputsSmoothGradApproachesIntegratedGradients() {
        int copies = 4000;
        double stdev = 0.3;
        AdaptiveAttributions smooth = explain(new AnalyticPaths(LINEAR3), Defaults.integration(),
                noise(copies, stdev, NoiseType.SMOOTHGRAD));
        AdaptiveAttributions variance = explain(new AnalyticPaths(LINEAR3), Defaults.integration(),
                noise(copies, stdev, NoiseType.VARGRAD));
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 3; i++) {
                double w = LINEAR3.w()[TARGETS[r]][i];
                // copy n gives w (x + ε_n - x'): the mean of the ε_n has standard deviation σ/√N; allow 5
                double bound = 5 * Math.abs(w) * stdev / Math.sqrt(copies);
                assertEquals(w * (X.toArray()[r * 3 + i] - X_PRIME[i]), smooth.attributions().row(r)[i], bound);
                // the variance of w ε is w² σ²; its estimate from N copies has relative sd √(2/N); allow 5
                double variance0 = w * w * stdev * stdev;
                assertEquals(variance0, variance.attributions().row(r)[i], 5 * variance0 * Math.sqrt(2.0 / copies));
            }
            double fx = LINEAR3.value(AnalyticPaths.rowOf(X, r), TARGETS[r]);
            assertEquals(fx, smooth.attributions().predictions()[r], 1e-6, "F(x) of the clean row");
            assertEquals(LINEAR3.value(toDouble(X_PRIME), TARGETS[r]), smooth.attributions().baselinePredictions()[r],
                    1e-5, "the baseline is not noised");
            assertEquals(0, smooth.attributions().deltas()[r], 1e-4, "each copy is complete, so is their mean");
        }
    }

    @ParameterizedTest
    @EnumSource(NoiseType.class)
    void withoutNoiseEveryCopyIsTheCleanRowOfAdaptiveIntegratedGradients(NoiseType type) {
        AnalyticPaths.Wavy wavy = new AnalyticPaths.Wavy(6);
        FeatureBatch x = FeatureBatch.of(new float[] {0.05f, 0.5f, 0.2f, 3f, 2f, 1f}, 2, 3);
        AdaptiveSteps steps = new AdaptiveSteps(4, 256, 1e-5);
        BaselineSource zeros = Plans.zeros(3);
        AdaptiveAttributions plain = new Explainer(new AnalyticPaths(wavy), Plans.adaptive(steps, zeros, null, 1))
                .explain(x, new TargetRule.Fixed(0));
        AdaptiveAttributions tunnel = new Explainer(new AnalyticPaths(wavy),
                Plans.adaptive(steps, zeros, noise(5, 0, type), 1)).explain(x, new TargetRule.Fixed(0));

        for (int i = 0; i < plain.attributions().values().length; i++) {
            float a = plain.attributions().values()[i];
            float expected = switch (type) {
                case SMOOTHGRAD -> a;
                case SMOOTHGRAD_SQ -> (float) ((double) a * a);
                case VARGRAD -> 0f;
            };
            assertEquals(expected, tunnel.attributions().values()[i], 1e-12, type + " element " + i);
        }
        assertArrayEquals(plain.stepsUsed(), tunnel.stepsUsed(), "steps: the most any copy took");
        assertArrayEquals(plain.converged(), tunnel.converged());
        assertArrayEquals(plain.attributions().deltas(), tunnel.attributions().deltas(), 1e-7f, "mean of equal deltas");
        assertEquals(5 * plain.gradientEvaluations(), tunnel.gradientEvaluations(), "evaluations of every copy");
    }

    @Test
    void groupsOfCopiesStayUnderTheMemoryBoundAndGiveTheUngroupedResult() {
        FeatureBatch x = Plans.rows3(1, -2, 3, 0.5f, 4, -1, 2, 2, 0.1f);
        NoiseOptions noise = noise(5, 0.2, NoiseType.SMOOTHGRAD);
        IgOptions fourSteps = Defaults.integration().withRule(QuadratureRule.GAUSS_LEGENDRE, 4);
        BackgroundRows background = new BackgroundRows(new float[] {0, 0, 0, 1, 2, 3, -1, 0.5f, 2}, 3);
        for (long bound : new long[] {1, 10, 30}) {
            ExplainPlan[] plans = {
                    Plans.integratedGradients(fourSteps.withMaxElementsPerPass(bound), BASELINE, noise, 5),
                    Plans.expectedGradients(background, 4, bound, noise, 5)};
            ExplainPlan[] unbounded = {
                    Plans.integratedGradients(fourSteps, BASELINE, noise, 5),
                    Plans.expectedGradients(background, 4, Plans.ONE_PASS, noise, 5)};
            for (int p = 0; p < plans.length; p++) {
                AnalyticPaths bounded = new AnalyticPaths(AnalyticPaths.SMOOTH);
                AdaptiveAttributions grouped = new Explainer(bounded, plans[p]).explain(x, new TargetRule.Fixed(0));
                AnalyticPaths free = new AnalyticPaths(AnalyticPaths.SMOOTH);
                AdaptiveAttributions whole = new Explainer(free, unbounded[p]).explain(x, new TargetRule.Fixed(0));

                assertEquals(1, free.elementsPerPass.size(), "unbounded: one pass for all copies");
                assertTrue(Plans.largest(bounded.elementsPerPass) <= Math.max(bound, 3),
                        plans[p].method() + " bound " + bound + ": " + bounded.elementsPerPass);
                for (int i = 0; i < whole.attributions().values().length; i++) {
                    float expected = whole.attributions().values()[i];
                    assertEquals(expected, grouped.attributions().values()[i], 1e-6 * Math.max(1, Math.abs(expected)),
                            plans[p].method() + " bound " + bound + " element " + i);
                }
            }
        }
    }

    private static AdaptiveAttributions explain(PathGradients model, IgOptions options, NoiseOptions noise) {
        return new Explainer(model, Plans.integratedGradients(options, BASELINE, noise, 23)).explain(X, PER_ROW);
    }

    private static NoiseOptions noise(int samples, double stdev, NoiseType type) {
        return new NoiseOptions(samples, stdev, type);
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
