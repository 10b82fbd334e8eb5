package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Defaults;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Targets, row order, the shared forward pass and determinism of the {@link Explainer}. */
class ExplainerTest {

    private static final AnalyticPaths.Linear LINEAR3 = AnalyticPaths.LINEAR3;
    private static final FeatureBatch X = Plans.rows3(1, -2, 3, 0.5f, 4, -1, 2, 2, 0.1f);
    private static final int[] SEVERAL = {2, 0};
    private static final BackgroundRows BACKGROUND = new BackgroundRows(
            new float[] {0, 0, 0, 1, 2, 3, -1, 0.5f, 2, 4, -3, 0.25f}, 4);
    private static final NoiseOptions NOISE = new NoiseOptions(6, 0.3, NoiseType.SMOOTHGRAD);
    private static final BaselineSource UNIFORM = new UniformNoiseBaseline(-1f, 1f, 2);

    // ---- several targets ----

    @Test
    void severalTargetsOfFixedStepIgShareOneForwardAndEqualSingleTargetRuns() {
        ExplainPlan plan = Plans.integratedGradients(Defaults.integration(), UNIFORM, null, 9);
        AnalyticPaths model = new AnalyticPaths(LINEAR3);
        AdaptiveAttributions several = new Explainer(model, plan).explain(X, new TargetRule.Several(SEVERAL));
        assertTrue(model.sharedForwardPasses > 0, "one forward pass for all targets");
        assertEquals(0, model.singleTargetPasses, "no pass per target");
        assertEqualsSingleTargetRuns(several, plan);
    }

    @Test
    void severalTargetsOfOtherMethodsRepeatEachRowAndEqualSingleTargetRuns() {
        List<ExplainPlan> plans = List.of(
                Plans.adaptive(new AdaptiveSteps(4, 64, 1e-4), UNIFORM, null, 9),
                Plans.expectedGradients(BACKGROUND, 5, Plans.ONE_PASS, null, 9),
                Plans.integratedGradients(Defaults.integration(), UNIFORM, NOISE, 9),
                Plans.expectedGradients(BACKGROUND, 5, Plans.ONE_PASS, NOISE, 9));
        for (ExplainPlan plan : plans) {
            AnalyticPaths model = new AnalyticPaths(LINEAR3);
            AdaptiveAttributions several = new Explainer(model, plan).explain(X, new TargetRule.Several(SEVERAL));
            assertEquals(0, model.sharedForwardPasses, plan.method() + ": rows repeated per target instead");
            assertEqualsSingleTargetRuns(several, plan);
        }
    }

    /** Row r·T + t of {@code several} is row r of a run with target SEVERAL[t] alone. */
    private static void assertEqualsSingleTargetRuns(AdaptiveAttributions several, ExplainPlan plan) {
        int rows = X.rows();
        int perRow = SEVERAL.length;
        assertEquals(rows * perRow, several.attributions().rows());
        for (int t = 0; t < perRow; t++) {
            AdaptiveAttributions single = new Explainer(new AnalyticPaths(LINEAR3), plan)
                    .explain(X, new TargetRule.Fixed(SEVERAL[t]));
            for (int r = 0; r < rows; r++) {
                int row = r * perRow + t;
                String where = plan.method() + " row " + r + " target " + SEVERAL[t];
                assertEquals(SEVERAL[t], several.attributions().targets()[row], where);
                assertArrayEquals(single.attributions().row(r), several.attributions().row(row), where);
                assertEquals(single.attributions().predictions()[r], several.attributions().predictions()[row], where);
                assertEquals(single.attributions().baselinePredictions()[r],
                        several.attributions().baselinePredictions()[row], where);
                assertEquals(single.attributions().deltas()[r], several.attributions().deltas()[row], where);
                assertEquals(single.stepsUsed()[r], several.stepsUsed()[row], where);
            }
        }
    }

    @Test
    void targetsAreChosenOnTheCleanInputs() {
        // identity outputs: the predicted target is the argmax of the clean row, whatever the noise
        FeatureBatch x = Plans.rows3(1, 2, 9, 7, -1, 0);
        AdaptiveAttributions result = new Explainer(new AnalyticPaths(AnalyticPaths.IDENTITY3),
                Plans.integratedGradients(Defaults.integration(), Plans.zeros(3), new NoiseOptions(8, 5.0, NoiseType.SMOOTHGRAD), 1))
                .explain(x, new TargetRule.Predicted());
        assertArrayEquals(new int[] {2, 0}, result.attributions().targets());
        assertArrayEquals(new float[] {9, 7}, result.attributions().predictions());
    }

