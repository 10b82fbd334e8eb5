package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.LayerExplainer;
import io.igaudit.ig.LayerIntegratedGradients;
import io.igaudit.ig.QuadratureRule;
import io.igaudit.ig.TargetRule;
import io.igaudit.ig.TensorBaseline;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer path on TorchScript models with int64 and float inputs ({@code layer_*.pt}, made by
 * {@code scripts/make-sample-models.py --only layer}): exact answers on a model linear in its
 * embeddings, completeness on smooth ones, exact zeros where nothing changes, and refusals that
 * name the method.
 */
class LayerPathTest {

    private static final long PAD = 0;
    private static final long CLS = 1;
    private static final long SEP = 2;
    private static final long REFERENCE = 3;
    private static final InputBaselines TEXT_BASELINE = new InputBaselines(Map.of(
            "ids", new TensorBaseline.ReplaceIds(REFERENCE, new long[] {PAD, CLS, SEP})));
    /** Output weights of layer_bag.pt, (dim, outputs). */
    private static final double[][] BAG_W = {{1, -1}, {-2, 0.25}, {0.5, 2}, {3, -0.5}};
    private static final long[][] TEXT_ROWS = {
        {CLS, 5, 9, 12, 7, SEP, PAD, PAD},
        {CLS, 4, 4, 15, SEP, PAD, PAD, PAD},
        {CLS, 6, SEP, 8, 10, 11, 13, SEP},
    };

    private static TorchScriptModel bag;
    private static TorchScriptModel text;

    @BeforeAll
    static void load() {
        bag = TorchScriptModel.load(Samples.testModel("layer_bag.pt"), DeviceChoice.CPU);
        text = TorchScriptModel.load(Samples.testModel("layer_smooth_text.pt"), DeviceChoice.CPU);
    }

    @AfterAll
    static void close() {
        bag.close();
        text.close();
    }

    /** e(i)[d] of layer_bag.pt, written in the model script by the same formula. */
    private static double embedding(long id, int d) {
        return (Math.floorMod(7 * id + 3 * d, 11) - 5) / 4.0;
    }

    private static InputBatch textRows(long[][] rows) {
        int tokens = rows[0].length;
        long[] ids = new long[rows.length * tokens];
        long[] mask = new long[ids.length];
        for (int r = 0; r < rows.length; r++) {
            for (int t = 0; t < tokens; t++) {
                ids[r * tokens + t] = rows[r][t];
                mask[r * tokens + t] = rows[r][t] == PAD ? 0 : 1;
            }
        }
        return InputBatch.of(InputTensor.ofLongs("ids", ids, rows.length, tokens),
                InputTensor.ofLongs("mask", mask, rows.length, tokens));
    }

    private static Attributions explain(TorchScriptModel model, InputBatch rows, TargetRule rule, IgOptions options) {
        AdaptiveAttributions result = new LayerExplainer(model.layerPath(), options, TEXT_BASELINE).explain(rows, rule);
        return result.attributions();
    }

    @Test
    void aBagOfEmbeddingsGetsItsExactAnswerForEveryTarget() {
        Attributions result = explain(bag, textRows(TEXT_ROWS), new TargetRule.Several(new int[] {0, 1}),
                Defaults.integration());
        int tokens = TEXT_ROWS[0].length;
        assertEquals(TEXT_ROWS.length * 2, result.rows());
        assertEquals(tokens, result.elementsPerRow());
        for (int r = 0; r < TEXT_ROWS.length; r++) {
            long length = java.util.Arrays.stream(TEXT_ROWS[r]).filter(id -> id != PAD).count();
            for (int c = 0; c < 2; c++) {
                float[] row = result.row(r * 2 + c);
                assertEquals(c, result.targets()[r * 2 + c]);
                for (int t = 0; t < tokens; t++) {
                    long id = TEXT_ROWS[r][t];
                    long reference = id == PAD || id == CLS || id == SEP ? id : REFERENCE;
                    double expected = 0;
                    for (int d = 0; d < BAG_W.length; d++) {
                        expected += BAG_W[d][c] * (embedding(id, d) - embedding(reference, d));
                    }
                    expected = id == PAD ? 0 : expected / length;
                    assertEquals(expected, row[t], 1e-5, "row " + r + ", target " + c + ", token " + t);
                    if (reference == id) {
                        assertEquals(0f, row[t], 0f, "kept token " + id + " at " + t + " must get exactly 0");
                    }
                }
                assertEquals(0, result.deltas()[r * 2 + c], 1e-5, "linear model: completeness is exact");
            }
        }
    }

