package io.igaudit.xrai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XRAI's ranking of candidate regions by attribution density, as PAIR's saliency library does it
 * ({@code XRAI._xrai} and {@code _xrai_fast}): the density of a region is the mean attribution of
 * the pixels it adds to those already chosen. Ties go to the region found first.
 *
 * <ul>
 *   <li><b>full</b>: repeatedly choose the region of highest density over the pixels not yet
 *       chosen, dropping regions that would add fewer than {@code minPixelDiff} pixels, until the
 *       chosen area passes {@code areaThreshold} or no region is left;
 *   <li><b>fast</b>: order the regions once by their own density, then take them in that order,
 *       skipping those that add fewer than {@code minPixelDiff} pixels.
 * </ul>
 *
 * Pixels no region reached form a last region of their own. Masks are held as bit sets, 64 pixels
 * a word.
 */
public final class XraiRanking {

    /** Which ranking. */
    public enum Algorithm {
        FULL,
        FAST
    }

    /**
     * The ranked regions.
     *
     * @param ranks each pixel's region: 1 = the densest, row-major
     * @param densities the density of region k + 1 at index k
     */
    public record Regions(int[] ranks, double[] densities) {

        /** The density of each pixel's region: XRAI's saliency map. */
        public double[] densityMap() {
            double[] map = new double[ranks.length];
            for (int p = 0; p < ranks.length; p++) {
                map[p] = densities[ranks[p] - 1];
            }
            return map;
        }
    }

    private XraiRanking() {}

    /**
     * @param attribution one value per pixel (channels already merged)
     * @param masks the candidate regions, in the order ties go by
     */
    public static Regions rank(double[] attribution, List<boolean[]> masks, Algorithm algorithm, int minPixelDiff,
            double areaThreshold) {
        int pixels = attribution.length;
        List<long[]> bits = new ArrayList<>(masks.size());
        for (boolean[] mask : masks) {
            bits.add(toBits(mask));
        }
        List<Chosen> chosen = algorithm == Algorithm.FULL ? full(attribution, bits, minPixelDiff, areaThreshold)
                : fast(attribution, bits, minPixelDiff);
        long[] covered = new long[words(pixels)];
        for (Chosen region : chosen) {
            orInto(covered, region.pixels);
        }
        List<Chosen> ordered = new ArrayList<>(chosen);
        ordered.sort(Comparator.comparingDouble((Chosen c) -> -c.density)); // stable
        long[] rest = new long[covered.length];
        for (int w = 0; w < rest.length; w++) {
            rest[w] = ~covered[w];
        }
        clearBeyond(rest, pixels);
        if (count(rest) > 0) {
            ordered.add(new Chosen(rest, density(attribution, rest)));
        }
        int[] ranks = new int[pixels];
        double[] densities = new double[ordered.size()];
        for (int k = 0; k < ordered.size(); k++) {
            densities[k] = ordered.get(k).density;
            long[] region = ordered.get(k).pixels;
            for (int p = nextSet(region, 0); p >= 0; p = nextSet(region, p + 1)) {
                ranks[p] = k + 1;
            }
        }
        return new Regions(ranks, densities);
    }

    /** A chosen region: the pixels it added, and their mean attribution. */
    private record Chosen(long[] pixels, double density) {}

