package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Defaults;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed, blurred and uniform-noise baselines. */
class BaselineSourcesTest {

    private static final long[] NO_SEEDS = new long[4];

    // ---- fixed ----

    @Test
    void fixedRowsAreEachSharedByEveryInputRow() {
        FixedBaselines fixed = new FixedBaselines(new float[] {1, 2, 3, 4, 5, 6}, 2, new int[] {3}, "two rows");
        List<FeatureBatch> batches = fixed.forBatch(Plans.rows3(new float[12]), NO_SEEDS);
        assertEquals(2, batches.size());
        assertEquals(1, batches.get(0).rows());
        assertArrayEquals(new float[] {4, 5, 6}, batches.get(1).toArray());
        assertThrows(IllegalArgumentException.class, () -> new FixedBaselines(new float[5], 2, new int[] {3}, "bad"));
    }

    // ---- blur ----

    @Test
    void aConstantImageBlursToItselfEdgesIncluded() {
        float[] image = new float[2 * 5 * 6];
        Arrays.fill(image, 2.5f);
        float[] blurred = blur(1.3, image, 1, 2, 5, 6);
        for (float value : blurred) {
            assertEquals(2.5f, value, 1e-6f, "clamped edges keep a constant image constant");
        }
    }

    @Test
    void aBrightPixelSpreadsAsTheProductOfTwoGaussiansAndKeepsItsSum() {
        int size = 15;
        int centre = 7; // radius ceil(3 σ) = 3 stays inside the image
        double sigma = 1.0;
        float[] image = new float[size * size];
        image[centre * size + centre] = 1;
        float[] blurred = blur(sigma, image, 1, size, size);

        double norm = 0;
        for (int d = -3; d <= 3; d++) {
            norm += Math.exp(-d * d / 2.0);
        }
        double sum = 0;
        for (int h = 0; h < size; h++) {
            for (int w = 0; w < size; w++) {
                int dh = h - centre;
                int dw = w - centre;
                double expected = Math.abs(dh) <= 3 && Math.abs(dw) <= 3
                        ? Math.exp(-(dh * dh + dw * dw) / 2.0) / (norm * norm) : 0;
                float value = blurred[h * size + w];
                assertEquals(expected, value, 1e-7, "pixel " + h + "," + w);
                assertEquals(value, blurred[(2 * centre - h) * size + (2 * centre - w)], "point symmetry");
                assertEquals(value, blurred[w * size + h], "the same kernel along both axes");
                sum += value;
            }
        }
        assertEquals(1.0, sum, 1e-6, "the pixel's mass is kept away from the edges");
    }

    @Test
    void channelsAreBlurredApart() {
        float[] image = new float[2 * 9 * 9];
        image[4 * 9 + 4] = 1; // channel 0 only
        float[] blurred = blur(0.8, image, 1, 2, 9, 9);
        float[] alone = blur(0.8, Arrays.copyOf(image, 81), 1, 9, 9);
        assertArrayEquals(alone, Arrays.copyOf(blurred, 81), "channel 0 as if alone");
        for (int i = 81; i < 162; i++) {
            assertEquals(0f, blurred[i], "nothing leaks into channel 1");
        }
    }

    @Test
    void eachRowOfABatchIsBlurredOnItsOwn() {
        float[] first = new float[25];
        first[12] = 4;
        float[] second = new float[25];
        Arrays.fill(second, 1);
        float[] both = new float[50];
        System.arraycopy(first, 0, both, 0, 25);
        System.arraycopy(second, 0, both, 25, 25);
        float[] blurred = blur(0.7, both, 2, 5, 5);
        assertArrayEquals(blur(0.7, first, 1, 5, 5), Arrays.copyOf(blurred, 25));
        assertArrayEquals(blur(0.7, second, 1, 5, 5), Arrays.copyOfRange(blurred, 25, 50));
    }

