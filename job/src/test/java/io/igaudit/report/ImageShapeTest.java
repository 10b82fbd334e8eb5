package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reading a row shape as channels × height × width, and pooling large images into blocks. */
class ImageShapeTest {

    @Test
    void flatRowsAreNoImage() {
        assertTrue(ImageShape.of(new int[] {64}).isEmpty());
    }

    @Test
    void leadingDimensionsAreChannels() {
        ImageShape shape = ImageShape.of(new int[] {2, 3, 5, 7}).orElseThrow();
        assertEquals(new ImageShape(6, 5, 7, 1), shape);
        assertEquals(35, shape.cells());
        assertEquals(new ImageShape(1, 8, 8, 1), ImageShape.of(new int[] {8, 8}).orElseThrow());
    }

    @Test
    void smallImagesHaveOneCellPerPixelAndSumOverChannels() {
        ImageShape shape = ImageShape.of(new int[] {3, 2, 2}).orElseThrow();
        float[] flat = new float[12];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }
        // cell p gets channels 0, 1, 2 at flat p, p + 4, p + 8
        assertArrayEquals(new double[] {12, 15, 18, 21}, shape.cellSums(i -> flat[i]), 0);
        double[][] means = shape.cellMeans(i -> flat[i]);
        assertArrayEquals(new double[] {4, 5, 6, 7}, means[1], 0);
    }

    @Test
    void largeImagesArePooledIntoBlocksThatKeepTheTotal() {
        ImageShape shape = ImageShape.of(new int[] {3, 100, 50}).orElseThrow();
        assertEquals(4, shape.block(), "ceil(100 / 32)");
        assertEquals(25, shape.rows());
        assertEquals(13, shape.columns(), "the last column holds 2 pixels");
        double[] sums = shape.cellSums(i -> 1.0);
        assertEquals(3 * 16, sums[0], 0);
        assertEquals(3 * 4 * 2, sums[12], 0, "edge cell: 4 rows × 2 columns of pixels");
        assertEquals(3 * 100 * 50, Arrays.stream(sums).sum(), 1e-9, "pooling keeps the total attribution");
        for (double[] channel : shape.cellMeans(i -> 1.0)) {
            for (double mean : channel) {
                assertEquals(1.0, mean, 1e-12, "means divide by the pixels a cell really has");
            }
        }
    }

    @Test
    void aPixelLandsInItsBlock() {
        ImageShape shape = ImageShape.of(new int[] {3, 100, 50}).orElseThrow();
        int flatIndex = (2 * 100 + 9) * 50 + 5; // channel 2, y 9, x 5
        double[] sums = shape.cellSums(i -> i == flatIndex ? 1.0 : 0.0);
        int cell = (9 / 4) * 13 + 5 / 4;
        for (int c = 0; c < sums.length; c++) {
            assertEquals(c == cell ? 1.0 : 0.0, sums[c], 0, "cell " + c);
        }
    }
}
