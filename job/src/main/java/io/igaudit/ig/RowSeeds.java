package io.igaudit.ig;

import java.nio.FloatBuffer;

/**
 * A random seed per row made from the row's values and the run's seed, so that a row draws the
 * same random numbers whatever its batch, its position in the batch or its partition. Each float's
 * bits are mixed in with the SplitMix64 finaliser (Steele, Lea, Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014). Every NaN counts as the same value;
 * {@code -0.0} and {@code 0.0} give different seeds.
 */
public final class RowSeeds {

    /** The odd constant SplitMix64 adds per step (2^64 / golden ratio). */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private RowSeeds() {}

    /** One seed per row of {@code rows}, from its values and {@code seed}. */
    public static long[] of(FeatureBatch rows, long seed) {
        int elements = rows.elementsPerRow();
        FloatBuffer values = rows.floats();
        long[] seeds = new long[rows.rows()];
        for (int r = 0; r < seeds.length; r++) {
            long hash = mix64(seed);
            for (int i = 0; i < elements; i++) {
                hash = mixIn(hash, Float.floatToIntBits(values.get(r * elements + i)));
            }
            seeds[r] = hash;
        }
        return seeds;
    }

    /** A seed derived from {@code seed} and a small number, e.g. the copy index of a noise tunnel. */
    static long mixIn(long seed, long value) {
        return mix64(seed + GOLDEN_GAMMA + value);
    }

    /** The SplitMix64 finaliser: a bijection of 64-bit values that spreads every input bit. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
