package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Expected Gradients on analytic models, through the {@link Explainer}. */
class ExpectedGradientsTest {

    private static final AnalyticPaths.Linear LINEAR3 = AnalyticPaths.LINEAR3;
    private static final FeatureBatch X = Plans.rows3(1, -2, 3, 0.5f, 4, -1);
    private static final TargetRule PER_ROW = new TargetRule.PerRow(new int[] {0, 2});
    private static final BackgroundRows BACKGROUND = new BackgroundRows(
            new float[] {0, 0, 0, 1, 2, 3, -1, 0.5f, 2, 4, -3, 0.25f, 0.5f, 0.5f, -2}, 5);

    @Test
    void aLinearModelGivesWeightsTimesInputMinusTheMeanOfTheDrawnReferences() {
        AnalyticPaths model = new AnalyticPaths(LINEAR3);
        int samples = 8;
        AdaptiveAttributions result = explain(model, BACKGROUND, samples, Plans.ONE_PASS);

        assertEquals(1, model.referencesSeen.size(), "one pass holds every sample");
        float[] references = model.referencesSeen.get(0).toArray(); // (samples · rows, 3), sample-major
        int[] targets = {0, 2};
        for (int r = 0; r < 2; r++) {
            double[] mean = new double[3];
            double meanPrediction = 0;
            for (int s = 0; s < samples; s++) {
                double[] reference = Arrays.copyOfRange(toDouble(references), (s * 2 + r) * 3, (s * 2 + r) * 3 + 3);
                meanPrediction += LINEAR3.value(reference, targets[r]) / samples;
                for (int i = 0; i < 3; i++) {
                    mean[i] += reference[i] / samples;
                }
            }
            for (int i = 0; i < 3; i++) {
                double expected = LINEAR3.w()[targets[r]][i] * (X.toArray()[r * 3 + i] - mean[i]);
                assertEquals(expected, result.attributions().row(r)[i], 1e-5, "row " + r + " feature " + i);
            }
            assertEquals(meanPrediction, result.attributions().baselinePredictions()[r], 1e-5, "mean F(x'_s)");
            assertEquals(0, result.attributions().deltas()[r], 1e-5, "complete for a linear model");
            assertEquals(samples, result.stepsUsed()[r], "steps column = samples");
        }
        assertEquals(2L * samples, result.gradientEvaluations());
    }

    @Test
    void referencesAreBackgroundRowsAndAlphasLieStrictlyBetweenZeroAndOne() {
        RecordingAlphas model = new RecordingAlphas();
        explain(model, BACKGROUND, 50, Plans.ONE_PASS);
        float[] references = model.referencesSeen.get(0).toArray();
        for (int row = 0; row < references.length / 3; row++) {
            float[] reference = Arrays.copyOfRange(references, row * 3, row * 3 + 3);
            boolean found = false;
            for (int b = 0; b < BACKGROUND.rows(); b++) {
                found |= Arrays.equals(reference, Arrays.copyOfRange(BACKGROUND.values(), b * 3, b * 3 + 3));
            }
            assertTrue(found, "reference " + Arrays.toString(reference) + " is a background row");
        }
        for (float alpha : model.alphas) {
            assertTrue(alpha > 0 && alpha <= 1, "alpha " + alpha);
        }
    }

