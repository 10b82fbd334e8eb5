package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.ModelOutputs;
import io.igaudit.ig.TargetRule;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eval semantics, batching, concurrency and errors of the DJL-backed model, on the breast-cancer
 * model (BatchNorm and Dropout) and the wine model (traced, three classes).
 */
class TorchScriptModelTest {

    private static final int FEATURES = 30;
    private static double[][] breastCancer;
    private static TorchScriptModel model;

    @BeforeAll
    static void load() {
        breastCancer = Samples.readNumericCsv(Samples.file("breast_cancer.csv"));
        model = ModelCache.get(Samples.file("breast_cancer_mlp.pt"), DeviceChoice.CPU);
    }

    /** Rows {@code first..first+count-1} of the breast-cancer sample. */
    private static float[] rows(int first, int count) {
        float[] all = Samples.columns(breastCancer, first + count, 1, 1 + FEATURES);
        float[] selected = new float[count * FEATURES];
        System.arraycopy(all, first * FEATURES, selected, 0, selected.length);
        return selected;
    }

    private static Attributions attribute(float[] inputs, IgOptions options) {
        return new IntegratedGradients(model, options).attribute(
                FeatureBatch.of(inputs, inputs.length / FEATURES, FEATURES),
                FeatureBatch.of(new float[FEATURES], 1, FEATURES), new TargetRule.Predicted());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] joined = new float[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    @Test
    void aRowsAttributionsDoNotDependOnTheOtherRowsOfItsBatch() {
        float[] row0 = rows(0, 1);
        Attributions withNeighbours = attribute(concat(row0, rows(1, 7)), Defaults.integration());
        Attributions withStrangers = attribute(concat(row0, rows(300, 7)), Defaults.integration());
        Attributions alone = attribute(row0, Defaults.integration());
        assertArrayEquals(withNeighbours.row(0), withStrangers.row(0), 1e-6f * maxAbs(alone.row(0)));
        assertArrayEquals(alone.row(0), withStrangers.row(0), 1e-6f * maxAbs(alone.row(0)));
    }

    @Test
    void dropoutStaysOffAndBatchNormStaysFrozenAfterPlainInference() throws Exception {
        float[] inputs = rows(10, 8);
        Attributions before = attribute(inputs, Defaults.integration());
        // Plain inference through DJL's own block API, as a Predictor would do it.
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList batch = new NDList(manager.create(rows(0, 16), new Shape(16, FEATURES)));
            for (int i = 0; i < 3; i++) {
                model.block().forward(new ParameterStore(manager, false), batch, false);
            }
        }
        model.evaluate(FeatureBatch.of(rows(20, 32), 32, FEATURES));
        Attributions after = attribute(inputs, Defaults.integration());
        Attributions again = attribute(inputs, Defaults.integration());
        assertArrayEquals(before.values(), after.values(), "Dropout or BatchNorm changed the attributions");
        assertArrayEquals(after.values(), again.values(), "repeated runs differ: Dropout is on");
        assertArrayEquals(before.predictions(), after.predictions());
    }

    @Test
    void splittingStepsUnderTheMemoryBoundGivesTheSameResult() {
        float[] inputs = rows(40, 8);
        Attributions whole = attribute(inputs, Defaults.integration());
        // 8 rows x 30 features = 240 elements per step: 3 steps per pass, 17 passes for 50 steps.
        Attributions split = attribute(inputs, Defaults.integration().withMaxElementsPerPass(3 * 240));
        for (int r = 0; r < 8; r++) {
            assertArrayEquals(whole.row(r), split.row(r), 1e-6f * maxAbs(whole.row(r)), "row " + r);
        }
        assertArrayEquals(whole.deltas(), split.deltas(), 1e-4f);
    }

