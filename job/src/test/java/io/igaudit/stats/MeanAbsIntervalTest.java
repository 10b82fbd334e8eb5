package io.igaudit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The confidence interval of a mean |attribution| from a sample: the spread of |a| derived from the
 * moments of a against a brute-force computation, the half-width against the formula's value, and
 * the coverage over many seeded samples of a synthetic population.
 */
class MeanAbsIntervalTest {

    /** Values of both signs: a shifted normal, with a heavy tail. */
    private static double[] population(int size, long seed) {
        Random random = new Random(seed);
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            double x = random.nextGaussian() * 0.8 + 0.3;
            values[i] = random.nextInt(10) == 0 ? x * 4 : x;
        }
        return values;
    }

    private static ValueMoments moments(double[] values) {
        ValueMoments moments = new ValueMoments();
        for (double v : values) {
            moments.add((float) v, true);
        }
        return moments;
    }

    @Test
    void spreadOfAbsoluteValuesFromTheSignedMomentsMatchesBruteForce() {
        double[] values = population(501, 7);
        double meanAbs = 0;
        for (double v : values) {
            meanAbs += Math.abs((float) v);
        }
        meanAbs /= values.length;
        double squares = 0;
        for (double v : values) {
            double d = Math.abs((float) v) - meanAbs;
            squares += d * d;
        }
        double bruteForce = Math.sqrt(squares / (values.length - 1));
        ValueMoments m = moments(values);
        assertEquals(bruteForce, MeanAbsInterval.absStd(m.count(), m.mean(), m.meanAbs(), m.std()), 1e-9 * bruteForce);
    }

    @Test
    void valuesOfOneMagnitudeHaveNoSpreadInTheirAbsoluteValue() {
        // a = ±1 alternating: mean 0, std √(n/(n−1)), but |a| = 1 everywhere.
        int n = 100;
        MeanAbsInterval interval = MeanAbsInterval.of(n, 0, 1, Math.sqrt(n / (n - 1.0)), 0.01);
        assertEquals(1, interval.meanAbsCiLow(), 1e-12);
        assertEquals(1, interval.meanAbsCiHigh(), 1e-12);
    }

    @Test
    void halfWidthIsZTimesTheStandardErrorWithTheFinitePopulationCorrection() {
        // Positive values: |a| = a, so the spread of |a| is the std. n = 10,000, s = 2, f = 1 %:
        // 1.96 · 2 / 100 · √0.99 = 0.039003.
        MeanAbsInterval interval = MeanAbsInterval.of(10_000, 5, 5, 2, 0.01);
        assertEquals(0.0390031, interval.meanAbsCiHigh() - 5, 1e-6);
        assertEquals(0.0390031, 5 - interval.meanAbsCiLow(), 1e-6);
        MeanAbsInterval half = MeanAbsInterval.of(10_000, 5, 5, 2, 0.5);
        assertEquals(1.959964 * 0.02 * Math.sqrt(0.5), half.meanAbsCiHigh() - 5, 1e-6);
    }

    @Test
    void eachTableTakesTheIntervalOverItsOwnValues() {
        // Positive values, s = 0.5, a 10 % sample: half-width 1.96 · 0.5 / √n · √0.9.
        double perValue = MeanAbsInterval.Z_95 * 0.5 * Math.sqrt(0.9);
        FeatureRow feature = new FeatureRow("a", 0, null, 400, new FeatureRow.Moments(2, 2, 0.5),
                new FeatureRow.Quantiles(1, 3, 1, 2, 2, 2, 3), 1, 1, 1).withSampleFraction(0.1);
        assertEquals(perValue / 20, feature.meanAbsCi().meanAbsCiHigh() - 2, 1e-12, "n = the group's 400 rows");
        TokenRow token = new TokenRow(7, "wheat", null, false, 100, 10, 2, 2, 0.5, 1, 200, 1, 1, 0).withSampleFraction(0.1);
        assertEquals(perValue / 10, token.meanAbsCi().meanAbsCiHigh() - 2, 1e-12, "n = the token's 100 occurrences");
        CategoryRow category = new CategoryRow("colour", 0, 3, "red", 1, 25, 0.5, 2, 2, 0.5, 1, 1).withSampleFraction(0.1);
        assertEquals(perValue / 5, category.meanAbsCi().meanAbsCiHigh() - 2, 1e-12, "n = the category's 25 rows");
        assertSame(MeanAbsInterval.NONE, token.withSampleFraction(1).meanAbsCi(), "no interval for every row");
    }

    @Test
    void lowEndStaysAtZeroOrAbove() {
        assertEquals(0, MeanAbsInterval.of(3, 0.1, 0.1, 5, 0.01).meanAbsCiLow());
    }

    @Test
    void noIntervalForEveryRowOrBelowTwoValues() {
        assertSame(MeanAbsInterval.NONE, MeanAbsInterval.of(1000, 1, 2, 1, 1.0));
        assertSame(MeanAbsInterval.NONE, MeanAbsInterval.of(1, 1, 1, Double.NaN, 0.1));
        assertFalse(MeanAbsInterval.NONE.known());
        assertFalse(MeanAbsInterval.NONE.contains(1));
    }

    /** Over many seeded Bernoulli samples, the share of intervals that hold the population's mean |a|. */
    private static double coverage(double[] population, double fraction, int samples) {
        double truth = 0;
        for (double v : population) {
            truth += Math.abs((float) v);
        }
        truth /= population.length;
        Random random = new Random(42);
        int inside = 0;
        for (int s = 0; s < samples; s++) {
            ValueMoments m = new ValueMoments();
            for (double v : population) {
                if (random.nextDouble() < fraction) {
                    m.add((float) v, true);
                }
            }
            if (MeanAbsInterval.of(m.count(), m.mean(), m.meanAbs(), m.std(), fraction).contains(truth)) {
                inside++;
            }
        }
        return (double) inside / samples;
    }

    @Test
    void intervalsHoldThePopulationMeanAbout95PercentOfTheTime() {
        double[] population = population(20_000, 11);
        double onePercent = coverage(population, 0.01, 1000);
        assertTrue(onePercent > 0.85 && onePercent < 0.995, "coverage at 1 %: " + onePercent);
        // Half the rows: without the finite-population correction the intervals would be √2 too
        // wide and hold the mean about 99.4 % of the time.
        double half = coverage(population, 0.5, 1000);
        assertTrue(half > 0.90 && half < 0.985, "coverage at 50 %: " + half);
    }
}