    /**
     * A region's density over the pixels not yet chosen changes only when the last chosen region
     * overlaps it: the others keep the value computed before, which is the same sum over the same
     * pixels.
     */
    private static List<Chosen> full(double[] attribution, List<long[]> masks, int minPixelDiff, double areaThreshold) {
        Map<Integer, long[]> remaining = new LinkedHashMap<>();
        int[] addedCount = new int[masks.size()];
        double[] gain = new double[masks.size()];
        long[] current = new long[words(attribution.length)];
        for (int i = 0; i < masks.size(); i++) {
            remaining.put(i, masks.get(i));
            addedCount[i] = count(masks.get(i));
            gain[i] = density(attribution, masks.get(i));
        }
        int coveredCount = 0;
        List<Chosen> chosen = new ArrayList<>();
        while ((double) coveredCount / attribution.length <= areaThreshold) {
            double best = Double.NEGATIVE_INFINITY;
            Integer bestKey = null;
            for (Iterator<Map.Entry<Integer, long[]>> it = remaining.entrySet().iterator(); it.hasNext(); ) {
                int key = it.next().getKey();
                if (addedCount[key] < minPixelDiff) {
                    it.remove();
                    continue;
                }
                if (gain[key] > best) {
                    best = gain[key];
                    bestKey = key;
                }
            }
            if (remaining.isEmpty() || bestKey == null) {
                break;
            }
            long[] added = difference(remaining.remove(bestKey), current);
            chosen.add(new Chosen(added, best));
            orInto(current, added);
            coveredCount = count(current);
            for (Map.Entry<Integer, long[]> entry : remaining.entrySet()) {
                if (intersects(entry.getValue(), added)) {
                    long[] stillAdded = difference(entry.getValue(), current);
                    addedCount[entry.getKey()] = count(stillAdded);
                    gain[entry.getKey()] = density(attribution, stillAdded);
                }
            }
        }
        return chosen;
    }

    private static boolean intersects(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            if ((a[w] & b[w]) != 0) {
                return true;
            }
        }
        return false;
    }

    private static List<Chosen> fast(double[] attribution, List<long[]> masks, int minPixelDiff) {
        List<Integer> order = new ArrayList<>();
        double[] own = new double[masks.size()];
        for (int i = 0; i < masks.size(); i++) {
            order.add(i);
            own[i] = density(attribution, masks.get(i));
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -own[i])); // stable
        long[] current = new long[words(attribution.length)];
        List<Chosen> chosen = new ArrayList<>();
        for (int i : order) {
            long[] added = difference(masks.get(i), current);
            if (count(added) < minPixelDiff) {
                continue;
            }
            chosen.add(new Chosen(added, density(attribution, added)));
            orInto(current, masks.get(i));
        }
        return chosen;
    }

    private static int words(int pixels) {
        return (pixels + 63) >>> 6;
    }

    private static long[] toBits(boolean[] mask) {
        long[] bits = new long[words(mask.length)];
        for (int p = 0; p < mask.length; p++) {
            if (mask[p]) {
                bits[p >>> 6] |= 1L << p;
            }
        }
        return bits;
    }

    private static void clearBeyond(long[] bits, int pixels) {
        if ((pixels & 63) != 0) {
            bits[bits.length - 1] &= (1L << pixels) - 1;
        }
    }

    private static long[] difference(long[] mask, long[] base) {
        long[] added = new long[mask.length];
        for (int w = 0; w < mask.length; w++) {
            added[w] = mask[w] & ~base[w];
        }
        return added;
    }

    private static void orInto(long[] target, long[] bits) {
        for (int w = 0; w < target.length; w++) {
            target[w] |= bits[w];
        }
    }

    private static int count(long[] bits) {
        int n = 0;
        for (long word : bits) {
            n += Long.bitCount(word);
        }
        return n;
    }

    private static int nextSet(long[] bits, int from) {
        int w = from >>> 6;
        if (w >= bits.length) {
            return -1;
        }
        long word = bits[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == bits.length) {
                return -1;
            }
            word = bits[w];
        }
    }

    /** The mean attribution over a mask's pixels, summed in pixel order; -∞ for an empty mask. */
    private static double density(double[] attribution, long[] mask) {
        double sum = 0;
        int n = 0;
        for (int p = nextSet(mask, 0); p >= 0; p = nextSet(mask, p + 1)) {
            sum += attribution[p];
            n++;
        }
        return n == 0 ? Double.NEGATIVE_INFINITY : sum / n;
    }
}
