package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Defaults;
import org.junit.jupiter.api.Test;

/** Adaptive step counts on pure-Java functions whose gradients are written by hand. */
class AdaptiveIntegratedGradientsTest {

    /** F(x) = sin(a·x0)·x1 + x2²: smooth; the larger |x0|, the more steps the path needs. */
    private static final class Smooth implements PathGradients {
        private final double a;

        Smooth(double a) {
            this.a = a;
        }

        double value(float[] x, int o) {
            return Math.sin(a * x[o]) * x[o + 1] + x[o + 2] * x[o + 2];
        }

        @Override
        public ModelOutputs evaluate(FeatureBatch points) {
            float[] x = points.toArray();
            float[] out = new float[points.rows()];
            for (int r = 0; r < points.rows(); r++) {
                out[r] = (float) value(x, 3 * r);
            }
            return new ModelOutputs(out, points.rows(), 1);
        }

        @Override
        public float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
            float[] x = inputs.toArray();
            float[] b = baseline.toArray();
            double[] alphas = steps.alphas();
            double[] weights = steps.weights();
            float[] sums = new float[x.length];
            for (int r = 0; r < inputs.rows(); r++) {
                for (int k = 0; k < alphas.length; k++) {
                    double p0 = b[0] + alphas[k] * (x[3 * r] - b[0]);
                    double p1 = b[1] + alphas[k] * (x[3 * r + 1] - b[1]);
                    double p2 = b[2] + alphas[k] * (x[3 * r + 2] - b[2]);
                    sums[3 * r] += (float) (weights[k] * a * Math.cos(a * p0) * p1);
                    sums[3 * r + 1] += (float) (weights[k] * Math.sin(a * p0));
                    sums[3 * r + 2] += (float) (weights[k] * 2 * p2);
                }
            }
            return sums;
        }
    }

    private static final FeatureBatch ZERO = FeatureBatch.of(new float[3], 1, 3);
    private static final TargetRule ONLY = new TargetRule.Fixed(0);

    /** Row 0 is nearly linear along its path; row 1 oscillates (sin(6 x0) with x0 = 3). */
    private static FeatureBatch easyAndHard() {
        return FeatureBatch.of(new float[] {0.05f, 0.5f, 0.2f, /* hard */ 3f, 2f, 1f}, 2, 3);
    }

    @Test
    void easyRowsStopEarlyAndHardRowsGetMoreSteps() {
        AdaptiveAttributions result = new AdaptiveIntegratedGradients(new Smooth(6), Defaults.integration(),
                new AdaptiveSteps(4, 256, 1e-5)).attribute(easyAndHard(), ZERO, ONLY);
        assertEquals(8, result.stepsUsed()[0], "the nearly linear row passes at the first check, in round two");
        assertTrue(result.stepsUsed()[1] > 8, "the oscillating row needs more: " + result.stepsUsed()[1]);
        assertTrue(result.converged()[0] && result.converged()[1]);
        for (float delta : result.attributions().deltas()) {
            assertTrue(Math.abs(delta) <= 1e-5, "delta " + delta);
        }
    }

    @Test
    void eachRowEqualsAFixedStepRunWithItsOwnStepCount() {
        Smooth model = new Smooth(6);
        AdaptiveAttributions adaptive = new AdaptiveIntegratedGradients(model, Defaults.integration(),
                new AdaptiveSteps(4, 256, 1e-5)).attribute(easyAndHard(), ZERO, ONLY);
        for (int r = 0; r < 2; r++) {
            FeatureBatch row = easyAndHard().row(r);
            Attributions fixed = new IntegratedGradients(model, Defaults.integration().withRule(QuadratureRule.GAUSS_LEGENDRE,
                    adaptive.stepsUsed()[r])).attribute(row, ZERO, ONLY);
            assertArrayEquals(fixed.row(0), adaptive.attributions().row(r), "row " + r);
            assertEquals(fixed.deltas()[0], adaptive.attributions().deltas()[r]);
        }
    }

    @Test
    void gradientEvaluationsCountEveryRoundOfEveryRow() {
        AdaptiveAttributions result = new AdaptiveIntegratedGradients(new Smooth(6), Defaults.integration(),
                new AdaptiveSteps(4, 256, 1e-5)).attribute(easyAndHard(), ZERO, ONLY);
        long hardRow = 0;
        for (int steps = 4; steps <= result.stepsUsed()[1]; steps *= 2) {
            hardRow += steps;
        }
        assertEquals(4 + 8 + hardRow, result.gradientEvaluations());
        assertTrue(result.gradientEvaluations() < 2 * 50, "fewer than a fixed 50 steps for both rows");
    }

    @Test
    void rowsThatNeverPassAreFlaggedAtTheMaximum() {
        AdaptiveAttributions result = new AdaptiveIntegratedGradients(new Smooth(40), Defaults.integration(),
                new AdaptiveSteps(2, 16, 1e-9)).attribute(easyAndHard(), ZERO, ONLY);
        assertFalse(result.converged()[1]);
        assertEquals(16, result.stepsUsed()[1]);
        assertTrue(Math.abs(result.attributions().deltas()[1]) > 1e-9);
    }

    @Test
    void predictedTargetsStayThoseOfTheInputsInLaterRounds() {
        PathGradients twoOutputs = new PathGradients() {
            final Smooth inner = new Smooth(6);

            @Override
            public ModelOutputs evaluate(FeatureBatch points) {
                float[] one = inner.evaluate(points).values();
                float[] two = new float[2 * one.length];
                for (int r = 0; r < one.length; r++) {
                    two[2 * r] = one[r];
                    two[2 * r + 1] = -one[r];
                }
                return new ModelOutputs(two, one.length, 2);
            }

            @Override
            public float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
                throw new UnsupportedOperationException("not used by this test");
            }

            @Override
            public float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
                float[] g = inner.weightedGradients(inputs, baseline, steps, targets);
                for (int r = 0; r < targets.length; r++) {
                    for (int i = 0; i < 3; i++) {
                        g[3 * r + i] *= targets[r] == 0 ? 1 : -1;
                    }
                }
                return g;
            }
        };
        AdaptiveAttributions result = new AdaptiveIntegratedGradients(twoOutputs, Defaults.integration(),
                new AdaptiveSteps(4, 256, 1e-5)).attribute(easyAndHard(), ZERO, new TargetRule.Predicted());
        ModelOutputs atInputs = twoOutputs.evaluate(easyAndHard());
        assertArrayEquals(new int[] {atInputs.argmax(0), atInputs.argmax(1)}, result.attributions().targets());
        assertTrue(result.stepsUsed()[1] > 8, "row 1 took later rounds");
        assertTrue(result.converged()[1], "later rounds explain the same output, so they converge");
    }

    @Test
    void aSmallDeltaAloneDoesNotPassARowWhoseAttributionsStillMove() {
        // F = sin(6 x0) x1 + x2^2 at (3, 2, 1): the first rounds' errors may cancel in the delta,
        // but the attributions keep moving, so the row goes on.
        AdaptiveAttributions result = new AdaptiveIntegratedGradients(new Smooth(6), Defaults.integration(),
                new AdaptiveSteps(4, 256, 1e-5)).attribute(easyAndHard(), ZERO, ONLY);
        Attributions previousRound = new IntegratedGradients(new Smooth(6), Defaults.integration().withRule(
                QuadratureRule.GAUSS_LEGENDRE, result.stepsUsed()[1] / 2)).attribute(easyAndHard().row(1), ZERO, ONLY);
        float largestChange = 0;
        for (int i = 0; i < 3; i++) {
            largestChange = Math.max(largestChange, Math.abs(previousRound.row(0)[i] - result.attributions().row(1)[i]));
        }
        assertTrue(largestChange <= 1e-5, "the accepted round agrees with the one before: " + largestChange);
    }

    @Test
    void pendingRowsTakeTheirOwnBaselineRows() {
        AnalyticPaths model = new AnalyticPaths(new AnalyticPaths.Wavy(6));
        FeatureBatch baselines = FeatureBatch.of(new float[] {0, 0, 0, /* the hard row's */ 0.5f, -1f, 0.25f}, 2, 3);
        AdaptiveAttributions adaptive = new AdaptiveIntegratedGradients(model, Defaults.integration(),
                new AdaptiveSteps(4, 256, 1e-5)).attribute(easyAndHard(), java.util.List.of(baselines), new int[2]);
        assertTrue(adaptive.stepsUsed()[1] > 8, "the hard row took later rounds: " + adaptive.stepsUsed()[1]);
        for (int r = 0; r < 2; r++) {
            Attributions fixed = new IntegratedGradients(model, Defaults.integration().withRule(
                    QuadratureRule.GAUSS_LEGENDRE, adaptive.stepsUsed()[r]))
                    .attribute(easyAndHard().row(r), baselines.row(r), ONLY);
            assertArrayEquals(fixed.row(0), adaptive.attributions().row(r), "row " + r + " against its own baseline");
            assertEquals(fixed.baselinePredictions()[0], adaptive.attributions().baselinePredictions()[r]);
            assertEquals(fixed.deltas()[0], adaptive.attributions().deltas()[r]);
        }
    }

    @Test
    void impossiblePlansAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSteps(0, 8, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSteps(8, 4, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSteps(4, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveIntegratedGradients(new Smooth(1),
                Defaults.integration().withRule(QuadratureRule.RIEMANN_LEFT, 8), new AdaptiveSteps(1, 8, 1e-3)));
    }
}
