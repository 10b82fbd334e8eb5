package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.Quadrature;
import io.igaudit.ig.QuadratureRule;
import io.igaudit.testing.Samples;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The gradient kernels of {@link TorchScriptModel}: per-row baselines, several targets from one
 * forward pass, and the sampled gradients of Expected Gradients, against analytic answers and
 * against the one-row, one-target, one-point calls they must equal.
 */
class ModelKernelsTest {

    /** linear4.pt: f(x) = x0 - 2 x1 + 3 x2 + 0.5 x3 + 0.25. */
    private static final float[] LINEAR_WEIGHTS = {1f, -2f, 3f, 0.5f};
    private static final Quadrature GAUSS_LEGENDRE_4 = QuadratureRule.GAUSS_LEGENDRE.quadrature(4);
    private static final int WINE_FEATURES = 13;
    private static final double[][] WINE = Samples.readNumericCsv(Samples.file("wine.csv"));

    private static TorchScriptModel testModel(String name) {
        return ModelCache.get(Samples.testModel(name), DeviceChoice.CPU);
    }

    private static TorchScriptModel wine() {
        return ModelCache.get(Samples.file("wine_mlp.pt"), DeviceChoice.CPU);
    }

    /** Rows {@code first..first+count-1} of the wine sample. */
    private static float[] wineRows(int first, int count) {
        float[] upToLast = Samples.columns(WINE, first + count, 1, 1 + WINE_FEATURES);
        return Arrays.copyOfRange(upToLast, first * WINE_FEATURES, upToLast.length);
    }

    private static FeatureBatch batch(float[] values, int features) {
        return FeatureBatch.of(values, values.length / features, features);
    }

    private static float[] row(float[] values, int features, int index) {
        float[] row = new float[features];
        System.arraycopy(values, index * features, row, 0, features);
        return row;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertArrayEquals(expected, actual, 1e-6f * Math.max(maxAbs(expected), 1e-6f), what);
    }

    // ---- per-row baselines ----

