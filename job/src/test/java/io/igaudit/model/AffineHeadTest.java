package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The affine-head fast path: models that export {@code ig_affine_head} and {@code ig_tail} must
 * get the attributions of the plain path (the fast path only reorders exact linear algebra), and
 * a split that is not what it claims must be refused with a message that names the method.
 */
class AffineHeadTest {

    private static final int MLP_FEATURES = 5;
    private static final int MLP_OUTPUTS = 3;

    private static TorchScriptModel split(String name, boolean useAffineHead) {
        return TorchScriptModel.load(Samples.testModel(name), DeviceChoice.CPU, useAffineHead);
    }

    private static float[] gaussian(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    @Test
    void aModelThatExportsTheSplitTakesTheFastPathUnlessToldNotTo() {
        try (TorchScriptModel fast = split("split_mlp.pt", true);
                TorchScriptModel plain = split("split_mlp.pt", false);
                TorchScriptModel unsplit = TorchScriptModel.load(Samples.testModel("smooth.pt"), DeviceChoice.CPU)) {
            assertTrue(fast.usesAffineHead());
            assertFalse(plain.usesAffineHead());
            assertFalse(unsplit.usesAffineHead());
        }
    }

    @Test
    void theFastPathGivesThePlainPathsIntegralForEveryTargetBaselineAndChunking() {
        int rows = 7;
        FeatureBatch inputs = FeatureBatch.of(gaussian(rows * MLP_FEATURES, 1), rows, MLP_FEATURES);
        FeatureBatch sharedBaseline = FeatureBatch.of(gaussian(MLP_FEATURES, 2), 1, MLP_FEATURES);
        FeatureBatch perRowBaselines = FeatureBatch.of(gaussian(rows * MLP_FEATURES, 3), rows, MLP_FEATURES);
        int[][] targets = new int[MLP_OUTPUTS][rows];
        for (int t = 0; t < MLP_OUTPUTS; t++) {
            for (int r = 0; r < rows; r++) {
                targets[t][r] = (t + r) % MLP_OUTPUTS;
            }
        }
        Quadrature steps = QuadratureRule.GAUSS_LEGENDRE.quadrature(20);
        try (TorchScriptModel fast = split("split_mlp.pt", true);
                TorchScriptModel plain = split("split_mlp.pt", false)) {
            for (FeatureBatch baseline : List.of(sharedBaseline, perRowBaselines)) {
                float[][] expected = plain.pathIntegrals(inputs, baseline, steps, targets, Long.MAX_VALUE);
                // one pass for all steps, and one step per pass (the head's output has 8 values per row)
                for (long bound : new long[] {Long.MAX_VALUE, 1}) {
                    float[][] actual = fast.pathIntegrals(inputs, baseline, steps, targets, bound);
                    for (int t = 0; t < MLP_OUTPUTS; t++) {
                        assertClose(expected[t], actual[t], 1e-5, "target set " + t + ", bound " + bound);
                    }
                }
            }
        }
    }

    @Test
    void fastPathAttributionsAreCompleteAndMatchThePlainPathThroughIntegratedGradients() {
        int rows = 16;
        FeatureBatch inputs = FeatureBatch.of(gaussian(rows * MLP_FEATURES, 4), rows, MLP_FEATURES);
        FeatureBatch zero = FeatureBatch.of(new float[MLP_FEATURES], 1, MLP_FEATURES);
        IgOptions options = Defaults.integration().withMaxElementsPerPass(64);
        try (TorchScriptModel fast = split("split_mlp.pt", true);
                TorchScriptModel plain = split("split_mlp.pt", false)) {
            Attributions viaHead = new IntegratedGradients(fast, options).attribute(inputs, zero, new TargetRule.Predicted());
            Attributions viaInputs = new IntegratedGradients(plain, options).attribute(inputs, zero, new TargetRule.Predicted());
            assertClose(viaInputs.values(), viaHead.values(), 1e-5, "attributions");
            for (int r = 0; r < rows; r++) {
                float gap = viaHead.predictions()[r] - viaHead.baselinePredictions()[r];
                // smooth model, 50 Gauss-Legendre steps: the sum of attributions is F(x) - F(x') to float precision
                assertEquals(0, viaHead.deltas()[r], 1e-4 * (1 + Math.abs(gap)), "delta of row " + r);
            }
        }
    }

    @Test
    void aConvolutionHeadWithSeveralOutputDimensionsGivesThePlainPathsIntegral() {
        int rows = 5;
        int[] image = {1, 4, 4};
        FeatureBatch inputs = FeatureBatch.of(gaussian(rows * 16, 5), rows, image);
        FeatureBatch zero = FeatureBatch.of(new float[16], 1, image);
        FeatureBatch perRowBaselines = FeatureBatch.of(gaussian(rows * 16, 9), rows, image);
        int[][] targets = {{0, 1, 0, 1, 1}, {1, 0, 1, 0, 0}};
        Quadrature steps = QuadratureRule.GAUSS_LEGENDRE.quadrature(32);
        try (TorchScriptModel fast = split("split_conv.pt", true);
                TorchScriptModel plain = split("split_conv.pt", false)) {
            assertTrue(fast.usesAffineHead());
            for (FeatureBatch baseline : List.of(zero, perRowBaselines)) {
                float[][] expected = plain.pathIntegrals(inputs, baseline, steps, targets, Long.MAX_VALUE);
                float[][] actual = fast.pathIntegrals(inputs, baseline, steps, targets, 100);
                for (int t = 0; t < targets.length; t++) {
                    assertClose(expected[t], actual[t], 1e-5, "conv head, target set " + t);
                }
            }
        }
    }

    @Test
    void oneFastPathModelServesSeveralThreadsAtOnce() throws Exception {
        int rows = 6;
        int calls = 12;
        Quadrature steps = QuadratureRule.GAUSS_LEGENDRE.quadrature(16);
        FeatureBatch zero = FeatureBatch.of(new float[MLP_FEATURES], 1, MLP_FEATURES);
        int[][] targets = {{0, 1, 2, 0, 1, 2}, {2, 2, 1, 1, 0, 0}};
        List<FeatureBatch> batches = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            batches.add(FeatureBatch.of(gaussian(rows * MLP_FEATURES, 100 + i), rows, MLP_FEATURES));
        }
        try (TorchScriptModel fast = split("split_mlp.pt", true);
                TorchScriptModel plain = split("split_mlp.pt", false)) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<float[][]>> results = new ArrayList<>();
                for (FeatureBatch batch : batches) {
                    results.add(pool.submit(() -> fast.pathIntegrals(batch, zero, steps, targets, 40)));
                }
                for (int i = 0; i < calls; i++) {
                    float[][] expected = plain.pathIntegrals(batches.get(i), zero, steps, targets, Long.MAX_VALUE);
                    float[][] actual = results.get(i).get();
                    for (int t = 0; t < targets.length; t++) {
                        assertClose(expected[t], actual[t], 1e-5, "call " + i + ", target set " + t);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theWideBenchmarkMlpGivesThePlainPathsIntegral() {
        int rows = 4;
        int features = 256;
        FeatureBatch inputs = FeatureBatch.of(gaussian(rows * features, 6), rows, features);
        FeatureBatch zero = FeatureBatch.of(new float[features], 1, features);
        int[][] targets = {{0, 3, 7, 9}};
        Quadrature steps = QuadratureRule.GAUSS_LEGENDRE.quadrature(50);
        Path wide = Samples.file("wide_mlp.pt");
        try (TorchScriptModel fast = TorchScriptModel.load(wide, DeviceChoice.CPU, true);
                TorchScriptModel plain = TorchScriptModel.load(wide, DeviceChoice.CPU, false)) {
            assertTrue(fast.usesAffineHead());
            float[] expected = plain.pathIntegrals(inputs, zero, steps, targets, 1L << 18)[0];
            float[] actual = fast.pathIntegrals(inputs, zero, steps, targets, 1L << 18)[0];
            assertClose(expected, actual, 1e-4, "wide MLP");
        }
    }

    @Test
    void aHeadThatIsNotAffineIsRefusedByName() {
        String message = refusalOnFirstBatch("split_not_affine.pt", 7, 0);
        assertTrue(message.contains("ig_affine_head is not affine"), message);
        assertTrue(message.contains("split_not_affine.pt"), message);
    }

    @Test
    void aTailThatDoesNotReproduceForwardIsRefusedByName() {
        String message = refusalOnFirstBatch("split_tail_mismatch.pt", 8, 1);
        assertTrue(message.contains("ig_tail(ig_affine_head(x)) differs from forward(x)"), message);
    }

    /** The message of the ModelException that IG on 4 random rows of a split model must throw. */
    private static String refusalOnFirstBatch(String name, long seed, int target) {
        FeatureBatch inputs = FeatureBatch.of(gaussian(4 * MLP_FEATURES, seed), 4, MLP_FEATURES);
        FeatureBatch zero = FeatureBatch.of(new float[MLP_FEATURES], 1, MLP_FEATURES);
        try (TorchScriptModel model = split(name, true)) {
            return assertThrows(ModelException.class, () -> new IntegratedGradients(model, Defaults.integration())
                    .attribute(inputs, zero, new TargetRule.Fixed(target))).getMessage();
        }
    }

    @Test
    void aHeadWithoutATailIsRefusedAtLoad() {
        ModelException e = assertThrows(ModelException.class, () -> split("split_head_without_tail.pt", true));
        assertTrue(e.getMessage().contains("exports ig_affine_head but not ig_tail"), e.getMessage());
    }

    private static void assertClose(float[] expected, float[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        double scale = 0;
        for (float value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        assertTrue(scale > 0, what + ": the expected values are all zero, so the comparison would prove nothing");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * scale, what + ": element " + i);
        }
    }
}