    @Test
    void aBackgroundOfIdenticalRowsGivesIntegratedGradientsOfALinearModelExactly() {
        float[] b = {0.5f, -1f, 2f};
        BackgroundRows same = new BackgroundRows(concat(b, b, b, b), 4);
        AdaptiveAttributions result = explain(new AnalyticPaths(LINEAR3), same, 6, Plans.ONE_PASS);
        int[] targets = {0, 2};
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(LINEAR3.w()[targets[r]][i] * (X.toArray()[r * 3 + i] - b[i]),
                        result.attributions().row(r)[i], 1e-5);
            }
        }
    }

    @Test
    void manySamplesApproachWeightsTimesInputMinusTheBackgroundMean() {
        int samples = 20_000;
        AdaptiveAttributions result = explain(new AnalyticPaths(LINEAR3), BACKGROUND, samples, Plans.ONE_PASS);
        double[] mean = new double[3];
        double[] meanOfSquares = new double[3];
        for (int b = 0; b < 5; b++) {
            for (int i = 0; i < 3; i++) {
                double v = BACKGROUND.values()[b * 3 + i];
                mean[i] += v / 5;
                meanOfSquares[i] += v * v / 5;
            }
        }
        int[] targets = {0, 2};
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 3; i++) {
                double w = LINEAR3.w()[targets[r]][i];
                // the mean of S draws of column i has standard deviation sd_i/√S: allow 5 of them
                double sd = Math.sqrt(meanOfSquares[i] - mean[i] * mean[i]);
                double bound = 5 * Math.abs(w) * sd / Math.sqrt(samples);
                double expected = w * (X.toArray()[r * 3 + i] - mean[i]);
                assertEquals(expected, result.attributions().row(r)[i], bound, "row " + r + " feature " + i);
            }
        }
    }

    @Test
    void aSmoothModelMatchesTheSampledPathPointsOfItsDraws() {
        RecordingAlphas model = new RecordingAlphas();
        AdaptiveAttributions result = explain(model, BACKGROUND, 5, Plans.ONE_PASS);
        float[] references = model.referencesSeen.get(0).toArray();
        for (int r = 0; r < 2; r++) {
            double[] x = AnalyticPaths.rowOf(X, r);
            double[] expected = new double[3];
            for (int s = 0; s < 5; s++) {
                double[] reference = Arrays.copyOfRange(toDouble(references), (s * 2 + r) * 3, (s * 2 + r) * 3 + 3);
                double alpha = model.alphas[s * 2 + r];
                double[] point = new double[3];
                for (int i = 0; i < 3; i++) {
                    point[i] = reference[i] + alpha * (x[i] - reference[i]);
                }
                double[] gradient = AnalyticPaths.SMOOTH.gradient(point, 0);
                for (int i = 0; i < 3; i++) {
                    expected[i] += (x[i] - reference[i]) * gradient[i] / 5;
                }
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], result.attributions().row(r)[i], 1e-5);
            }
        }
    }

    @Test
    void passesStayUnderTheMemoryBoundAndAddUpToTheUnchunkedResult() {
        FeatureBatch x = Plans.rows3(1, -2, 3, 0.5f, 4, -1, 2, 2, 0.1f);
        for (long bound : new long[] {1, 3, 7, 20}) {
            AnalyticPaths chunkedModel = new AnalyticPaths(AnalyticPaths.SMOOTH);
            AdaptiveAttributions chunked = new Explainer(chunkedModel,
                    Plans.expectedGradients(BACKGROUND, 9, bound, null, 3)).explain(x, new TargetRule.Fixed(0));
            AnalyticPaths wholeModel = new AnalyticPaths(AnalyticPaths.SMOOTH);
            AdaptiveAttributions whole = new Explainer(wholeModel,
                    Plans.expectedGradients(BACKGROUND, 9, Plans.ONE_PASS, null, 3)).explain(x, new TargetRule.Fixed(0));

            assertEquals(1, wholeModel.elementsPerPass.size());
            assertTrue(chunkedModel.elementsPerPass.size() > 1, "bound " + bound + " forces several passes");
            assertTrue(Plans.largest(chunkedModel.elementsPerPass) <= Math.max(bound, 3),
                    "bound " + bound + ": " + chunkedModel.elementsPerPass + " (one sample of one row at least)");
            for (int i = 0; i < whole.attributions().values().length; i++) {
                float expected = whole.attributions().values()[i];
                assertEquals(expected, chunked.attributions().values()[i], 1e-6 * Math.max(1, Math.abs(expected)));
            }
            assertArrayEquals(whole.attributions().baselinePredictions(), chunked.attributions().baselinePredictions(),
                    1e-6f);
        }
    }

    private static AdaptiveAttributions explain(PathGradients model, BackgroundRows background, int samples, long bound) {
        return new Explainer(model, Plans.expectedGradients(background, samples, bound, null, 17)).explain(X, PER_ROW);
    }

    /** The smooth model, also keeping the alphas of its one sampled pass. */
    private static final class RecordingAlphas implements PathGradients {
        private final AnalyticPaths threeOutputs = new AnalyticPaths(new AnalyticPaths.Linear(
                new double[][] {{1, 1, 1}, {0, 0, 0}, {1, 0, 1}}, new double[3]));
        private final AnalyticPaths smooth = new AnalyticPaths(AnalyticPaths.SMOOTH);
        final java.util.List<FeatureBatch> referencesSeen = smooth.referencesSeen;
        float[] alphas;

        @Override
        public ModelOutputs evaluate(FeatureBatch points) {
            return threeOutputs.evaluate(points); // three outputs, so the per-row targets 0 and 2 exist
        }

        @Override
        public float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
            throw new UnsupportedOperationException("Expected Gradients samples its path points");
        }

        @Override
        public float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
            this.alphas = alphas.clone();
            return smooth.sampledGradients(inputs, references, alphas, new int[targets.length]);
        }
    }

    private static float[] concat(float[]... parts) {
        float[] all = new float[0];
        for (float[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