    @Test
    void predictionsAndBaselinePredictionsAreTheWholeModelsOutputs() {
        InputBatch rows = textRows(TEXT_ROWS);
        Attributions result = explain(bag, rows, new TargetRule.Fixed(1), Defaults.integration());
        LayerPath layer = bag.layerPath();
        var atInputs = layer.evaluate(rows);
        var atBaseline = layer.evaluate(TEXT_BASELINE.of(rows, new long[rows.rows()]));
        for (int r = 0; r < rows.rows(); r++) {
            assertEquals(atInputs.value(r, 1), result.predictions()[r], 0f);
            assertEquals(atBaseline.value(r, 1), result.baselinePredictions()[r], 0f);
            assertFalse(result.predictions()[r] == result.baselinePredictions()[r], "the baseline must differ");
        }
    }

    @Test
    void appendingPadTokensChangesNothingAndPaddedPositionsGetExactlyZero() {
        long[][] longer = new long[TEXT_ROWS.length][];
        for (int r = 0; r < TEXT_ROWS.length; r++) {
            longer[r] = java.util.Arrays.copyOf(TEXT_ROWS[r], TEXT_ROWS[r].length + 5); // PAD = 0
        }
        for (TorchScriptModel model : List.of(bag, text)) {
            Attributions shorter = explain(model, textRows(TEXT_ROWS), new TargetRule.Fixed(1), Defaults.integration());
            Attributions padded = explain(model, textRows(longer), new TargetRule.Fixed(1), Defaults.integration());
            int tokens = TEXT_ROWS[0].length;
            for (int r = 0; r < TEXT_ROWS.length; r++) {
                float[] a = shorter.row(r);
                float[] b = padded.row(r);
                for (int t = 0; t < tokens; t++) {
                    assertEquals(a[t], b[t], 1e-6 * (1 + Math.abs(a[t])), model.file() + " row " + r + " token " + t);
                }
                for (int t = 0; t < longer[r].length; t++) {
                    if (longer[r][t] == PAD) {
                        assertEquals(0f, b[t], 0f, model.file() + ": padded position " + t + " of row " + r);
                    }
                }
                assertEquals(shorter.predictions()[r], padded.predictions()[r], 1e-6);
                assertEquals(shorter.deltas()[r], padded.deltas()[r], 1e-5);
            }
        }
    }

    @Test
    void paddedPositionsGetExactlyZeroEvenWhenPadIsNotKept() {
        InputBaselines padReplaced = new InputBaselines(Map.of(
                "ids", new TensorBaseline.ReplaceIds(REFERENCE, new long[] {CLS, SEP})));
        Attributions result = new LayerExplainer(text.layerPath(), Defaults.integration(), padReplaced)
                .explain(textRows(TEXT_ROWS), new TargetRule.Fixed(0)).attributions();
        for (int r = 0; r < TEXT_ROWS.length; r++) {
            float[] row = result.row(r);
            for (int t = 0; t < row.length; t++) {
                if (TEXT_ROWS[r][t] == PAD) {
                    assertEquals(0f, row[t], 0f, "mask 0 at row " + r + ", token " + t);
                } else if (TEXT_ROWS[r][t] != CLS && TEXT_ROWS[r][t] != SEP) {
                    assertTrue(row[t] != 0f, "a replaced word gets an attribution: row " + r + ", token " + t);
                }
            }
        }
    }

