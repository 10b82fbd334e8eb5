package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** ModelOutputs: row-major lookup, argmax with torch's tie rule, and size checks. */
class ModelOutputsTest {

    private final ModelOutputs outputs = new ModelOutputs(new float[] {0.1f, 0.7f, 0.2f, 3f, -1f, 3f}, 2, 3);

    @Test
    void valueReadsRowMajor() {
        assertEquals(0.7f, outputs.value(0, 1));
        assertEquals(3f, outputs.value(1, 0));
        assertEquals(-1f, outputs.value(1, 1));
        assertEquals(3f, outputs.value(1, 2));
    }

    @Test
    void argmaxIsTheLargestOutputAndTheFirstOnTies() {
        assertEquals(1, outputs.argmax(0));
        assertEquals(0, outputs.argmax(1));
    }

    @Test
    void argmaxOfAllNegativeOutputsIsTheLeastNegative() {
        assertEquals(2, new ModelOutputs(new float[] {-5f, -4f, -0.5f}, 1, 3).argmax(0));
    }

    @Test
    void aSingleOutputHasArgmaxZero() {
        assertEquals(0, new ModelOutputs(new float[] {-2f, 4f}, 2, 1).argmax(1));
    }

    @Test
    void arraysOfTheWrongSizeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ModelOutputs(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new ModelOutputs(new float[7], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new ModelOutputs(new float[0], 1, 1));
    }
}
