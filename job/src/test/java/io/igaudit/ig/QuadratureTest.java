package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Quadrature: validation, slicing into chunks, weight sums and defensive copies. */
class QuadratureTest {

    @Test
    void mismatchedEmptyAndOutOfRangeNodesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Quadrature(new double[] {0.5}, new double[] {0.5, 0.5}));
        assertThrows(IllegalArgumentException.class, () -> new Quadrature(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new Quadrature(new double[] {-0.1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Quadrature(new double[] {1.1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Quadrature(new double[] {Double.NaN}, new double[] {1}));
    }

    @Test
    void sliceKeepsTheNodesAndWeightsOfTheChunk() {
        Quadrature q = new Quadrature(new double[] {0.1, 0.4, 0.6, 0.9}, new double[] {0.1, 0.2, 0.3, 0.4});
        Quadrature middle = q.slice(1, 3);
        assertArrayEquals(new double[] {0.4, 0.6}, middle.alphas());
        assertArrayEquals(new double[] {0.2, 0.3}, middle.weights());
        assertEquals(2, middle.steps());
    }

    @Test
    void weightSumAddsTheWeights() {
        assertEquals(1.0, new Quadrature(new double[] {0, 1}, new double[] {0.25, 0.75}).weightSum(), 1e-15);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] alphas = {0.25, 0.75};
        double[] weights = {0.5, 0.5};
        Quadrature q = new Quadrature(alphas, weights);
        alphas[0] = 0.0;
        weights[0] = 9.0;
        q.alphas()[1] = 0.0;
        q.weights()[1] = 9.0;
        assertEquals(new Quadrature(new double[] {0.25, 0.75}, new double[] {0.5, 0.5}), q);
    }
}