    @Test
    void theSmoothTextModelIsCompleteWithEnoughSteps() {
        InputBatch rows = textRows(TEXT_ROWS);
        Attributions coarse = explain(text, rows, new TargetRule.Predicted(),
                Defaults.integration().withRule(QuadratureRule.RIEMANN_RIGHT, 4));
        Attributions fine = explain(text, rows, new TargetRule.Predicted(),
                Defaults.integration().withRule(QuadratureRule.GAUSS_LEGENDRE, 64));
        double coarseError = 0;
        for (int r = 0; r < rows.rows(); r++) {
            double change = fine.predictions()[r] - fine.baselinePredictions()[r];
            assertTrue(Math.abs(change) > 1e-3, "the baseline must change the output, row " + r);
            assertEquals(0, fine.deltas()[r], 1e-4 * (1 + Math.abs(change)), "row " + r);
            coarseError = Math.max(coarseError, Math.abs(coarse.deltas()[r]));
        }
        assertTrue(coarseError > 1e-4, "4 Riemann steps should leave a visible delta, got " + coarseError);
    }

    @Test
    void theMemoryBoundSplitsStepsWithTheSameResult() {
        InputBatch rows = textRows(TEXT_ROWS);
        int[][] targets = {{0, 1, 2}, {2, 2, 0}};
        InputBatch baseline = TEXT_BASELINE.of(rows, new long[rows.rows()]);
        Attributions whole = new LayerIntegratedGradients(text.layerPath(), Defaults.integration())
                .attribute(rows, baseline, targets);
        // one step of 3 rows × 8 tokens × 6 dims is 144 layer elements: 300 allows 2 steps per pass
        Attributions split = new LayerIntegratedGradients(text.layerPath(), Defaults.integration().withMaxElementsPerPass(300))
                .attribute(rows, baseline, targets);
        assertArrayEquals(whole.targets(), split.targets());
        for (int i = 0; i < whole.values().length; i++) {
            assertEquals(whole.values()[i], split.values()[i], 1e-6 * (1 + Math.abs(whole.values()[i])), "value " + i);
        }
    }

