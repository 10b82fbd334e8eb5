package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Defaults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer Integrated Gradients over {@link AnalyticLayers}: exact answers, completeness, chunking, inputs untouched. */
class LayerIntegratedGradientsTest {

    private static final long PAD = 0;
    private static final long CLS = 1;
    private static final long SEP = 2;
    private static final long REFERENCE = 3;
    private static final long[][] ROWS = {
        {CLS, 5, 9, 11, SEP, PAD},
        {CLS, 4, 4, SEP, PAD, PAD},
        {CLS, 6, 7, 8, 10, SEP},
    };
    private static final float[] NUMBERS = {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f};
    private static final TensorBaseline IDS_BASELINE = new TensorBaseline.ReplaceIds(REFERENCE, new long[] {PAD, CLS, SEP});
    private static final InputBaselines TEXT_BASELINES = new InputBaselines(Map.of("ids", IDS_BASELINE));
    private static final InputBaselines MIXED_BASELINES = new InputBaselines(Map.of("ids", IDS_BASELINE,
            "numbers", new TensorBaseline.Floats(new FixedBaselines(new float[2], 1, new int[] {2}, "zeros"))));

    private static InputBatch rows(boolean withNumbers) {
        int tokens = ROWS[0].length;
        long[] ids = new long[ROWS.length * tokens];
        long[] mask = new long[ids.length];
        for (int r = 0; r < ROWS.length; r++) {
            for (int t = 0; t < tokens; t++) {
                ids[r * tokens + t] = ROWS[r][t];
                mask[r * tokens + t] = ROWS[r][t] == PAD ? 0 : 1;
            }
        }
        List<InputTensor> tensors = new ArrayList<>(List.of(InputTensor.ofLongs("ids", ids, ROWS.length, tokens),
                InputTensor.ofLongs("mask", mask, ROWS.length, tokens)));
        if (withNumbers) {
            tensors.add(InputTensor.ofFloats("numbers", NUMBERS, ROWS.length, 2));
        }
        return new InputBatch(tensors);
    }

    private static Attributions attribute(AnalyticLayers model, InputBatch inputs, IgOptions options, int[][] targets) {
        return new LayerIntegratedGradients(model, options)
                .attribute(inputs, baselines(inputs).of(inputs, new long[inputs.rows()]), targets);
    }

    private static InputBaselines baselines(InputBatch inputs) {
        return inputs.size() == 3 ? MIXED_BASELINES : TEXT_BASELINES;
    }

    private static int[][] allTargets(int outputs, int rows) {
        int[][] targets = new int[outputs][rows];
        for (int c = 0; c < outputs; c++) {
            Arrays.fill(targets[c], c);
        }
        return targets;
    }

    @Test
    void aModelLinearInItsLayerGetsTheExactAnswerPerTokenAndColumn() {
        AnalyticLayers model = AnalyticLayers.withNumbers(false);
        InputBatch inputs = rows(true);
        Attributions result = attribute(model, inputs, Defaults.integration(), allTargets(2, ROWS.length));
        int tokens = ROWS[0].length;
        assertEquals(tokens + 2, result.elementsPerRow(), "one value per token, then one per number");
        for (int r = 0; r < ROWS.length; r++) {
            long length = Arrays.stream(ROWS[r]).filter(id -> id != PAD).count();
            for (int c = 0; c < 2; c++) {
                float[] row = result.row(r * 2 + c);
                for (int t = 0; t < tokens; t++) {
                    long id = ROWS[r][t];
                    boolean kept = id == PAD || id == CLS || id == SEP;
                    double expected = 0;
                    for (int d = 0; d < 3; d++) {
                        expected += model.w[c][d] * (model.table[(int) id][d] - model.table[(int) REFERENCE][d]);
                    }
                    expected = kept ? 0 : expected / length;
                    assertEquals(expected, row[t], 1e-6, "row " + r + ", target " + c + ", token " + t);
                    if (kept) {
                        assertEquals(0f, row[t], 0f, "a kept token gets exactly 0");
                    }
                }
                for (int j = 0; j < 2; j++) {
                    assertEquals(model.v[c][j] * NUMBERS[r * 2 + j], row[tokens + j], 1e-6, "number " + j);
                }
                assertEquals(0, result.deltas()[r * 2 + c], 1e-5);
            }
        }
    }