    @Test
    void blurRejectsRowsOfOneDimensionNamingTheShapeKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BlurredBaseline(1).forBatch(Plans.rows3(1, 2, 3), NO_SEEDS));
        assertTrue(e.getMessage().contains("input.shape"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BlurredBaseline(0));
        assertThrows(IllegalArgumentException.class, () -> new BlurredBaseline(Double.NaN));
        assertEquals("blur (Gaussian, sigma 1.0)", new BlurredBaseline(1).description());
    }

    // ---- uniform noise ----

    @Test
    void uniformDrawsLieInTheRangeOnePerRowPerDraw() {
        UniformNoiseBaseline uniform = new UniformNoiseBaseline(-0.5f, 2f, 3);
        FeatureBatch inputs = Plans.rows3(new float[3 * 40]);
        List<FeatureBatch> draws = uniform.forBatch(inputs, seeds(40));
        assertEquals(3, draws.size());
        double sum = 0;
        for (FeatureBatch draw : draws) {
            assertEquals(40, draw.rows());
            for (float value : draw.toArray()) {
                assertTrue(value >= -0.5f && value < 2f, "value " + value);
                sum += value;
            }
        }
        // 360 values of mean 0.75 and standard deviation 2.5/√12 ≈ 0.72: the mean is within 5 σ/√n ≈ 0.19
        assertEquals(0.75, sum / 360, 0.19);
        assertThrows(IllegalArgumentException.class, () -> new UniformNoiseBaseline(1f, 1f, 1));
        assertThrows(IllegalArgumentException.class, () -> new UniformNoiseBaseline(0f, 1f, 0));
    }

    @Test
    void uniformDrawsOfARowDependOnItsSeedOnly() {
        UniformNoiseBaseline uniform = new UniformNoiseBaseline(0f, 1f, 2);
        FeatureBatch one = Plans.rows3(1, 2, 3);
        FeatureBatch three = Plans.rows3(new float[9]);
        List<FeatureBatch> alone = uniform.forBatch(one, new long[] {42});
        List<FeatureBatch> last = uniform.forBatch(three, new long[] {5, 6, 42});
        List<FeatureBatch> other = uniform.forBatch(one, new long[] {43});
        for (int d = 0; d < 2; d++) {
            assertArrayEquals(alone.get(d).toArray(), last.get(d).row(2).toArray(), "same seed, same values");
            assertFalse(Arrays.equals(alone.get(d).toArray(), other.get(d).toArray()), "another seed");
        }
        assertFalse(Arrays.equals(alone.get(0).toArray(), alone.get(1).toArray()), "the draws differ");
    }

    @Test
    void integratedGradientsAverageOverTheUniformDraws() {
        UniformNoiseBaseline uniform = new UniformNoiseBaseline(-1f, 1f, 4);
        FeatureBatch x = Plans.rows3(1, -2, 3, 0.5f, 4, -1);
        long[] seeds = {11, 12};
        List<FeatureBatch> draws = uniform.forBatch(x, seeds);
        Attributions result = new IntegratedGradients(new AnalyticPaths(AnalyticPaths.LINEAR3), Defaults.integration())
                .attribute(x, draws, new int[] {0, 2});
        int[] targets = {0, 2};
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 3; i++) {
                double meanBaseline = 0;
                for (FeatureBatch draw : draws) {
                    meanBaseline += draw.toArray()[r * 3 + i] / 4.0;
                }
                double expected = AnalyticPaths.LINEAR3.w()[targets[r]][i] * (x.toArray()[r * 3 + i] - meanBaseline);
                assertEquals(expected, result.row(r)[i], 1e-5, "row " + r + " feature " + i);
            }
            assertEquals(0, result.deltas()[r], 1e-5, "a linear model is complete against every draw");
        }
    }

    private static float[] blur(double sigma, float[] values, int rows, int... rowShape) {
        FeatureBatch batch = FeatureBatch.of(values, rows, rowShape);
        List<FeatureBatch> blurred = new BlurredBaseline(sigma).forBatch(batch, new long[rows]);
        assertEquals(1, blurred.size());
        assertEquals(rows, blurred.get(0).rows(), "one blurred row per input row");
        return blurred.get(0).toArray();
    }

    private static long[] seeds(int rows) {
        long[] seeds = new long[rows];
        Arrays.setAll(seeds, r -> 1000 + r);
        return seeds;
    }
}