    @Test
    void severalThreadsShareOneModel() throws Exception {
        InputBatch rows = textRows(TEXT_ROWS);
        Attributions expected = explain(text, rows, new TargetRule.Several(new int[] {0, 2}), Defaults.integration());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Attributions>> results = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                results.add(pool.submit(() -> explain(text, rows, new TargetRule.Several(new int[] {0, 2}),
                        Defaults.integration().withMaxElementsPerPass(500))));
            }
            for (Future<Attributions> result : results) {
                float[] actual = result.get().values();
                for (int i = 0; i < actual.length; i++) {
                    assertEquals(expected.values()[i], actual[i], 1e-6 * (1 + Math.abs(actual[i])), "value " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mixedCategoricalAndNumericInputsAreAttributedPerColumn() {
        int rows = 5;
        Random random = new Random(3);
        long[] codes = new long[rows * 3];
        float[] numbers = new float[rows * 2];
        int[] sizes = {4, 5, 3};
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < 3; c++) {
                codes[r * 3 + c] = random.nextInt(sizes[c]);
            }
            numbers[r * 2] = (float) random.nextGaussian();
            numbers[r * 2 + 1] = r == 0 ? 0f : (float) random.nextGaussian(); // row 0: at its baseline
        }
        codes[0] = 0; // row 0, column 0: at its reference category
        InputBatch batch = InputBatch.of(InputTensor.ofLongs("codes", codes, rows, 3),
                InputTensor.ofFloats("numbers", numbers, rows, 2));
        InputBaselines baselines = new InputBaselines(Map.of(
                "codes", new TensorBaseline.ReferenceCategories(new long[] {0, 0, 0}),
                "numbers", new TensorBaseline.Floats(new FixedBaselines(new float[2], 1, new int[] {2}, "zeros"))));
        try (TorchScriptModel mixed = TorchScriptModel.load(Samples.testModel("layer_mixed.pt"), DeviceChoice.CPU)) {
            Attributions result = new LayerExplainer(mixed.layerPath(),
                    Defaults.integration().withRule(QuadratureRule.GAUSS_LEGENDRE, 64), baselines)
                    .explain(batch, new TargetRule.Several(new int[] {0, 1, 2})).attributions();
            assertEquals(3 + 2, result.elementsPerRow(), "3 categorical columns, then 2 numeric columns");
            assertEquals(rows * 3, result.rows());
            for (int i = 0; i < result.rows(); i++) {
                double change = result.predictions()[i] - result.baselinePredictions()[i];
                assertEquals(0, result.deltas()[i], 1e-4 * (1 + Math.abs(change)), "result row " + i);
            }
            for (int t = 0; t < 3; t++) {
                assertEquals(0f, result.row(t)[0], 0f, "column at its reference category, target " + t);
                assertEquals(0f, result.row(t)[4], 0f, "numeric column at its baseline, target " + t);
            }
        }
    }

    @Test
    void aModelWhoseRestDisagreesWithForwardIsRefusedByName() {
        try (TorchScriptModel mismatch = TorchScriptModel.load(Samples.testModel("layer_mismatch.pt"), DeviceChoice.CPU)) {
            ModelException e = assertThrows(ModelException.class,
                    () -> mismatch.checkLayer(textRows(TEXT_ROWS)));
            assertTrue(e.getMessage().contains("ig_from_layer(ig_layer(x), x) differs from forward(x)"), e.getMessage());
            ModelException onFirstBatch = assertThrows(ModelException.class,
                    () -> explain(mismatch, textRows(TEXT_ROWS), new TargetRule.Fixed(0), Defaults.integration()));
            assertTrue(onFirstBatch.getMessage().contains("ig_from_layer"), onFirstBatch.getMessage());
        }
    }

    @Test
    void aModelExportingOnlyTheLayerIsRefusedAtLoadNamingTheMissingMethod() {
        ModelException e = assertThrows(ModelException.class,
                () -> TorchScriptModel.load(Samples.testModel("layer_without_rest.pt"), DeviceChoice.CPU));
        assertTrue(e.getMessage().contains("exports ig_layer but not ig_from_layer"), e.getMessage());
    }

    @Test
    void aLayerTupleWhosePartsDisagreeOnRowsIsRefused() {
        try (TorchScriptModel ragged = TorchScriptModel.load(Samples.testModel("layer_ragged_tuple.pt"), DeviceChoice.CPU)) {
            ModelException e = assertThrows(ModelException.class, () -> ragged.checkLayer(textRows(TEXT_ROWS)));
            assertTrue(e.getMessage().contains("part 1 of ig_layer's tuple") && e.getMessage().contains("disagree on rows"),
                    e.getMessage());
        }
    }

    @Test
    void anIdBeyondTheEmbeddingIsNamedWithTheLargestId() {
        long[][] rows = {{CLS, 5, 99, SEP}};
        ModelException e = assertThrows(ModelException.class, () -> bag.layerPath().evaluate(textRows(rows)));
        assertTrue(e.getMessage().contains("out of range") && e.getMessage().contains("ids 99"), e.getMessage());
    }

    @Test
    void aModelWithoutTheLayerSplitHasNoLayerPath() {
        try (TorchScriptModel plain = TorchScriptModel.load(Samples.testModel("smooth.pt"), DeviceChoice.CPU)) {
            assertFalse(plain.exportsLayer());
            ModelException e = assertThrows(ModelException.class, plain::layerPath);
            assertTrue(e.getMessage().contains("ig_layer") && e.getMessage().contains("ig_from_layer"), e.getMessage());
        }
        assertTrue(bag.exportsLayer());
    }
}
