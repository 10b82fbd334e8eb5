package io.igaudit.xrai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.Samples;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XRAI's regions against PAIR's saliency library's algorithm with scikit-image 0.19, on
 * scikit-learn's flower photograph at 224x224 (references made by scripts/make-sample-models.py
 * --only images, scripts/igsamples/xrai_reference.py). The segmentations are compared as
 * partitions (labels may differ in name where edges of equal weight are taken in another order);
 * the rankings are compared exactly on the reference's own segmentations, so that segmentation
 * differences do not carry into them.
 */
class XraiAgainstPairTest {

    private static final int SIDE = 224;
    private static final int[] SCALES = {50, 100, 150, 250, 500, 1200};

    private static double[] image;
    private static List<int[]> referenceSegments;
    private static double[] attribution;

    @BeforeAll
    static void load() throws IOException {
        BufferedImage flower = ImageIO.read(Samples.file("images/reference/flower224.png").toFile());
        Raster raster = flower.getRaster();
        image = new double[SIDE * SIDE * 3];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = raster.getSample(x, y, c);
                    image[(y * SIDE + x) * 3 + c] = v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        for (int i = 0; i < image.length; i++) {
            image[i] = (image[i] - min) / (max - min) * 2 - 1; // PAIR's _normalize_image to [-1, 1]
        }
        referenceSegments = new ArrayList<>();
        for (int scale : SCALES) {
            referenceSegments.add(labels("images/reference/flower224_felzenszwalb_" + scale + ".png"));
        }
        attribution = new double[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                attribution[y * SIDE + x] = Math.sin(x / 17.0) * Math.cos(y / 23.0) + 0.002 * x - 0.001 * y;
            }
        }
    }

    private static int[] labels(String file) throws IOException {
        Raster raster = ImageIO.read(Samples.file(file).toFile()).getRaster();
        int[] labels = new int[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                labels[y * SIDE + x] = raster.getSample(x, y, 0);
            }
        }
        return labels;
    }

    /** The share of pixels whose segment, matched to the other partition's segment it overlaps most, agrees; the worse direction. */
    static double partitionAgreement(int[] a, int[] b) {
        return Math.min(matched(a, b), matched(b, a));
    }

    private static double matched(int[] a, int[] b) {
        Map<Integer, Map<Integer, Integer>> overlaps = new HashMap<>();
        for (int p = 0; p < a.length; p++) {
            overlaps.computeIfAbsent(a[p], k -> new HashMap<>()).merge(b[p], 1, Integer::sum);
        }
        int agreeing = 0;
        for (Map<Integer, Integer> row : overlaps.values()) {
            agreeing += row.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return (double) agreeing / a.length;
    }

    @Test
    void segmentationsAgreeWithScikitImage() {
        for (int s = 0; s < SCALES.length; s++) {
            long started = System.nanoTime();
            int[] ours = Felzenszwalb.segment(image, SIDE, SIDE, 3, SCALES[s], 0.8, 150);
            double agreement = partitionAgreement(ours, referenceSegments.get(s));
            int segments = java.util.Arrays.stream(ours).max().orElse(0) + 1;
            int expected = java.util.Arrays.stream(referenceSegments.get(s)).max().orElse(0) + 1;
            System.out.printf("felzenszwalb scale %d: %d segments (skimage %d), agreement %.5f, %.0f ms%n", SCALES[s], segments,
                    expected, agreement, (System.nanoTime() - started) / 1e6);
            assertTrue(agreement >= 0.99, "scale " + SCALES[s] + ": " + agreement);
        }
    }

    @Test
    void rankingsEqualPairsOnTheSameSegments() throws IOException {
        List<boolean[]> masks = RegionMasks.of(referenceSegments, SIDE, SIDE, 5);
        for (String name : List.of("full", "fast")) {
            long started = System.nanoTime();
            XraiRanking.Regions regions = XraiRanking.rank(attribution, masks,
                    name.equals("full") ? XraiRanking.Algorithm.FULL : XraiRanking.Algorithm.FAST, 50, 1.0);
            System.out.printf("xrai %s: %d masks, %d regions, %.0f ms%n", name, masks.size(), regions.densities().length,
                    (System.nanoTime() - started) / 1e6);
            double[] densities = column(Samples.readNumericCsv(Samples.file("images/reference/flower224_xrai_" + name + ".csv")));
            assertEquals(densities.length, regions.densities().length, name + ": regions");
            assertArrayEquals(densities, regions.densities(), 1e-12, name + ": densities in rank order");
            assertArrayEquals(labels("images/reference/flower224_xrai_" + name + ".png"), regions.ranks(), name + ": ranks");
        }
    }

    private static double[] column(double[][] rows) {
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][0];
        }
        return values;
    }
}