    @Test
    void aTargetOutsideTheOutputIsRejected() {
        Explainer explainer = new Explainer(new AnalyticPaths(LINEAR3), Plans.integratedGradients(
                Defaults.integration(), Plans.zeros(3), null, 1));
        assertThrows(TargetRule.TargetOutOfRangeException.class,
                () -> explainer.explain(X, new TargetRule.Several(new int[] {0, 3})));
    }

    // ---- baselines made from the inputs ----

    @Test
    void blurredBaselinesAreMadeFromEachRow() {
        double[][] w = {{1, -2, 0.5, 3, 0.25, -1, 2, 1, -0.5}};
        AnalyticPaths.Linear linear = new AnalyticPaths.Linear(w, new double[1]);
        float[] values = {1, 5, 2, 0, 9, 3, 4, 4, 1, /* row 2 */ 2, 2, 2, 2, 7, 2, 2, 2, 2};
        FeatureBatch x = FeatureBatch.of(values, 2, 1, 3, 3);
        BlurredBaseline blur = new BlurredBaseline(0.9);
        float[] blurred = blur.forBatch(x, new long[2]).get(0).toArray();
        AdaptiveAttributions result = new Explainer(new AnalyticPaths(linear),
                Plans.integratedGradients(Defaults.integration(), blur, null, 1)).explain(x, new TargetRule.Fixed(0));
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 9; i++) {
                assertEquals(w[0][i] * (values[r * 9 + i] - blurred[r * 9 + i]), result.attributions().row(r)[i], 1e-5);
            }
        }
    }

    // ---- determinism ----

    @Test
    void aRowGetsBitIdenticalResultsAloneFirstLastOrInAnotherBatch() {
        FeatureBatch row = Plans.rows3(0.7f, -1.2f, 2.5f);
        FeatureBatch other = Plans.rows3(3, 1, -1, 0.2f, 0.2f, 0.2f);
        for (ExplainPlan plan : randomPlans(31)) {
            Function<FeatureBatch, AdaptiveAttributions> explain =
                    batch -> new Explainer(new AnalyticPaths(AnalyticPaths.SMOOTH), plan).explain(batch, new TargetRule.Fixed(0));
            float[] alone = explain.apply(row).attributions().row(0);
            float deltaAlone = explain.apply(row).attributions().deltas()[0];
            AdaptiveAttributions first = explain.apply(Plans.rows3(concat(row, other)));
            AdaptiveAttributions last = explain.apply(Plans.rows3(concat(other, row)));
            AdaptiveAttributions elsewhere = explain.apply(Plans.rows3(concat(other.row(1), row)));
            String name = plan.method() + (plan.noise() == null ? "" : " with noise");
            assertArrayEquals(alone, first.attributions().row(0), name + ", first");
            assertArrayEquals(alone, last.attributions().row(2), name + ", last");
            assertArrayEquals(alone, elsewhere.attributions().row(1), name + ", in another batch");
            assertEquals(deltaAlone, last.attributions().deltas()[2], name + " delta");
        }
    }

    @Test
    void anotherRunSeedDrawsOtherNumbers() {
        List<ExplainPlan> one = randomPlans(31);
        List<ExplainPlan> another = randomPlans(32);
        for (int p = 0; p < one.size(); p++) {
            float[] a = new Explainer(new AnalyticPaths(AnalyticPaths.SMOOTH), one.get(p)).explain(X, new TargetRule.Fixed(0))
                    .attributions().values();
            float[] b = new Explainer(new AnalyticPaths(AnalyticPaths.SMOOTH), another.get(p)).explain(X, new TargetRule.Fixed(0))
                    .attributions().values();
            assertFalse(Arrays.equals(a, b), one.get(p).method() + " plan " + p);
        }
    }

    /** Every plan that draws random numbers: EG, noise around IG and EG, uniform baselines. */
    private static List<ExplainPlan> randomPlans(long seed) {
        return List.of(
                Plans.expectedGradients(BACKGROUND, 7, Plans.ONE_PASS, null, seed),
                Plans.expectedGradients(BACKGROUND, 3, Plans.ONE_PASS, NOISE, seed),
                Plans.integratedGradients(Defaults.integration(), Plans.zeros(3), NOISE, seed),
                Plans.integratedGradients(Defaults.integration(), UNIFORM, null, seed),
                Plans.adaptive(new AdaptiveSteps(4, 64, 1e-4), UNIFORM, NOISE, seed));
    }

    private static float[] concat(FeatureBatch first, FeatureBatch second) {
        float[] a = first.toArray();
        float[] b = second.toArray();
        float[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