    @Test
    void concurrentCallsGiveTheSerialResults() throws Exception {
        int batches = 12;
        List<float[]> inputs = new ArrayList<>();
        List<Attributions> serial = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            inputs.add(rows(b * 16, 16));
            serial.add(attribute(inputs.get(b), Defaults.integration()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Attributions>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (float[] batch : inputs) {
                    futures.add(pool.submit(() -> attribute(batch, Defaults.integration())));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                Attributions expected = serial.get(i % batches);
                Attributions actual = futures.get(i).get();
                assertArrayEquals(expected.values(), actual.values(), 1e-6f * maxAbs(expected.values()), "batch " + i);
                assertArrayEquals(expected.targets(), actual.targets());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void predictedTargetIsTheArgmaxAndFixedTargetOutsideTheOutputIsNamed() {
        TorchScriptModel wine = ModelCache.get(Samples.file("wine_mlp.pt"), DeviceChoice.CPU);
        double[][] data = Samples.readNumericCsv(Samples.file("wine.csv"));
        FeatureBatch inputs = FeatureBatch.of(Samples.columns(data, 178, 1, 14), 178, 13);
        ModelOutputs outputs = wine.evaluate(inputs);
        assertEquals(3, outputs.width());
        Attributions predicted = new IntegratedGradients(wine, Defaults.integration())
                .attribute(inputs, FeatureBatch.of(new float[13], 1, 13), new TargetRule.Predicted());
        int agreeWithLabel = 0;
        for (int r = 0; r < 178; r++) {
            assertEquals(outputs.argmax(r), predicted.targets()[r]);
            agreeWithLabel += predicted.targets()[r] == (int) data[r][14] ? 1 : 0;
        }
        assertTrue(agreeWithLabel > 170, "the sample model predicts the wine classes");

        TargetRule.TargetOutOfRangeException error = assertThrows(TargetRule.TargetOutOfRangeException.class,
                () -> new IntegratedGradients(wine, Defaults.integration())
                        .attribute(inputs, FeatureBatch.of(new float[13], 1, 13), new TargetRule.Fixed(3)));
        assertTrue(error.getMessage().contains("target index 3") && error.getMessage().contains("width 3"), error.getMessage());
    }

    @Test
    void oneOutputPerRowNeedsNoTargetIndex() {
        TorchScriptModel diabetes = ModelCache.get(Samples.file("diabetes_mlp.pt"), DeviceChoice.CPU);
        FeatureBatch inputs = FeatureBatch.of(Samples.columns(Samples.readNumericCsv(Samples.file("diabetes.csv")), 4, 1, 11), 4, 10);
        assertEquals(1, diabetes.evaluate(inputs).width());
        Attributions result = new IntegratedGradients(diabetes, Defaults.integration())
                .attribute(inputs, FeatureBatch.of(new float[10], 1, 10), new TargetRule.Predicted());
        assertArrayEquals(new int[4], result.targets());
        assertTrue(Math.abs(result.deltas()[0]) < 1e-2, "delta " + result.deltas()[0]);
    }

    @Test
    void eachModelFileIsLoadedOncePerDevice() {
        int before = ModelCache.loadCount();
        TorchScriptModel first = ModelCache.get(Samples.file("breast_cancer_mlp.pt"), DeviceChoice.CPU);
        TorchScriptModel second = ModelCache.get(Path.of("..", "data-samples", "..", "data-samples", "breast_cancer_mlp.pt"), DeviceChoice.CPU);
        assertSame(model, first);
        assertSame(first, second);
        assertEquals(before, ModelCache.loadCount());
    }

    @Test
    void badModelFilesAreNamedWithWhatIsWrong(@TempDir Path temp) throws IOException {
        Path missing = temp.resolve("nope.pt");
        ModelException error = assertThrows(ModelException.class, () -> TorchScriptModel.load(missing, DeviceChoice.CPU));
        assertTrue(error.getMessage().contains("not found") && error.getMessage().contains(missing.toString()), error.getMessage());

        Path text = Samples.testModel("not_torchscript.pt");
        error = assertThrows(ModelException.class, () -> TorchScriptModel.load(text, DeviceChoice.CPU));
        assertTrue(error.getMessage().contains(text.toString()) && error.getMessage().contains("not a TorchScript"), error.getMessage());

        byte[] whole = Files.readAllBytes(Samples.file("breast_cancer_mlp.pt"));
        Path truncated = Files.write(temp.resolve("truncated.pt"), java.util.Arrays.copyOf(whole, whole.length / 2));
        error = assertThrows(ModelException.class, () -> TorchScriptModel.load(truncated, DeviceChoice.CPU));
        assertTrue(error.getMessage().contains(truncated.toString()), error.getMessage());

        error = assertThrows(ModelException.class, () -> model.evaluate(FeatureBatch.of(new float[29], 1, 29)));
        assertTrue(error.getMessage().contains("[29]"), error.getMessage());
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return Math.max(max, 1e-6f);
    }
}
