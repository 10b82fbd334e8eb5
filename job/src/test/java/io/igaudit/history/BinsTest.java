package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Fixed bins: edges from repeated quantiles, which bin a value falls in, shares from counts. */
class BinsTest {

    @Test
    void repeatedQuantilesGiveDistinctSortedEdges() {
        assertArrayEquals(new double[] {0, 1, 2}, Bins.distinctEdges(new double[] {0, 0, 0, 1, 2, 2, Double.NaN}));
    }

    @Test
    void aValueFallsInTheBinOfTheEdgesBelowIt() {
        double[] edges = {0, 1};
        assertEquals(0, Bins.binOf(edges, -5));
        assertEquals(0, Bins.binOf(edges, 0), "(-inf, e0]");
        assertEquals(1, Bins.binOf(edges, 0.5));
        assertEquals(1, Bins.binOf(edges, 1));
        assertEquals(2, Bins.binOf(edges, 1.01));
    }

    @Test
    void sharesFromCountsAndShapeChecks() {
        Bins bins = Bins.of(new double[] {0}, new long[] {1, 3});
        assertArrayEquals(new double[] {0.25, 0.75}, bins.shares());
        assertEquals(bins, new Bins(new double[] {0}, new double[] {0.25, 0.75}));
        assertThrows(IllegalArgumentException.class, () -> new Bins(new double[] {0, 1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Bins(new double[] {1, 0}, new double[] {0.3, 0.3, 0.4}));
    }
}
