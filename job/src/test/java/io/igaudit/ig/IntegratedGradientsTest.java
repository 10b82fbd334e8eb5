package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Defaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The integrator against analytic models whose gradients and path integrals are known by hand. */
class IntegratedGradientsTest {

    private static final AnalyticPaths.Function SMOOTH = AnalyticPaths.SMOOTH;
    private static final AnalyticPaths.Linear LINEAR3 = AnalyticPaths.LINEAR3;
    private static final AnalyticPaths.Linear IDENTITY3 = AnalyticPaths.IDENTITY3;

    // ---- linear model ----

    @ParameterizedTest
    @EnumSource(QuadratureRule.class)
    void linearModelGivesWTimesInputMinusBaselineExactlyExceptCaptumTrapezoid(QuadratureRule rule) {
        int steps = 7;
        float[] x = {1.0f, -2.0f, 3.0f, 0.5f, 4.0f, -1.0f};
        float[] xPrime = {0.5f, 1.0f, -1.0f};
        Attributions result = integrate(LINEAR3, options(rule, steps), batch(x, 2), batch(xPrime, 1),
                new TargetRule.Fixed(1));

        double scale = rule == QuadratureRule.RIEMANN_TRAPEZOID ? (steps - 1.0) / steps : 1.0;
        for (int r = 0; r < 2; r++) {
            double[] row = slice(x, r, 3);
            double difference = LINEAR3.value(row, 1) - LINEAR3.value(toDouble(xPrime), 1);
            for (int i = 0; i < 3; i++) {
                double expected = scale * LINEAR3.w()[1][i] * (row[i] - xPrime[i]);
                assertEquals(expected, result.row(r)[i], 1e-5 * (1 + Math.abs(expected)), rule + " row " + r);
            }
            assertEquals((scale - 1.0) * difference, result.deltas()[r], 1e-5, "delta of " + rule);
        }
    }

    @Test
    void rowShapesOfSeveralDimensionsAreAttributedInFlatRowMajorOrder() {
        AnalyticPaths.Linear linear = new AnalyticPaths.Linear(new double[][] {{1, 2, 3, 4}}, new double[] {0});
        float[] x = {1, 1, 2, 2};
        Attributions result = integrate(linear, Defaults.integration(),
                FeatureBatch.of(x, 1, 1, 2, 2), FeatureBatch.of(new float[4], 1, 1, 2, 2), new TargetRule.Fixed(0));
        assertEquals(4, result.elementsPerRow());
        assertArrayEquals(new float[] {1, 2, 6, 8}, result.row(0), 1e-5f);
    }

    // ---- completeness ----

    @Test
    void deltaIsSumOfAttributionsMinusOutputDifference() {
        float[] x = {5.0f, 2.0f, 1.5f, -4.0f, 1.5f, 0.5f};
        float[] xPrime = {0.0f, 0.5f, -1.0f};
        Attributions result = integrate(SMOOTH, options(QuadratureRule.GAUSS_LEGENDRE, 2),
                batch(x, 2), batch(xPrime, 1), new TargetRule.Fixed(0));

        for (int r = 0; r < 2; r++) {
            double fx = SMOOTH.value(slice(x, r, 3), 0);
            double fBaseline = SMOOTH.value(toDouble(xPrime), 0);
            assertEquals(fx, result.predictions()[r], 1e-6, "F(x)");
            assertEquals(fBaseline, result.baselinePredictions()[r], 1e-6, "F(x')");
            double expected = sum(result.row(r)) - (fx - fBaseline);
            assertEquals(expected, result.deltas()[r], 1e-5, "delta of row " + r);
            assertTrue(Math.abs(result.deltas()[r]) > 1e-3, "two nodes cannot integrate sin exactly");
        }
    }

