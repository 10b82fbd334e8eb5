package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Defaults;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Blur IG against the method's definition assembled by hand (with a blur written here as a direct
 * 2-D sum), its completeness on a fine path, its baseline, and its independence of the passes.
 */
class BlurIntegratedGradientsTest {

    private static final int[] SHAPE = {2, 5, 6};
    private static final int ELEMENTS = 60;

    /** F(x) = Σ c_i x_i², one output: ∇F = 2 c ⊙ x. */
    record Quadratic(double[] c) implements AnalyticPaths.Function {
        @Override
        public int width() {
            return 1;
        }

        @Override
        public double value(double[] x, int output) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += c[i] * x[i] * x[i];
            }
            return sum;
        }

        @Override
        public double[] gradient(double[] x, int output) {
            double[] g = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                g[i] = 2 * c[i] * x[i];
            }
            return g;
        }
    }

    private static double[] randomValues(long seed, int count, double scale) {
        Random random = new Random(seed);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = scale * random.nextGaussian();
        }
        return values;
    }

    private static FeatureBatch images(int rows, long seed) {
        double[] values = randomValues(seed, rows * ELEMENTS, 1);
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return FeatureBatch.of(floats, rows, SHAPE);
    }

    private static ExplainPlan plan(BlurPath path, long bound) {
        return new ExplainPlan(Method.BLUR_INTEGRATED_GRADIENTS, Defaults.integration().withMaxElementsPerPass(bound), null, path,
                null, 0, null, 0);
    }

    private static Attributions explain(AnalyticPaths model, BlurPath path, long bound, FeatureBatch inputs) {
        return new Explainer(model, plan(path, bound)).explain(inputs, new TargetRule.Fixed(0)).attributions();
    }

    /** scipy's gaussian_filter over each H×W plane, written as a direct 2-D sum with zeros beyond the edges. */
    private static double[] blur(double[] row, double sigma) {
        if (sigma == 0) {
            return row.clone();
        }
        int radius = (int) (4 * sigma + 0.5);
        double[] k = new double[2 * radius + 1];
        double total = 0;
        for (int d = -radius; d <= radius; d++) {
            k[d + radius] = Math.exp(-d * d / (2 * sigma * sigma));
            total += k[d + radius];
        }
        int height = SHAPE[1];
        int width = SHAPE[2];
        double[] out = new double[row.length];
        for (int c = 0; c < SHAPE[0]; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int dy = -radius; dy <= radius; dy++) {
                        for (int dx = -radius; dx <= radius; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
                                sum += k[dy + radius] * k[dx + radius] * row[(c * height + yy) * width + xx];
                            }
                        }
                    }
                    out[(c * height + y) * width + x] = sum / (total * total);
                }
            }
        }
        return out;
    }

    private static double[] rowOf(FeatureBatch batch, int r) {
        float[] all = batch.toArray();
        double[] row = new double[ELEMENTS];
        for (int i = 0; i < ELEMENTS; i++) {
            row[i] = all[r * ELEMENTS + i];
        }
        return row;
    }

    @Test
    void attributionsAreTheMinusSumOfStepWidthTimesBlurChangeTimesGradient() {
        Quadratic f = new Quadratic(randomValues(3, ELEMENTS, 1));
        BlurPath path = new BlurPath(2.5, 7, 0.05);
        FeatureBatch inputs = images(3, 11);
        Attributions result = explain(new AnalyticPaths(f), path, Plans.ONE_PASS, inputs);
        for (int r = 0; r < inputs.rows(); r++) {
            double[] x = rowOf(inputs, r);
            double[] expected = new double[ELEMENTS];
            for (int k = 0; k < path.steps(); k++) {
                double sigma = k * 2.5 / 7;
                double[] at = blur(x, sigma);
                double[] further = blur(x, sigma + 0.05);
                double[] gradient = f.gradient(at, 0);
                for (int i = 0; i < ELEMENTS; i++) {
                    expected[i] -= (2.5 / 7) * (further[i] - at[i]) / 0.05 * gradient[i];
                }
            }
            for (int i = 0; i < ELEMENTS; i++) {
                assertEquals(expected[i], result.values()[r * ELEMENTS + i], 1e-4 * (1 + Math.abs(expected[i])), "row " + r + " element " + i);
            }
            assertEquals(f.value(blur(x, 2.5), 0), result.baselinePredictions()[r], 1e-4 * (1 + Math.abs(f.value(x, 0))),
                    "the baseline is the input blurred to max-sigma");
        }
    }

    @Test
    void onAFinePathTheAttributionsAddUpToTheOutputChange() {
        double[] c = randomValues(5, ELEMENTS, 1);
        for (int i = 0; i < c.length; i++) {
            c[i] = 1 + Math.abs(c[i]); // positive: blurring a noisy image lowers F by a clear amount
        }
        Quadratic f = new Quadratic(c);
        FeatureBatch inputs = images(2, 13);
        Attributions result = explain(new AnalyticPaths(f), new BlurPath(3, 400, 1e-4), Plans.ONE_PASS, inputs);
        for (int r = 0; r < inputs.rows(); r++) {
            double change = result.predictions()[r] - result.baselinePredictions()[r];
            double sum = 0;
            for (int i = 0; i < ELEMENTS; i++) {
                sum += result.values()[r * ELEMENTS + i];
            }
            assertTrue(Math.abs(change) > 1, "the blur changes F: " + change);
            assertEquals(change, sum, 0.01 * Math.abs(change), "completeness of row " + r);
            assertEquals(sum - change, result.deltas()[r], 1e-4 * Math.abs(change));
        }
    }

    @Test
    void theSumsDoNotDependOnHowStepsAndRowsAreSplitIntoPasses() {
        Quadratic f = new Quadratic(randomValues(7, ELEMENTS, 1));
        BlurPath path = new BlurPath(4, 9, 0.01);
        FeatureBatch inputs = images(4, 17);
        AnalyticPaths whole = new AnalyticPaths(f);
        AnalyticPaths split = new AnalyticPaths(f);
        Attributions once = explain(whole, path, Plans.ONE_PASS, inputs);
        Attributions inPieces = explain(split, path, 2L * ELEMENTS, inputs);
        assertEquals(1, whole.elementsPerPass.size());
        assertTrue(Plans.largest(split.elementsPerPass) <= 2L * ELEMENTS, "passes within the bound: " + split.elementsPerPass);
        for (int r = 0; r < inputs.rows(); r++) {
            for (int i = 0; i < ELEMENTS; i++) {
                assertEquals(once.values()[r * ELEMENTS + i], inPieces.values()[r * ELEMENTS + i], 1e-5f * (1 + Math.abs(once.values()[r * ELEMENTS + i])));
            }
        }
    }

    @Test
    void aConstantImageFarFromTheEdgesBlursToItselfAndGetsNothing() {
        // With zeros beyond the edges only the border darkens: for F linear in the centre pixels,
        // an image that is constant nowhere near the edge is unchanged there.
        GaussianBlur blur = GaussianBlur.likeScipy(0.4);
        float[] flat = new float[ELEMENTS];
        java.util.Arrays.fill(flat, 2f);
        float[] blurred = blur.apply(flat, SHAPE);
        assertEquals(2f, blurred[(0 * 5 + 2) * 6 + 3], 1e-6f, "interior pixel");
        assertTrue(blurred[0] < 2f, "a corner pixel takes zeros from beyond the edges");
        assertArrayEquals(flat, GaussianBlur.likeScipy(0).apply(flat, SHAPE), "sigma 0 leaves the image as it is");
    }
}
