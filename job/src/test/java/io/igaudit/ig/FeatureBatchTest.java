package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** FeatureBatch: copying in and out, row views, and rejection of buffers that do not fit the shape. */
class FeatureBatchTest {

    private static final float[] SIX = {1, 2, 3, 4, 5, 6};

    @Test
    void ofRoundTripsTheValuesAndShape() {
        FeatureBatch batch = FeatureBatch.of(SIX, 2, 1, 3);
        assertArrayEquals(SIX, batch.toArray());
        assertEquals(2, batch.rows());
        assertArrayEquals(new int[] {1, 3}, batch.rowShape());
        assertEquals(3, batch.elementsPerRow());
        assertEquals(6 * Float.BYTES, batch.data().limit());
    }

    @Test
    void rowViewsHoldTheValuesOfTheirRow() {
        FeatureBatch batch = FeatureBatch.of(SIX, 3, 2);
        assertArrayEquals(new float[] {1, 2}, batch.row(0).toArray());
        assertArrayEquals(new float[] {3, 4}, batch.row(1).toArray());
        assertArrayEquals(new float[] {5, 6}, batch.row(2).toArray());
        assertEquals(1, batch.row(2).rows());
        assertArrayEquals(new int[] {2}, batch.row(2).rowShape());
    }

    @Test
    void rowViewsShareTheBatchMemory() {
        FeatureBatch batch = FeatureBatch.of(SIX, 3, 2);
        FeatureBatch row = batch.row(1);
        batch.data().putFloat(3 * Float.BYTES, 40f);
        assertArrayEquals(new float[] {3, 40}, row.toArray());
    }

    @Test
    void aRowOfARowIsTheSameRow() {
        FeatureBatch row = FeatureBatch.of(SIX, 2, 3).row(1);
        assertArrayEquals(new float[] {4, 5, 6}, row.row(0).toArray());
    }

    @Test
    void rowsOutsideTheBatchAreRejected() {
        FeatureBatch batch = FeatureBatch.of(SIX, 2, 3);
        assertThrows(RuntimeException.class, () -> batch.row(2));
        assertThrows(RuntimeException.class, () -> batch.row(-1));
    }

    @Test
    void rowsOutsideTheBatchAreRejectedWhenTheBufferHasSpareCapacity() {
        ByteBuffer roomy = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
        roomy.limit(3 * Float.BYTES);
        FeatureBatch batch = new FeatureBatch(roomy, 1, new int[] {3});
        assertThrows(RuntimeException.class, () -> batch.row(1), "row 1 of a one-row batch");
    }

    @Test
    void floatsViewsAreIndependent() {
        FeatureBatch batch = FeatureBatch.of(SIX, 1, 6);
        batch.floats().get(new float[4]);
        assertEquals(1f, batch.floats().get());
    }

    @Test
    void valuesThatDoNotFitTheShapeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(SIX, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(SIX, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(SIX, 1, 7));
    }

    @Test
    void emptyBatchesAndBadShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(new float[0], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(SIX, 1));
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(SIX, 1, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureBatch.of(SIX, -1, -6));
    }

    @Test
    void heapForeignOrderAndOffsetBuffersAreRejected() {
        ByteBuffer heap = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        assertThrows(IllegalArgumentException.class, () -> new FeatureBatch(heap, 1, new int[] {2}));
        ByteOrder foreign = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer swapped = ByteBuffer.allocateDirect(8).order(foreign);
        assertThrows(IllegalArgumentException.class, () -> new FeatureBatch(swapped, 1, new int[] {2}));
        ByteBuffer offset = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()).position(4);
        assertThrows(IllegalArgumentException.class, () -> new FeatureBatch(offset, 1, new int[] {2}));
    }

    @Test
    void theShapeIsCopiedInAndOut() {
        int[] shape = {2, 3};
        FeatureBatch batch = FeatureBatch.of(SIX, 1, shape);
        shape[0] = 6;
        batch.rowShape()[1] = 1;
        assertArrayEquals(new int[] {2, 3}, batch.rowShape());
    }

    @Test
    void sameRowShapeComparesShapesNotSizes() {
        FeatureBatch flat = FeatureBatch.of(SIX, 1, 6);
        assertTrue(flat.sameRowShape(FeatureBatch.of(new float[12], 2, 6)));
        assertFalse(flat.sameRowShape(FeatureBatch.of(SIX, 1, 2, 3)));
    }

    @Test
    void equalBatchesHoldEqualValuesAndShapes() {
        assertEquals(FeatureBatch.of(SIX, 2, 3), FeatureBatch.of(SIX.clone(), 2, 3));
        assertEquals(FeatureBatch.of(SIX, 2, 3).hashCode(), FeatureBatch.of(SIX, 2, 3).hashCode());
        assertFalse(FeatureBatch.of(SIX, 2, 3).equals(FeatureBatch.of(SIX, 3, 2)));
        assertFalse(FeatureBatch.of(SIX, 2, 3).equals(FeatureBatch.of(new float[6], 2, 3)));
    }
}