    @Test
    void perRowBaselinesOnALinearModelGiveWeightsTimesEachRowsOwnDifference() {
        float[] x = {1.5f, -2f, 0.25f, 4f, /* row 1 */ -1f, 3f, 2f, -0.5f, /* row 2 */ 0f, 0f, 1f, 1f};
        float[] baselines = {0.5f, 1f, -1f, 2f, /* row 1 */ 0f, 0f, 0f, 0f, /* row 2 */ -3f, 2f, 0.5f, 7f};
        float[] gradients = testModel("linear4.pt").weightedGradients(
                batch(x, 4), batch(baselines, 4), GAUSS_LEGENDRE_4, new int[3]);
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 4; i++) {
                int at = r * 4 + i;
                assertEquals(LINEAR_WEIGHTS[i] * (x[at] - baselines[at]), gradients[at] * (x[at] - baselines[at]), 1e-5,
                        "row " + r + " feature " + i);
            }
        }
    }

    @Test
    void perRowBaselinesIntegrateEachRowsOwnPathOfAProduct() {
        // smooth.pt output 1 is x0 x1 x2, so dF/dx0 along p(α) = x' + α d is p1(α) p2(α), a quadratic
        // in α that 4 Gauss-Legendre nodes integrate exactly: x'1 x'2 + (x'1 d2 + d1 x'2) / 2 + d1 d2 / 3.
        float[] x = {1.2f, -0.7f, 2.5f, /* row 1 */ -0.4f, 0.9f, -1.8f};
        float[] baselines = {0.1f, 0.2f, -0.3f, /* row 1 */ 1f, -2f, 0.5f};
        float[] gradients = testModel("smooth.pt").weightedGradients(
                batch(x, 3), batch(baselines, 3), GAUSS_LEGENDRE_4, new int[] {1, 1});
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 3; i++) {
                int j = r * 3 + (i + 1) % 3;
                int k = r * 3 + (i + 2) % 3;
                double dj = x[j] - baselines[j];
                double dk = x[k] - baselines[k];
                double expected = baselines[j] * baselines[k] + (baselines[j] * dk + dj * baselines[k]) / 2 + dj * dk / 3;
                assertEquals(expected, gradients[r * 3 + i], 1e-5, "row " + r + " feature " + i);
            }
        }
    }

    @Test
    void perRowBaselinesEqualOneRowCallsWithEachRowsBaseline() {
        TorchScriptModel wine = wine();
        float[] x = wineRows(0, 6);
        float[] baselines = wineRows(100, 6);
        int[] targets = {0, 1, 2, 2, 1, 0};
        float[] together = wine.weightedGradients(batch(x, WINE_FEATURES), batch(baselines, WINE_FEATURES),
                GAUSS_LEGENDRE_4, targets);
        for (int r = 0; r < 6; r++) {
            float[] alone = wine.weightedGradients(batch(row(x, WINE_FEATURES, r), WINE_FEATURES),
                    batch(row(baselines, WINE_FEATURES, r), WINE_FEATURES), GAUSS_LEGENDRE_4, new int[] {targets[r]});
            assertClose(alone, row(together, WINE_FEATURES, r), "row " + r);
        }
    }

    @Test
    void aSharedBaselineRowAndTheSameRowRepeatedAgree() {
        TorchScriptModel wine = wine();
        float[] x = wineRows(10, 4);
        float[] shared = wineRows(150, 1);
        float[] repeated = new float[4 * WINE_FEATURES];
        for (int r = 0; r < 4; r++) {
            System.arraycopy(shared, 0, repeated, r * WINE_FEATURES, WINE_FEATURES);
        }
        int[] targets = {2, 0, 1, 2};
        float[] once = wine.weightedGradients(batch(x, WINE_FEATURES), batch(shared, WINE_FEATURES), GAUSS_LEGENDRE_4, targets);
        float[] perRow = wine.weightedGradients(batch(x, WINE_FEATURES), batch(repeated, WINE_FEATURES), GAUSS_LEGENDRE_4, targets);
        assertClose(once, perRow, "shared vs repeated baseline");
    }

    @Test
    void aBaselineWhoseRowCountIsNeitherOneNorTheInputsIsRejected() {
        FeatureBatch inputs = batch(new float[3 * 4], 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> testModel("linear4.pt")
                .weightedGradients(inputs, batch(new float[2 * 4], 4), GAUSS_LEGENDRE_4, new int[3]));
        assertTrue(e.getMessage().contains("baseline has 2 rows") && e.getMessage().contains("1 (shared"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> testModel("linear4.pt")
                .weightedGradients(inputs, batch(new float[3 * 2], 2), GAUSS_LEGENDRE_4, new int[3]), "row shape");
        assertThrows(IllegalArgumentException.class, () -> testModel("linear4.pt")
                .weightedGradients(inputs, batch(new float[4], 4), GAUSS_LEGENDRE_4, new int[2]), "one target per row");
    }

    // ---- several targets from one forward pass ----

    @Test
    void severalTargetsFromOneForwardPassEqualSeparateCalls() {
        TorchScriptModel wine = wine();
        float[] x = wineRows(20, 8);
        FeatureBatch inputs = batch(x, WINE_FEATURES);
        Quadrature steps = QuadratureRule.RIEMANN_MIDDLE.quadrature(20);
        int[][] targets = {{0, 0, 0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1}, {2, 0, 1, 2, 0, 1, 2, 0}};
        for (FeatureBatch baseline : new FeatureBatch[] {batch(new float[WINE_FEATURES], WINE_FEATURES),
                batch(wineRows(120, 8), WINE_FEATURES)}) {
            float[][] together = wine.weightedGradientsForTargets(inputs, baseline, steps, targets);
            assertEquals(targets.length, together.length);
            for (int j = 0; j < targets.length; j++) {
                float[] separate = wine.weightedGradients(inputs, baseline, steps, targets[j]);
                assertClose(separate, together[j], baseline.rows() + " baseline rows, target set " + j);
            }
        }
    }

    @Test
    void severalTargetsGiveDifferentGradientsForDifferentOutputs() {
        // Guards against one target's gradient leaking into the next through accumulation.
        float[][] sums = wine().weightedGradientsForTargets(batch(wineRows(0, 2), WINE_FEATURES),
                batch(new float[WINE_FEATURES], WINE_FEATURES), GAUSS_LEGENDRE_4, new int[][] {{0, 0}, {0, 0}, {1, 1}});
        assertArrayEquals(sums[0], sums[1], "the same target twice");
        assertTrue(maxAbs(sums[2]) > 0 && !Arrays.equals(sums[0], sums[2]));
    }

    // ---- sampled gradients (Expected Gradients) ----

    @Test
    void sampledGradientsOnALinearModelSumWeightsTimesEachDifference() {
        float[] x = {1.5f, -2f, 0.25f, 4f, /* row 1 */ -1f, 3f, 2f, -0.5f};
        // S = 3 references per row, sample-major: row s·B + r is reference s of input row r.
        float[] references = {
            0.5f, 1f, -1f, 2f, /* s0 r1 */ 0f, 0f, 0f, 0f,
            -3f, 2f, 0.5f, 7f, /* s1 r1 */ 1f, 1f, 1f, 1f,
            2f, -1f, 0f, 0.5f, /* s2 r1 */ -2f, 4f, 3f, 0f};
        float[] alphas = {0.1f, 0.9f, 0.5f, 0.3f, 1f, 0f};
        float[] sums = testModel("linear4.pt").sampledGradients(batch(x, 4), batch(references, 4), alphas, new int[2]);
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 4; i++) {
                double expected = 0;
                for (int s = 0; s < 3; s++) {
                    expected += LINEAR_WEIGHTS[i] * (x[r * 4 + i] - references[(s * 2 + r) * 4 + i]);
                }
                assertEquals(expected, sums[r * 4 + i], 1e-5, "row " + r + " feature " + i);
            }
        }
    }

    @Test
    void sampledGradientsEqualOnePointCallsTimesTheirDifferences() {
        checkSampledAgainstOnePointCalls(testModel("smooth.pt"), 3, new float[] {1.2f, -0.7f, 2.5f, /* row 1 */ -0.4f, 0.9f, -1.8f,
                /* row 2 */ 0.3f, 0.3f, 0.3f},
                new float[] {0.1f, 0.2f, -0.3f, 1f, -2f, 0.5f, 0f, 0f, 0f, /* s1 */ -1f, 1f, 2f, 0.5f, 0.5f, 0.5f, 2f, -1f, 1f},
                new float[] {0.25f, 0.5f, 0.75f, 0.1f, 0.9f, 0.6f}, new int[] {0, 1, 1});
        checkSampledAgainstOnePointCalls(wine(), WINE_FEATURES, wineRows(30, 4), wineRows(60, 12),
                new float[] {0.05f, 0.2f, 0.35f, 0.5f, 0.65f, 0.8f, 0.95f, 0.15f, 0.45f, 0.55f, 0.85f, 0.7f},
                new int[] {0, 1, 2, 1});
    }

    /** The sampled sum for every row equals Σ_s (x - x'_s) ⊙ (gradient at the one node α_s of x'_s → x). */
    private static void checkSampledAgainstOnePointCalls(TorchScriptModel model, int features, float[] x,
            float[] references, float[] alphas, int[] targets) {
        int rows = x.length / features;
        int samples = references.length / features / rows;
        float[] sums = model.sampledGradients(batch(x, features), batch(references, features), alphas, targets);
        for (int r = 0; r < rows; r++) {
            float[] expected = new float[features];
            float[] inputRow = row(x, features, r);
            for (int s = 0; s < samples; s++) {
                float[] reference = row(references, features, s * rows + r);
                Quadrature onePoint = new Quadrature(new double[] {alphas[s * rows + r]}, new double[] {1});
                float[] gradient = model.weightedGradients(batch(inputRow, features), batch(reference, features),
                        onePoint, new int[] {targets[r]});
                for (int i = 0; i < features; i++) {
                    expected[i] += (inputRow[i] - reference[i]) * gradient[i];
                }
            }
            assertClose(expected, row(sums, features, r), model.file().getFileName() + " row " + r);
        }
    }

    @Test
    void sampledGradientsRejectReferencesAndAlphasThatDoNotPairUp() {
        TorchScriptModel linear = testModel("linear4.pt");
        FeatureBatch inputs = batch(new float[2 * 4], 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> linear.sampledGradients(inputs, batch(new float[3 * 4], 4), new float[3], new int[2]));
        assertTrue(e.getMessage().contains("references have 3 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> linear.sampledGradients(inputs, batch(new float[4 * 4], 4), new float[2], new int[2]));
        assertTrue(e.getMessage().contains("2 alphas for 4 references"), e.getMessage());
    }
}