    @Test
    void twoNodeGaussLegendreMatchesTheHandWrittenRule() {
        float[] x = {5.0f, 2.0f, 1.5f};
        double[] xPrime = {0, 0, 0};
        Attributions result = integrate(SMOOTH, options(QuadratureRule.GAUSS_LEGENDRE, 2),
                batch(x, 1), batch(new float[3], 1), new TargetRule.Fixed(0));

        double[] alphas = {(1 - 1 / Math.sqrt(3)) / 2, (1 + 1 / Math.sqrt(3)) / 2};
        double[] expected = new double[3];
        for (double alpha : alphas) {
            double[] point = {alpha * x[0], alpha * x[1], alpha * x[2]};
            double[] gradient = SMOOTH.gradient(point, 0);
            for (int i = 0; i < 3; i++) {
                expected[i] += 0.5 * gradient[i] * (x[i] - xPrime[i]);
            }
        }
        assertArrayEquals(toFloat(expected), result.row(0), 1e-5f);
    }

    @Test
    void completenessDeltaShrinksAsGaussLegendreStepsGrow() {
        float[] x = {5.0f, 2.0f, 1.5f, -4.0f, 1.5f, 0.5f};
        float[] xPrime = {0.0f, 0.5f, -1.0f};
        for (int r = 0; r < 2; r++) {
            double previous = Double.POSITIVE_INFINITY;
            for (int steps : new int[] {2, 4, 8}) {
                Attributions result = integrate(SMOOTH, options(QuadratureRule.GAUSS_LEGENDRE, steps),
                        batch(x, 2), batch(xPrime, 1), new TargetRule.Fixed(0));
                double delta = Math.abs(result.deltas()[r]);
                assertTrue(delta < previous, "row " + r + ": |delta| " + delta + " at " + steps
                        + " steps is not below " + previous);
                previous = delta;
            }
            Attributions sixteen = integrate(SMOOTH, options(QuadratureRule.GAUSS_LEGENDRE, 16),
                    batch(x, 2), batch(xPrime, 1), new TargetRule.Fixed(0));
            assertEquals(0.0, sixteen.deltas()[r], 1e-5, "delta at 16 steps");
        }
    }

    // ---- chunking ----

    @ParameterizedTest
    @ValueSource(longs = {1, 9, 20, 300})
    void chunkedIntegrationEqualsOneUnchunkedPass(long maxElementsPerPass) {
        float[] x = {5.0f, 2.0f, 1.5f, -4.0f, 1.5f, 0.5f, 0.3f, -0.2f, 2.5f};
        float[] xPrime = {0.0f, 0.5f, -1.0f};
        IgOptions whole = options(QuadratureRule.GAUSS_LEGENDRE, 50);
        AnalyticPaths unchunkedModel = new AnalyticPaths(SMOOTH);
        Attributions unchunked = new IntegratedGradients(unchunkedModel, whole)
                .attribute(batch(x, 3), batch(xPrime, 1), new TargetRule.Fixed(0));
        AnalyticPaths chunkedModel = new AnalyticPaths(SMOOTH);
        Attributions chunked = new IntegratedGradients(chunkedModel, whole.withMaxElementsPerPass(maxElementsPerPass))
                .attribute(batch(x, 3), batch(xPrime, 1), new TargetRule.Fixed(0));

        assertEquals(1, unchunkedModel.elementsPerPass.size());
        assertTrue(chunkedModel.elementsPerPass.size() > 1, "the bound must force several passes");
        for (long elements : chunkedModel.elementsPerPass) {
            assertTrue(elements <= Math.max(maxElementsPerPass, 9), elements + " elements in one pass");
        }
        assertEquals(unchunkedModel.alphasSeen, chunkedModel.alphasSeen, "every node once, in order");
        assertCloseRelative(unchunked.values(), chunked.values(), 1e-6);
        assertCloseRelative(unchunked.deltas(), chunked.deltas(), 1e-6);
    }

    // ---- several baselines ----

