package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Defaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Plans that cannot run are refused with the config key to fix. */
class ExplainPlanTest {

    private static final BackgroundRows BACKGROUND = new BackgroundRows(new float[] {0, 0, 0}, 1);
    private static final AdaptiveSteps AUTO = new AdaptiveSteps(4, 64, 1e-3);

    @Test
    void expectedGradientsNeedsBackgroundAndSamples() {
        assertMessage("attribution.background", () -> new ExplainPlan(Method.EXPECTED_GRADIENTS,
                Defaults.integration(), null, null, null, 10, null, 0));
        assertMessage("attribution.samples", () -> new ExplainPlan(Method.EXPECTED_GRADIENTS,
                Defaults.integration(), null, null, BACKGROUND, 0, null, 0));
        assertMessage("attribution.steps", () -> new ExplainPlan(Method.EXPECTED_GRADIENTS,
                Defaults.integration(), AUTO, null, BACKGROUND, 10, null, 0));
    }

    @Test
    void integratedGradientsNeedsBaselines() {
        assertMessage("attribution.baseline", () -> new ExplainPlan(Method.INTEGRATED_GRADIENTS,
                Defaults.integration(), AUTO, null, null, 0, null, 0));
    }

    @Test
    void noiseOptionsNameTheirKeys() {
        assertMessage("attribution.noise.samples", () -> new NoiseOptions(0, 1, NoiseType.SMOOTHGRAD));
        assertMessage("attribution.noise.stdev", () -> new NoiseOptions(4, -0.1, NoiseType.SMOOTHGRAD));
        assertMessage("attribution.noise.stdev", () -> new NoiseOptions(4, Double.POSITIVE_INFINITY, NoiseType.VARGRAD));
        assertMessage("attribution.noise.type", () -> new NoiseOptions(4, 1, null));
    }

    @Test
    void namesFromConfigurationFilesAreLookedUpWithTheValidOnesListed() {
        assertEquals(NoiseType.SMOOTHGRAD_SQ, NoiseType.byName(" SmoothGrad_Sq "));
        assertEquals(Method.EXPECTED_GRADIENTS, Method.byName("expected_gradients"));
        assertMessage("smoothgrad, smoothgrad_sq, vargrad", () -> NoiseType.byName("smooth"));
        assertMessage("integrated_gradients, expected_gradients", () -> Method.byName("shap"));
        assertMessage("gausslegendre", () -> QuadratureRule.byName("simpson"));
    }

    @Test
    void badBackgroundsAndEmptyTargetListsAreRefused() {
        assertMessage("attribution.background", () -> new BackgroundRows(new float[5], 2));
        assertThrows(IllegalArgumentException.class, () -> new TargetRule.Several(new int[0]));
        assertEquals(3, new TargetRule.Several(new int[] {0, 1, 2}).perRow());
        assertEquals(1, new TargetRule.Predicted().perRow());
    }

    @Test
    void backgroundRowsOfAnotherLengthThanTheInputsAreRefused() {
        Explainer explainer = new Explainer(new AnalyticPaths(AnalyticPaths.SMOOTH), new ExplainPlan(
                Method.EXPECTED_GRADIENTS, Defaults.integration(), null, null, new BackgroundRows(new float[4], 1), 3, null, 0));
        assertMessage("attribution.background", () -> explainer.explain(Plans.rows3(1, 2, 3), new TargetRule.Fixed(0)));
    }

    private static void assertMessage(String part, Executable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should name " + part);
    }
}
