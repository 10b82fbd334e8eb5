package io.igaudit.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The median search against sorting: columns held here stand in for the cluster's, each pass
 * counted or handed over as the Spark side does it, on continuous values, heavy ties, two values
 * far apart and a constant column.
 */
class MedianSearchTest {

    /** The search run to its end over {@code columns} (each the same length), passes done here. */
    private static double[] search(double[][] columns, long budget, int[] passes) {
        int width = columns.length;
        double[] min = new double[width];
        double[] max = new double[width];
        for (int c = 0; c < width; c++) {
            min[c] = Arrays.stream(columns[c]).min().orElseThrow();
            max[c] = Arrays.stream(columns[c]).max().orElseThrow();
        }
        MedianSearch search = new MedianSearch(columns[0].length, min, max, budget);
        while (!search.done()) {
            double[] lows = search.lows();
            double[] highs = search.highs();
            if (search.wantsValues()) {
                double[][] kept = new double[width][];
                for (int c = 0; c < width; c++) {
                    int column = c;
                    kept[c] = Arrays.stream(columns[c]).filter(v -> v >= lows[column] && v <= highs[column]).toArray();
                }
                search.pick(kept);
            } else {
                // Two "partitions" counted apart and merged, as the tasks do.
                MedianSearch.Histogram first = MedianSearch.Histogram.empty(width);
                MedianSearch.Histogram second = MedianSearch.Histogram.empty(width);
                for (int c = 0; c < width; c++) {
                    for (int i = 0; i < columns[c].length; i++) {
                        int b = MedianSearch.bucket(columns[c][i], lows[c], highs[c]);
                        if (b >= 0) {
                            (i % 2 == 0 ? first : second).add(c, b, columns[c][i]);
                        }
                    }
                }
                search.narrow(first.merge(second));
                passes[0]++;
            }
        }
        return search.medians();
    }

    private static double lowerMedian(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length + 1) / 2 - 1];
    }

    @Test
    void findsTheLowerMedianOfEveryColumnWithinTheBudget() {
        Random random = new Random(7);
        int rows = 20_001;
        double[][] columns = new double[5][rows];
        for (int i = 0; i < rows; i++) {
            columns[0][i] = random.nextGaussian();
            columns[1][i] = random.nextInt(3); // heavy ties: 0, 1 or 2
            columns[2][i] = i % 2 == 0 ? -1e30 : 1e30; // two values far apart
            columns[3][i] = 4.5; // one value
            columns[4][i] = Math.exp(10 * random.nextDouble()); // skewed
        }
        int[] passes = {0};
        double[] found = search(columns, 500, passes);
        for (int c = 0; c < columns.length; c++) {
            assertEquals(lowerMedian(columns[c]), found[c], "column " + c);
        }
        assertTrue(passes[0] >= 1, "the budget of 500 values forces counting passes");
        assertTrue(passes[0] <= 4, "each pass divides the range by 1024: " + passes[0] + " passes");
    }

    @Test
    void evenCountsTakeTheLowerOfTheTwoMiddleValues() {
        int[] passes = {0};
        assertArrayEquals(new double[] {2.0}, search(new double[][] {{4, 1, 3, 2}}, 100, passes));
        assertArrayEquals(new double[] {2.0}, search(new double[][] {{4, 1, 3, 2}}, 1, passes), "counted, not handed over");
        assertArrayEquals(new double[] {7.0}, search(new double[][] {{7}}, 1, passes));
    }

    @Test
    void manyColumnsOfRandomLengthsAgreeWithSorting() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int rows = 1 + random.nextInt(300);
            double[][] columns = new double[3][rows];
            for (int i = 0; i < rows; i++) {
                columns[0][i] = Math.round(random.nextGaussian() * 3); // ties
                columns[1][i] = (float) random.nextGaussian();
                columns[2][i] = random.nextBoolean() ? -0.0 : 0.0;
            }
            int[] passes = {0};
            double[] found = search(columns, random.nextInt(4) * 40L, passes);
            for (int c = 0; c < 3; c++) {
                assertEquals(lowerMedian(columns[c]), found[c], 0.0, "trial " + trial + ", column " + c);
            }
        }
    }

    @Test
    void valuesThatChangeBetweenPassesAreAnError() {
        MedianSearch search = new MedianSearch(10, new double[] {0}, new double[] {9}, 0);
        assertFalse(search.wantsValues());
        MedianSearch.Histogram tooFew = MedianSearch.Histogram.empty(1);
        tooFew.add(0, 0, 0.0);
        assertThrows(IllegalStateException.class, () -> search.narrow(tooFew));
        MedianSearch handing = new MedianSearch(3, new double[] {0}, new double[] {9}, 10);
        assertThrows(IllegalStateException.class, () -> handing.pick(new double[][] {{1, 2}}));
    }
}
