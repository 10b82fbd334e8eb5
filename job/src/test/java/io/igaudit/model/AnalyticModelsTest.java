package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.Quadrature;
import io.igaudit.ig.QuadratureRule;
import io.igaudit.ig.TargetRule;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** IG through TorchScript models against analytic answers and the axioms of the IG paper. */
class AnalyticModelsTest {

    private static final TargetRule FIRST_OUTPUT = new TargetRule.Fixed(0);

    private static Attributions attribute(String model, QuadratureRule rule, int steps,
            float[] inputs, int rows, float[] baseline, TargetRule target) {
        int features = inputs.length / rows;
        IgOptions options = Defaults.integration().withRule(rule, steps);
        return new IntegratedGradients(ModelCache.get(Samples.testModel(model), DeviceChoice.CPU), options)
                .attribute(FeatureBatch.of(inputs, rows, features),
                        FeatureBatch.of(baseline, baseline.length / features, features), target);
    }

    @ParameterizedTest
    @EnumSource(value = QuadratureRule.class, names = "RIEMANN_TRAPEZOID", mode = EnumSource.Mode.EXCLUDE)
    void linearModelGivesWeightsTimesDifferenceForEveryRule(QuadratureRule rule) {
        // linear4.pt: f(x) = x0 - 2 x1 + 3 x2 + 0.5 x3 + 0.25
        float[] w = {1f, -2f, 3f, 0.5f};
        float[] x = {1.5f, -2f, 0.25f, 4f, /* row 2 */ -1f, 3f, 2f, -0.5f};
        float[] baseline = {0.5f, 1f, -1f, 2f};
        Attributions result = attribute("linear4.pt", rule, 5, x, 2, baseline, FIRST_OUTPUT);
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(w[i] * (x[r * 4 + i] - baseline[i]), result.row(r)[i], 1e-5, rule + " row " + r + " feature " + i);
            }
            assertEquals(0.0, result.deltas()[r], 1e-5, "completeness is exact on a linear model");
        }
    }

    @Test
    void captumTrapezoidScalesLinearModelByItsWeightSum() {
        float[] x = {2f, 1f, 1f, 1f};
        Attributions result = attribute("linear4.pt", QuadratureRule.RIEMANN_TRAPEZOID, 4, x, 1, new float[4], FIRST_OUTPUT);
        assertEquals(2f * 3f / 4f, result.row(0)[0], 1e-6, "Captum's trapezoid weights sum to (n-1)/n");
    }

    @Test
    void saturatedFunctionHasZeroGradientAtInputButFullAttribution() {
        // f(x) = 1 - ReLU(1 - x) at x = 2, baseline 0: f'(2) = 0, yet IG = f(2) - f(0) = 1.
        TorchScriptModel model = ModelCache.get(Samples.testModel("saturation.pt"), DeviceChoice.CPU);
        float[] gradientAtInput = model.weightedGradients(FeatureBatch.of(new float[] {2f}, 1, 1),
                FeatureBatch.of(new float[] {0f}, 1, 1), new Quadrature(new double[] {1.0}, new double[] {1.0}), new int[] {0});
        assertEquals(0f, gradientAtInput[0], "plain gradients violate sensitivity here");

        Attributions result = attribute("saturation.pt", QuadratureRule.GAUSS_LEGENDRE, 50,
                new float[] {2f}, 1, new float[] {0f}, FIRST_OUTPUT);
        assertEquals(1.0, result.row(0)[0], 1e-5);
        assertEquals(0.0, result.deltas()[0], 1e-5);
    }

    @Test
    void twoReluExampleFromThePaper() {
        // f = ReLU(ReLU(x1) - 1 - ReLU(x2)) at (3, 1), baseline 0: active for alpha > 1/2, where
        // df/dx1 = 1 and df/dx2 = -1; right Riemann with 500 steps counts 250 active nodes.
        Attributions result = attribute("two_relu.pt", QuadratureRule.RIEMANN_RIGHT, 500,
                new float[] {3f, 1f}, 1, new float[2], FIRST_OUTPUT);
        assertEquals(1.5, result.row(0)[0], 1e-5);
        assertEquals(-0.5, result.row(0)[1], 1e-5);
    }

    @Test
    void completenessDeltaShrinksAsStepsGrowOnASmoothModel() {
        float[] x = {1.2f, -0.7f, 2.5f, /* row 2 */ -0.4f, 0.9f, -1.8f};
        float[] baseline = {0.1f, 0.2f, -0.3f};
        double previous = Double.POSITIVE_INFINITY;
        for (int steps : new int[] {2, 4, 8, 16}) {
            Attributions result = attribute("smooth.pt", QuadratureRule.GAUSS_LEGENDRE, steps, x, 2, baseline, FIRST_OUTPUT);
            double worst = Math.max(Math.abs(result.deltas()[0]), Math.abs(result.deltas()[1]));
            assertTrue(worst < previous || worst < 1e-5, steps + " steps: |delta| " + worst + " did not shrink from " + previous);
            previous = worst;
        }
        assertTrue(previous < 1e-4, "16 Gauss-Legendre steps leave |delta| " + previous);

        Attributions riemann = attribute("smooth.pt", QuadratureRule.RIEMANN_MIDDLE, 200, x, 2, baseline, new TargetRule.Fixed(1));
        float sum = 0;
        for (float a : riemann.row(0)) {
            sum += a;
        }
        assertEquals(riemann.predictions()[0] - riemann.baselinePredictions()[0], sum, 1e-4, "attributions add up to F(x) - F(x')");
    }

    @Test
    void featureTheModelIgnoresGetsExactlyZero() {
        Attributions result = attribute("ignores_feature.pt", QuadratureRule.GAUSS_LEGENDRE, 50,
                new float[] {1.5f, 7f, -2f, /* row 2 */ 0.3f, -4f, 1f}, 2, new float[3], FIRST_OUTPUT);
        assertEquals(0f, result.row(0)[1]);
        assertEquals(0f, result.row(1)[1]);
        assertTrue(Math.abs(result.row(0)[0]) > 1e-3, "the features it reads do get attribution");
    }

    @Test
    void symmetricFeaturesWithEqualValuesGetEqualAttributions() {
        Attributions result = attribute("symmetric.pt", QuadratureRule.GAUSS_LEGENDRE, 50,
                new float[] {0.8f, 0.8f, -1.1f, /* row 2 */ -2f, -2f, 3f}, 2, new float[3], FIRST_OUTPUT);
        for (int r = 0; r < 2; r++) {
            assertEquals(result.row(r)[0], result.row(r)[1], 1e-7, "row " + r);
            assertTrue(Math.abs(result.row(r)[0]) > 1e-3, "row " + r + " has non-trivial attributions");
        }
    }

    @Test
    void attributionsAreLinearInTheModel() {
        // combo.pt = 2 f1 - 3 f2
        float[] x = {0.7f, -1.3f, 0.4f, /* row 2 */ 2f, 0.5f, -1f};
        float[] baseline = {0.2f, 0.1f, -0.5f};
        Attributions combo = attribute("combo.pt", QuadratureRule.GAUSS_LEGENDRE, 50, x, 2, baseline, FIRST_OUTPUT);
        Attributions f1 = attribute("f1.pt", QuadratureRule.GAUSS_LEGENDRE, 50, x, 2, baseline, FIRST_OUTPUT);
        Attributions f2 = attribute("f2.pt", QuadratureRule.GAUSS_LEGENDRE, 50, x, 2, baseline, FIRST_OUTPUT);
        for (int i = 0; i < x.length; i++) {
            assertEquals(2 * f1.values()[i] - 3 * f2.values()[i], combo.values()[i], 1e-5, "element " + i);
        }
    }

    @Test
    void scriptedAndTracedImplementationsOfOneFunctionAgree() {
        float[] x = {1.2f, -0.7f, 2.5f, /* row 2 */ -0.4f, 0.9f, -1.8f};
        float[] baseline = {0.1f, 0.2f, -0.3f};
        for (int target = 0; target < 2; target++) {
            Attributions scripted = attribute("smooth.pt", QuadratureRule.GAUSS_LEGENDRE, 50, x, 2, baseline, new TargetRule.Fixed(target));
            Attributions traced = attribute("smooth_traced.pt", QuadratureRule.GAUSS_LEGENDRE, 50, x, 2, baseline, new TargetRule.Fixed(target));
            assertArrayEquals(scripted.values(), traced.values(), 1e-5f, "target " + target);
        }
    }

    @Test
    void severalBaselinesAverageAttributionsAndBaselinePredictions() {
        float[] x = {1f, 2f, 3f, 4f};
        float[] baselines = {0f, 0f, 0f, 0f, /* second */ 2f, -2f, 1f, 0f};
        Attributions result = attribute("linear4.pt", QuadratureRule.GAUSS_LEGENDRE, 10, x, 1, baselines, FIRST_OUTPUT);
        float[] w = {1f, -2f, 3f, 0.5f};
        float[] meanBaseline = {1f, -1f, 0.5f, 0f};
        for (int i = 0; i < 4; i++) {
            assertEquals(w[i] * (x[i] - meanBaseline[i]), result.row(0)[i], 1e-5);
        }
        // F(0) = 0.25, F(2,-2,1,0) = 2 + 4 + 3 + 0.25 = 9.25
        assertEquals((0.25 + 9.25) / 2, result.baselinePredictions()[0], 1e-5);
        assertEquals(0.0, result.deltas()[0], 1e-5);
    }

    @Test
    void withoutMultiplyByInputsTheIntegratedGradientIsReturned() {
        float[] x = {1.5f, -2f, 0.25f, 4f};
        IgOptions options = Defaults.integration().withMultiplyByInputs(false);
        Attributions result = new IntegratedGradients(ModelCache.get(Samples.testModel("linear4.pt"), DeviceChoice.CPU), options)
                .attribute(FeatureBatch.of(x, 1, 4), FeatureBatch.of(new float[4], 1, 4), FIRST_OUTPUT);
        assertArrayEquals(new float[] {1f, -2f, 3f, 0.5f}, result.row(0), 1e-6f);
        assertEquals(0.0, result.deltas()[0], 1e-5, "the delta still checks the complete attribution");
    }
}
