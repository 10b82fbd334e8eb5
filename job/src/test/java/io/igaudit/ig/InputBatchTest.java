package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several named input tensors, the layer's tensors, and the baselines of integer inputs. */
class InputBatchTest {

    private static final InputTensor IDS = InputTensor.ofLongs("ids", new long[] {1, 7, 2, 0, 1, 9, 9, 2}, 2, 4);
    private static final InputTensor MASK = InputTensor.ofLongs("mask", new long[] {1, 1, 1, 0, 1, 1, 1, 1}, 2, 4);
    private static final InputTensor NUMBERS = InputTensor.ofFloats("numbers", new float[] {0.5f, -1f, 3f, 4f}, 2, 2);

    @Test
    void tensorsOfABatchShareTheirRowsAndHaveDistinctNames() {
        InputBatch batch = InputBatch.of(IDS, MASK, NUMBERS);
        assertEquals(2, batch.rows());
        assertSame(MASK, batch.tensor("mask"));
        assertSame(NUMBERS, batch.tensor(2));
        assertThrows(IllegalArgumentException.class,
                () -> InputBatch.of(IDS, InputTensor.ofFloats("x", new float[3], 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> InputBatch.of(IDS, IDS));
        assertThrows(IllegalArgumentException.class, () -> batch.tensor("labels"));
    }

    @Test
    void selectCopiesRowsOfEveryTypeInOrder() {
        InputBatch chosen = InputBatch.of(IDS, NUMBERS).select(new int[] {1, 1, 0});
        assertArrayEquals(new long[] {1, 9, 9, 2, 1, 9, 9, 2, 1, 7, 2, 0}, chosen.tensor("ids").toLongArray());
        assertArrayEquals(new float[] {3f, 4f, 3f, 4f, 0.5f, -1f}, chosen.tensor("numbers").toFloatArray());
        assertEquals(1, InputBatch.of(IDS).firstRows(1).rows());
        assertEquals(9, IDS.largestValue());
    }

    @Test
    void aBufferMustHoldExactlyTheDeclaredElementsOfItsType() {
        ByteBuffer floatsSized = ByteBuffer.allocateDirect(8 * Float.BYTES).order(ByteOrder.nativeOrder());
        assertThrows(IllegalArgumentException.class, () -> new InputTensor("ids", TensorType.INT64, floatsSized, 2, new int[] {4}));
        assertThrows(IllegalArgumentException.class, MASK::toFloatArray);
        assertThrows(IllegalArgumentException.class, NUMBERS::longs);
    }

    @Test
    void replacedIdsKeepTheSpecialTokensInPlace() {
        InputTensor baseline = new TensorBaseline.ReplaceIds(3, new long[] {0, 1, 2}).baselineOf(IDS, new long[2]);
        assertArrayEquals(new long[] {1, 3, 2, 0, 1, 3, 3, 2}, baseline.toLongArray());
        assertEquals("ids", baseline.name());
        assertThrows(IllegalArgumentException.class,
                () -> new TensorBaseline.ReplaceIds(3, new long[0]).baselineOf(NUMBERS, new long[2]));
    }

    @Test
    void eachCategoricalColumnGetsItsReferenceCategory() {
        InputTensor codes = InputTensor.ofLongs("codes", new long[] {2, 0, 4, 1, 1, 3}, 2, 3);
        InputTensor baseline = new TensorBaseline.ReferenceCategories(new long[] {0, 5, 9}).baselineOf(codes, new long[2]);
        assertArrayEquals(new long[] {0, 5, 9, 0, 5, 9}, baseline.toLongArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorBaseline.ReferenceCategories(new long[] {0, 5}).baselineOf(codes, new long[2]));
        assertTrue(e.getMessage().contains("codes"), e.getMessage());
    }

    @Test
    void floatInputsTakeTodaysBaselinesAndOthersStayTheRowsOwn() {
        InputBaselines baselines = new InputBaselines(Map.of(
                "ids", new TensorBaseline.ReplaceIds(3, new long[] {0, 1, 2}),
                "numbers", new TensorBaseline.Floats(new FixedBaselines(new float[] {1f, 2f}, 1, new int[] {2}, "means"))));
        InputBatch baseline = baselines.of(InputBatch.of(IDS, MASK, NUMBERS), new long[2]);
        assertSame(MASK, baseline.tensor("mask"), "the mask is the row's own");
        assertArrayEquals(new float[] {1f, 2f, 1f, 2f}, baseline.tensor("numbers").toFloatArray());
        assertTrue(baselines.description().contains("numbers: means"), baselines.description());
        FixedBaselines twoRows = new FixedBaselines(new float[4], 2, new int[] {2}, "two rows");
        assertThrows(IllegalArgumentException.class,
                () -> new TensorBaseline.Floats(twoRows).baselineOf(NUMBERS, new long[2]));
        assertThrows(IllegalArgumentException.class, () -> new InputBaselines(Map.of("labels", new TensorBaseline.Own()))
                .of(InputBatch.of(IDS), new long[2]));
    }

    @Test
    void aLayerCountsTheFeaturesOfEveryPart() {
        LayerActivations layer = new LayerActivations(List.of(
                FeatureBatch.of(new float[2 * 3 * 4], 2, 3, 4), FeatureBatch.of(new float[2 * 5], 2, 5)));
        assertEquals(8, layer.featuresPerRow());
        assertEquals(17, layer.elementsPerRow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayerActivations(List.of(
                FeatureBatch.of(new float[6], 2, 3), FeatureBatch.of(new float[3], 1, 3))));
        assertTrue(e.getMessage().contains("disagree on rows"), e.getMessage());
    }
}
