package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.igaudit.ig.Attributions;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.LayerIntegratedGradients;
import io.igaudit.ig.TensorBaseline;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Layer attributions against layer IG computed in PyTorch with Captum's formulas (the layer
 * interpolated step-major, the original inputs repeated, float32) by
 * {@code scripts/make-sample-models.py --only layer}, which writes the inputs beside the results.
 */
class LayerReferenceTest {

    @Test
    void theSmoothTextModelMatchesCaptumsFormulas() {
        double[][] reference = Samples.readNumericCsv(Samples.file("reference/layer_smooth_text_gausslegendre_50.csv"));
        int tokens = 8;
        InputBatch inputs = InputBatch.of(
                InputTensor.ofLongs("ids", longColumns(reference, 5 + tokens, tokens), reference.length, tokens),
                InputTensor.ofLongs("mask", longColumns(reference, 5 + 2 * tokens, tokens), reference.length, tokens));
        compareWithReplacedIds("layer_smooth_text.pt", reference, inputs, tokens);
    }

    /** A text model's layer IG against its reference, ids replaced by 3 in the baseline (PAD 0, CLS 1, SEP 2 kept). */
    static void compareWithReplacedIds(String modelName, double[][] reference, InputBatch inputs, int tokens) {
        InputBaselines baselines = new InputBaselines(Map.of("ids", new TensorBaseline.ReplaceIds(3, new long[] {0, 1, 2})));
        compare(modelName, reference, inputs, baselines, tokens);
    }

    @Test
    void theMixedModelMatchesCaptumsFormulas() {
        double[][] reference = Samples.readNumericCsv(Samples.file("reference/layer_mixed_gausslegendre_50.csv"));
        int features = 5;
        float[] numbers = new float[reference.length * 2];
        for (int r = 0; r < reference.length; r++) {
            numbers[2 * r] = (float) reference[r][5 + features + 3];
            numbers[2 * r + 1] = (float) reference[r][5 + features + 4];
        }
        InputBatch inputs = InputBatch.of(
                InputTensor.ofLongs("codes", longColumns(reference, 5 + features, 3), reference.length, 3),
                InputTensor.ofFloats("numbers", numbers, reference.length, 2));
        InputBaselines baselines = new InputBaselines(Map.of(
                "codes", new TensorBaseline.ReferenceCategories(new long[] {0, 0, 0}),
                "numbers", new TensorBaseline.Floats(new FixedBaselines(new float[2], 1, new int[] {2}, "zeros"))));
        compare("layer_mixed.pt", reference, inputs, baselines, features);
    }

    private static void compare(String modelName, double[][] reference, InputBatch inputs, InputBaselines baselines,
            int features) {
        int rows = reference.length;
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = (int) reference[r][1];
        }
        try (TorchScriptModel model = TorchScriptModel.load(Samples.testModel(modelName), DeviceChoice.CPU)) {
            Attributions result = new LayerIntegratedGradients(model.layerPath(), Defaults.integration())
                    .attribute(inputs, baselines.of(inputs, new long[rows]), new int[][] {targets});
            for (int r = 0; r < rows; r++) {
                double[] ref = reference[r];
                assertEquals(ref[2], result.predictions()[r], 1e-5 * (1 + Math.abs(ref[2])), "F(x) row " + r);
                assertEquals(ref[3], result.baselinePredictions()[r], 1e-5 * (1 + Math.abs(ref[3])), "F(x') row " + r);
                double scale = 1e-3;
                for (int i = 0; i < features; i++) {
                    scale = Math.max(scale, Math.abs(ref[5 + i]));
                }
                for (int i = 0; i < features; i++) {
                    assertEquals(ref[5 + i], result.row(r)[i], 1e-4 * scale, modelName + " attribution " + i + " of row " + r);
                }
                assertEquals(ref[4], result.deltas()[r], 1e-4 * scale, "delta of row " + r);
            }
        }
    }

    static long[] longColumns(double[][] table, int from, int count) {
        long[] values = new long[table.length * count];
        for (int r = 0; r < table.length; r++) {
            for (int c = 0; c < count; c++) {
                values[r * count + c] = Math.round(table[r][from + c]);
            }
        }
        return values;
    }
}