    @Test
    void theDeltaVanishesOnASmoothModelAsStepsGrow() {
        AnalyticLayers model = AnalyticLayers.withNumbers(true);
        InputBatch inputs = rows(true);
        Attributions coarse = attribute(model, inputs, Defaults.integration().withRule(QuadratureRule.RIEMANN_RIGHT, 3),
                allTargets(2, ROWS.length));
        Attributions fine = attribute(model, inputs, Defaults.integration(), allTargets(2, ROWS.length));
        double worstCoarse = 0;
        for (int i = 0; i < fine.rows(); i++) {
            double change = fine.predictions()[i] - fine.baselinePredictions()[i];
            assertTrue(Math.abs(change) > 1e-3, "row " + i + " must move away from its baseline");
            assertEquals(0, fine.deltas()[i], 1e-5 * (1 + Math.abs(change)), "row " + i);
            double sum = 0;
            for (float value : fine.row(i)) {
                sum += value;
            }
            assertEquals(sum - change, fine.deltas()[i], 1e-5, "delta = Σ attributions − (F(x) − F(x'))");
            worstCoarse = Math.max(worstCoarse, Math.abs(coarse.deltas()[i]));
        }
        assertTrue(worstCoarse > 1e-3, "3 Riemann steps must leave a delta, got " + worstCoarse);
    }

    @Test
    void theOriginalInputsGoToEveryStepUnchangedAndTheLayerRunsOncePerSide() {
        AnalyticLayers model = AnalyticLayers.text(true);
        InputBatch inputs = rows(false);
        InputBatch baseline = baselines(inputs).of(inputs, new long[inputs.rows()]);
        new LayerIntegratedGradients(model, Defaults.integration().withMaxElementsPerPass(200))
                .attribute(inputs, baseline, allTargets(2, ROWS.length));
        assertTrue(model.inputsSeen.size() > 1, "the bound must split the steps");
        for (InputBatch seen : model.inputsSeen) {
            assertSame(inputs, seen, "every pass gets the original inputs, masks included, never the baseline");
        }
        assertEquals(List.of(inputs, baseline), model.layerCalls, "the layer runs once on the rows, once on the baseline");
    }

    @Test
    void theMemoryBoundSplitsStepsWithTheSameResult() {
        InputBatch inputs = rows(true);
        int[][] targets = {{0, 1, 1}, {1, 0, 0}};
        AnalyticLayers whole = AnalyticLayers.withNumbers(true);
        AnalyticLayers chunked = AnalyticLayers.withNumbers(true);
        IgOptions options = Defaults.integration().withRule(QuadratureRule.GAUSS_LEGENDRE, 20);
        Attributions expected = attribute(whole, inputs, options, targets);
        // a step of 3 rows × (6 tokens × 3 dims + 2 numbers) is 60 layer elements
        Attributions actual = attribute(chunked, inputs, options.withMaxElementsPerPass(150), targets);
        assertEquals(List.of(1200L), whole.elementsPerPass);
        assertEquals(10, chunked.elementsPerPass.size());
        chunked.elementsPerPass.forEach(elements -> assertTrue(elements <= 150, elements + " elements in one pass"));
        double[] nodes = options.rule().quadrature(20).alphas();
        assertEquals(Arrays.stream(nodes).boxed().toList(), chunked.alphasSeen, "every node once, in order");
        for (int i = 0; i < expected.values().length; i++) {
            assertEquals(expected.values()[i], actual.values()[i], 1e-6 * (1 + Math.abs(expected.values()[i])));
        }
    }

    @Test
    void severalTargetsGiveWhatEachTargetGivesAlone() {
        AnalyticLayers model = AnalyticLayers.withNumbers(true);
        InputBatch inputs = rows(true);
        int[][] both = {{0, 1, 0}, {1, 1, 0}};
        Attributions together = attribute(model, inputs, Defaults.integration(), both);
        for (int t = 0; t < 2; t++) {
            Attributions alone = attribute(model, inputs, Defaults.integration(), new int[][] {both[t]});
            for (int r = 0; r < ROWS.length; r++) {
                assertArrayEquals(alone.row(r), together.row(r * 2 + t), "row " + r + ", target set " + t);
                assertEquals(both[t][r], together.targets()[r * 2 + t]);
                assertEquals(alone.deltas()[r], together.deltas()[r * 2 + t], 0f);
            }
        }
    }