    @Test
    void severalBaselinesAverageAttributionsAndBaselinePredictions() {
        float[] x = {5.0f, 2.0f, 1.5f, -4.0f, 1.5f, 0.5f};
        float[] xPrimes = {0.0f, 0.5f, -1.0f, 1.0f, 1.0f, 1.0f, -2.0f, 0.0f, 0.25f};
        IgOptions options = options(QuadratureRule.GAUSS_LEGENDRE, 8);
        FeatureBatch baselines = batch(xPrimes, 3);
        Attributions all = integrate(SMOOTH, options, batch(x, 2), baselines, new TargetRule.Fixed(0));

        double[] meanAttributions = new double[6];
        for (int b = 0; b < 3; b++) {
            Attributions single = integrate(SMOOTH, options, batch(x, 2), baselines.row(b), new TargetRule.Fixed(0));
            for (int i = 0; i < 6; i++) {
                meanAttributions[i] += single.values()[i] / 3.0;
            }
        }
        assertArrayEquals(toFloat(meanAttributions), all.values(), 1e-5f);

        double meanBaseline = 0;
        for (int b = 0; b < 3; b++) {
            meanBaseline += SMOOTH.value(slice(xPrimes, b, 3), 0) / 3.0;
        }
        for (int r = 0; r < 2; r++) {
            assertEquals(meanBaseline, all.baselinePredictions()[r], 1e-6, "mean F(x')");
            double fx = SMOOTH.value(slice(x, r, 3), 0);
            assertEquals(sum(all.row(r)) - (fx - meanBaseline), all.deltas()[r], 1e-5, "delta vs mean F(x')");
        }
    }

    // ---- per-row baselines ----

    @Test
    void perRowBaselinesGiveEachRowItsOwnDifference() {
        float[] x = {1.0f, -2.0f, 3.0f, 0.5f, 4.0f, -1.0f};
        float[] xPrimes = {0.5f, 1.0f, -1.0f, -3.0f, 2.0f, 0.25f};
        int[] targets = {1, 2};
        Attributions result = new IntegratedGradients(new AnalyticPaths(LINEAR3), Defaults.integration())
                .attribute(batch(x, 2), java.util.List.of(batch(xPrimes, 2)), targets);
        for (int r = 0; r < 2; r++) {
            double[] row = slice(x, r, 3);
            double[] baseline = slice(xPrimes, r, 3);
            for (int i = 0; i < 3; i++) {
                assertEquals(LINEAR3.w()[targets[r]][i] * (row[i] - baseline[i]), result.row(r)[i], 1e-5);
            }
            assertEquals(LINEAR3.value(baseline, targets[r]), result.baselinePredictions()[r], 1e-5, "F(x'_r)");
            assertEquals(0, result.deltas()[r], 1e-5);
        }
    }

    @Test
    void sharedAndPerRowBaselineBatchesAverage() {
        float[] x = {5.0f, 2.0f, 1.5f, -4.0f, 1.5f, 0.5f};
        FeatureBatch shared = batch(new float[] {0.0f, 0.5f, -1.0f}, 1);
        FeatureBatch perRow = batch(new float[] {1, 1, 1, -2, 0, 0.25f}, 2);
        IntegratedGradients ig = new IntegratedGradients(new AnalyticPaths(SMOOTH), options(QuadratureRule.GAUSS_LEGENDRE, 8));
        int[] targets = {0, 0};
        Attributions both = ig.attribute(batch(x, 2), java.util.List.of(shared, perRow), targets);
        Attributions first = ig.attribute(batch(x, 2), java.util.List.of(shared), targets);
        Attributions second = ig.attribute(batch(x, 2), java.util.List.of(perRow), targets);
        for (int i = 0; i < 6; i++) {
            assertEquals((first.values()[i] + second.values()[i]) / 2.0, both.values()[i], 1e-6);
        }
        for (int r = 0; r < 2; r++) {
            assertEquals((first.baselinePredictions()[r] + second.baselinePredictions()[r]) / 2.0,
                    both.baselinePredictions()[r], 1e-6);
        }
    }

