package io.igaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The progress ETA follows the recent rate: the start's model loading and slow first batches drop out. */
class RecentRateTest {

    @Test
    void noRateBeforeTwoSamplesWithRows() {
        RecentRate rate = new RecentRate(60);
        rate.add(10, 0);
        rate.add(20, 0);
        assertTrue(rate.rowsPerSecond().isEmpty(), "waiting for the model");
        rate.add(30, 500);
        assertTrue(rate.secondsLeft(10_000).isEmpty(), "one sample with rows says no rate yet");
        rate.add(40, 1_500);
        assertEquals(100, rate.rowsPerSecond().getAsDouble(), 1e-9);
        assertEquals((10_000 - 1_500) / 100.0, rate.secondsLeft(10_000).getAsDouble(), 1e-9);
    }

    @Test
    void aSlowStartLeavesTheWindow() {
        RecentRate rate = new RecentRate(60);
        // 20 s for the first 100 rows (warm-up), then 1,000 rows/s
        rate.add(20, 100);
        for (int t = 30; t <= 200; t += 10) {
            rate.add(t, 100 + (t - 20) * 1_000L);
        }
        assertEquals(1_000, rate.rowsPerSecond().getAsDouble(), 1e-9, "only the last minute counts");
        double wholeRunRate = (100 + 180 * 1_000.0) / 200;
        assertTrue(wholeRunRate < 1_000, "the whole run's rate would understate it");
        assertEquals(20, rate.secondsLeft(100 + 200 * 1_000L).getAsDouble(), 1e-9);
    }
}
