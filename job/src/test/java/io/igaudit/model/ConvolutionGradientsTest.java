package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.Quadrature;
import io.igaudit.ig.TargetRule;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolution models after the model's self-check, as the job runs them: a row's gradients are the
 * same whatever the number of rows in its pass (1-D and 2-D convolutions, average and max pooling,
 * the plain path and the layer path), and IG equals IG computed in PyTorch one row per pass
 * ({@code scripts/make-sample-models.py --only conv}). On a processor whose batched convolution
 * gradients are wrong (AMD Zen 5 with libtorch 2.7.1), these fail unless the self-check switches
 * the kernels. And a model whose rows do influence each other is refused by the check.
 */
class ConvolutionGradientsTest {

    private static final int[] PASS_SIZES = {2, 8, 64, 256};
    private static final Quadrature AT_THE_ROW = new Quadrature(new double[] {1.0}, new double[] {1.0});

    private static TorchScriptModel checked(Path file, int[] rowShape, float scale) {
        TorchScriptModel model = ModelCache.get(file, DeviceChoice.CPU);
        model.requireIndependentRows(randomRows(4, rowShape, scale, 7));
        return model;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "digits_cnn.pt, 1x8x8, 16, 10",
        "test-models/conv_signal.pt, 24, 2, 2",
    })
    void aRowsGradientDoesNotDependOnThePassSize(String file, String shape, float scale, int outputs) {
        int[] rowShape = Arrays.stream(shape.split("x")).mapToInt(Integer::parseInt).toArray();
        TorchScriptModel model = checked(Samples.file(file), rowShape, scale);
        FeatureBatch rows = randomRows(PASS_SIZES[PASS_SIZES.length - 1], rowShape, scale, 11);
        int elements = rows.elementsPerRow();
        int probe = 1; // a row that is in every pass
        FeatureBatch zero = FeatureBatch.of(new float[elements], 1, rowShape);
        float[] alone = model.weightedGradients(rows.row(probe), zero, AT_THE_ROW, new int[] {probe % outputs});
        float largest = maxAbs(alone);
        assertTrue(largest > 0, "the probe row has a gradient");
        for (int size : PASS_SIZES) {
            FeatureBatch pass = rows.select(firstIndices(size));
            int[] targets = new int[size];
            for (int r = 0; r < size; r++) {
                targets[r] = r % outputs;
            }
            float[] batched = model.weightedGradients(pass, zero, AT_THE_ROW, targets);
            float[] probeRow = Arrays.copyOfRange(batched, probe * elements, (probe + 1) * elements);
            assertArrayEquals(alone, probeRow, 1e-5f * largest, file + ": row " + probe + " in a pass of " + size + " rows");
        }
    }

    @Test
    void theOneDimensionalConvolutionMatchesPyTorch() {
        double[][] reference = Samples.readNumericCsv(Samples.file("reference/conv_signal_gausslegendre_50.csv"));
        int features = 24;
        int rows = reference.length;
        float[] x = new float[rows * features];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < features; i++) {
                x[r * features + i] = (float) reference[r][5 + features + i];
            }
        }
        TorchScriptModel model = checked(Samples.testModel("conv_signal.pt"), new int[] {features}, 2);
        Attributions result = new IntegratedGradients(model, Defaults.integration())
                .attribute(FeatureBatch.of(x, rows, features), FeatureBatch.of(new float[features], 1, features),
                        new TargetRule.Fixed(1));
        for (int r = 0; r < rows; r++) {
            double[] ref = reference[r];
            double scale = 1e-3;
            for (int i = 0; i < features; i++) {
                scale = Math.max(scale, Math.abs(ref[5 + i]));
            }
            for (int i = 0; i < features; i++) {
                assertEquals(ref[5 + i], result.row(r)[i], 2e-5 * scale, "attribution " + i + " of row " + r);
            }
            assertEquals(ref[4], result.deltas()[r], 1e-4 * scale, "delta of row " + r);
        }
    }

    @Test
    void theLayerPathOfAConvolutionOverTokensIsCheckedToo() {
        double[][] reference = Samples.readNumericCsv(Samples.file("reference/conv_text_gausslegendre_50.csv"));
        int tokens = 12;
        InputBatch inputs = InputBatch.of(
                InputTensor.ofLongs("ids", LayerReferenceTest.longColumns(reference, 5 + tokens, tokens), reference.length, tokens),
                InputTensor.ofLongs("mask", LayerReferenceTest.longColumns(reference, 5 + 2 * tokens, tokens),
                        reference.length, tokens));
        ModelCache.get(Samples.testModel("conv_text.pt"), DeviceChoice.CPU).layerPath().requireIndependentRows(inputs);
        LayerReferenceTest.compareWithReplacedIds("conv_text.pt", reference, inputs, tokens);
    }

    @Test
    void aModelThatNormalisesWithItsBatchsStatisticsIsRefused() {
        TorchScriptModel model = ModelCache.get(Samples.testModel("batch_statistics.pt"), DeviceChoice.CPU);
        ModelException refused = assertThrows(ModelException.class,
                () -> model.requireIndependentRows(randomRows(4, new int[] {4}, 1, 3)));
        assertTrue(refused.isConfigurationProblem(), "exit 2, not an internal failure");
        String message = refused.getMessage();
        for (String part : new String[] {"change with the other rows of its pass", "this processor (",
                "when the row is alone in its pass", "BatchNorm in training mode", "model.eval()"}) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
        assertEquals(1, message.lines().count(), "one line");
    }

    private static FeatureBatch randomRows(int rows, int[] rowShape, float scale, long seed) {
        int elements = Arrays.stream(rowShape).reduce(1, (a, b) -> a * b);
        Random random = new Random(seed);
        float[] values = new float[rows * elements];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * scale);
        }
        return FeatureBatch.of(values, rows, rowShape);
    }

    private static int[] firstIndices(int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