    @Test
    void aBaselineBatchWithAnotherRowCountIsRejected() {
        IntegratedGradients ig = new IntegratedGradients(new AnalyticPaths(LINEAR3), Defaults.integration());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ig.attribute(batch(new float[9], 3), java.util.List.of(batch(new float[6], 2)), new int[3]));
        assertTrue(e.getMessage().contains("1 row or one per input row"), e.getMessage());
    }

    @Test
    void severalTargetsAreRefusedWhereOneResultRowPerInputRowIsPromised() {
        assertThrows(IllegalArgumentException.class, () -> integrate(LINEAR3, Defaults.integration(),
                batch(new float[3], 1), batch(new float[3], 1), new TargetRule.Several(new int[] {0, 1})));
    }

    // ---- multiply by inputs ----

    @Test
    void withoutMultiplyingByInputsTheLinearModelGivesItsWeights() {
        float[] x = {1.0f, -2.0f, 3.0f, 0.5f, 4.0f, -1.0f};
        IgOptions options = Defaults.integration().withMultiplyByInputs(false);
        Attributions result = integrate(LINEAR3, options, batch(x, 2),
                batch(new float[] {0.5f, 1.0f, -1.0f, 0f, 0f, 2f}, 2), new TargetRule.PerRow(new int[] {2, 0}));
        assertArrayEquals(toFloat(LINEAR3.w()[2]), result.row(0), 1e-5f);
        assertArrayEquals(toFloat(LINEAR3.w()[0]), result.row(1), 1e-5f);
    }

    @Test
    void withoutMultiplyingByInputsTheDeltaIsUnchanged() {
        float[] x = {5.0f, 2.0f, 1.5f, -4.0f, 1.5f, 0.5f};
        float[] xPrime = {0.0f, 0.5f, -1.0f};
        IgOptions on = options(QuadratureRule.GAUSS_LEGENDRE, 2);
        Attributions multiplied = integrate(SMOOTH, on, batch(x, 2), batch(xPrime, 1), new TargetRule.Fixed(0));
        Attributions gradients = integrate(SMOOTH, on.withMultiplyByInputs(false),
                batch(x, 2), batch(xPrime, 1), new TargetRule.Fixed(0));

        assertArrayEquals(multiplied.deltas(), gradients.deltas(), 1e-6f);
        assertTrue(Math.abs(multiplied.deltas()[0]) > 1e-3, "a non-trivial delta to compare");
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 3; i++) {
                float expected = multiplied.row(r)[i];
                float actual = gradients.row(r)[i] * (x[r * 3 + i] - xPrime[i]);
                assertEquals(expected, actual, 1e-5f * (1 + Math.abs(expected)));
            }
        }
    }

    // ---- targets ----

    @ParameterizedTest
    @ValueSource(ints = {3, 5, -1})
    void aFixedTargetOutsideTheOutputFailsNamingIndexAndWidth(int index) {
        TargetRule.TargetOutOfRangeException e = assertThrows(TargetRule.TargetOutOfRangeException.class,
                () -> integrate(LINEAR3, Defaults.integration(), batch(new float[] {1, 2, 3}, 1),
                        batch(new float[3], 1), new TargetRule.Fixed(index)));
        assertTrue(e.getMessage().contains("target index " + index), e.getMessage());
        assertTrue(e.getMessage().contains("width 3"), e.getMessage());
        assertEquals(index, e.target());
        assertEquals(3, e.width());
        assertEquals(0, e.row());
    }

    @Test
    void aSingleOutputModelAcceptsOnlyTargetZero() {
        FeatureBatch x = batch(new float[] {1, 2, 3}, 1);
        FeatureBatch xPrime = batch(new float[3], 1);
        assertEquals(0, integrate(SMOOTH, Defaults.integration(), x, xPrime, new TargetRule.Predicted()).targets()[0]);
        assertThrows(TargetRule.TargetOutOfRangeException.class,
                () -> integrate(SMOOTH, Defaults.integration(), x, xPrime, new TargetRule.Fixed(1)));
    }

    @Test
    void predictedTargetIsTheArgmaxOfEachRow() {
        float[] x = {1, 2, 9, 7, -1, 0, 0, 4, 3, 5, 5, 1};
        Attributions result = integrate(IDENTITY3, Defaults.integration(), batch(x, 4), batch(new float[3], 1),
                new TargetRule.Predicted());
        assertArrayEquals(new int[] {2, 0, 1, 0}, result.targets(), "argmax per row, first on ties");
        assertArrayEquals(new float[] {0, 0, 9}, result.row(0), 1e-5f);
        assertArrayEquals(new float[] {7, 0, 0}, result.row(1), 1e-5f);
        assertArrayEquals(new float[] {0, 4, 0}, result.row(2), 1e-5f);
        assertArrayEquals(new float[] {9, 7, 4, 5}, result.predictions(), 1e-6f);
    }

    @Test
    void perRowTargetsUseEachRowsIndex() {
        float[] x = {1.0f, -2.0f, 3.0f, 0.5f, 4.0f, -1.0f, 2.0f, 2.0f, 2.0f};
        float[] xPrime = {0.5f, 1.0f, -1.0f};
        int[] targets = {1, 2, 0};
        Attributions result = integrate(LINEAR3, Defaults.integration(), batch(x, 3), batch(xPrime, 1),
                new TargetRule.PerRow(targets));
        assertArrayEquals(targets, result.targets());
        for (int r = 0; r < 3; r++) {
            double[] row = slice(x, r, 3);
            int t = targets[r];
            assertEquals(LINEAR3.value(row, t), result.predictions()[r], 1e-5);
            assertEquals(LINEAR3.value(toDouble(xPrime), t), result.baselinePredictions()[r], 1e-5);
            for (int i = 0; i < 3; i++) {
                assertEquals(LINEAR3.w()[t][i] * (row[i] - xPrime[i]), result.row(r)[i], 1e-5);
            }
        }
    }

    @Test
    void perRowTargetsOfTheWrongCountAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> integrate(LINEAR3, Defaults.integration(), batch(new float[6], 2), batch(new float[3], 1),
                        new TargetRule.PerRow(new int[] {0})));
    }

    // ---- shapes ----

    @Test
    void baselinesOfAnotherRowShapeAreRejected() {
        FeatureBatch x = batch(new float[] {1, 2, 3}, 1);
        assertThrows(IllegalArgumentException.class, () -> integrate(LINEAR3, Defaults.integration(), x,
                FeatureBatch.of(new float[4], 1, 4), new TargetRule.Fixed(0)));
        assertThrows(IllegalArgumentException.class, () -> integrate(LINEAR3, Defaults.integration(), x,
                FeatureBatch.of(new float[3], 1, 1, 3), new TargetRule.Fixed(0)));
    }

    // ---- helpers ----

    private static IgOptions options(QuadratureRule rule, int steps) {
        return Defaults.integration().withRule(rule, steps);
    }

    private static Attributions integrate(
            AnalyticPaths.Function f, IgOptions options, FeatureBatch x, FeatureBatch xPrime, TargetRule target) {
        return new IntegratedGradients(new AnalyticPaths(f), options).attribute(x, xPrime, target);
    }

    /** Rows of three features. */
    private static FeatureBatch batch(float[] values, int rows) {
        return FeatureBatch.of(values, rows, 3);
    }

    private static double[] slice(float[] values, int row, int elements) {
        double[] out = new double[elements];
        for (int i = 0; i < elements; i++) {
            out[i] = values[row * elements + i];
        }
        return out;
    }

    private static double[] toDouble(float[] values) {
        return slice(values, 0, values.length);
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float value : values) {
            total += value;
        }
        return total;
    }

    private static void assertCloseRelative(float[] expected, float[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = relative * Math.max(1.0, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }
}