    @Test
    void withoutMultiplyingByTheDifferenceTheSummedPathGradientIsGiven() {
        AnalyticLayers model = AnalyticLayers.text(false);
        InputBatch inputs = rows(false);
        Attributions result = attribute(model, inputs, Defaults.integration().withMultiplyByInputs(false), new int[][] {{1, 1, 1}});
        for (int r = 0; r < ROWS.length; r++) {
            long length = Arrays.stream(ROWS[r]).filter(id -> id != PAD).count();
            double weightSum = Arrays.stream(model.w[1]).sum();
            float[] row = result.row(r);
            for (int t = 0; t < ROWS[r].length; t++) {
                double expected = ROWS[r][t] == PAD ? 0 : weightSum / length; // ∂F/∂l summed over the dimension
                assertEquals(expected, row[t], 1e-6, "row " + r + ", token " + t);
            }
        }
    }

    @Test
    void aSharedBaselineRowIsAppliedToEveryRow() {
        AnalyticLayers model = AnalyticLayers.text(true);
        InputBatch inputs = rows(false).select(new int[] {0, 0});
        InputBatch oneRow = baselines(inputs).of(inputs, new long[2]).select(new int[] {0});
        Attributions shared = new LayerIntegratedGradients(model, Defaults.integration())
                .attribute(inputs, oneRow, new int[][] {{0, 1}});
        Attributions perRow = new LayerIntegratedGradients(model, Defaults.integration())
                .attribute(inputs, oneRow.select(new int[] {0, 0}), new int[][] {{0, 1}});
        assertArrayEquals(perRow.values(), shared.values());
    }

    @Test
    void badLayoutsAreRefused() {
        AnalyticLayers model = AnalyticLayers.text(false);
        InputBatch inputs = rows(false);
        LayerIntegratedGradients ig = new LayerIntegratedGradients(model, Defaults.integration());
        InputBatch baseline = baselines(inputs).of(inputs, new long[inputs.rows()]);
        assertThrows(IllegalArgumentException.class, () -> ig.attribute(inputs, baseline, new int[][] {{0, 2, 0}}));
        assertThrows(IllegalArgumentException.class, () -> ig.attribute(inputs, baseline, new int[][] {{0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> ig.attribute(inputs, baseline.select(new int[] {0, 1}),
                new int[][] {{0, 0, 0}}));
        InputBatch floatMask = InputBatch.of(inputs.tensor(0),
                InputTensor.ofFloats("mask", new float[inputs.rows() * 6], inputs.rows(), 6));
        assertThrows(IllegalArgumentException.class, () -> ig.attribute(inputs, floatMask, new int[][] {{0, 0, 0}}));
    }

    @Test
    void theExplainerResolvesTargetsAndMakesEachRowsBaseline() {
        AnalyticLayers model = AnalyticLayers.withNumbers(true);
        InputBatch inputs = rows(true);
        LayerExplainer explainer = new LayerExplainer(model, Defaults.integration(), MIXED_BASELINES);
        AdaptiveAttributions predicted = explainer.explain(inputs, new TargetRule.Predicted());
        ModelOutputs outputs = model.evaluate(inputs);
        for (int r = 0; r < inputs.rows(); r++) {
            assertEquals(outputs.argmax(r), predicted.attributions().targets()[r]);
            assertEquals(outputs.value(r, outputs.argmax(r)), predicted.attributions().predictions()[r], 0f);
        }
        AdaptiveAttributions several = explainer.explain(inputs, new TargetRule.Several(new int[] {1, 0}));
        Attributions direct = attribute(model, inputs, Defaults.integration(), new int[][] {{1, 1, 1}, {0, 0, 0}});
        assertArrayEquals(direct.values(), several.attributions().values());
        assertEquals(Defaults.integration().steps(), several.stepsUsed()[0]);
        assertTrue(several.converged()[5]);
    }
}
