package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.stats.QuantileSketch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whether the model's outputs moved: the predictions' PSI and the predicted classes'. */
class OutputDriftTest {

    private static QuantileSketch normal(long seed, double mean, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        QuantileSketch sketch = new QuantileSketch(200);
        for (int i = 0; i < n; i++) {
            // Box–Muller: a standard normal from two uniforms.
            double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            sketch.update((float) (mean + z));
        }
        return sketch;
    }

    private static RunRecord earlier(Bins predictionBins, String target) {
        RunRecord run = Histories.run("r1", Instant.EPOCH, Histories.tags("/d", Map.of()),
                Histories.features(List.of("a"), new double[] {1}));
        return new RunRecord(run.runId(), run.runTime(), run.tags(), run.outputPath(), run.rows(), run.delta(), run.rowsPerSecond(),
                new RunRecord.Settings("gausslegendre", 50, target, "zeros"), run.features(), run.tokens(), run.inputSnapshot(),
                run.violations(), predictionBins);
    }

    @Test
    void thePredictionsPsiIsNearZeroForTheSameDistributionAndLargeForAShiftedOne() {
        Bins before = AttributionBins.of(normal(1, 0, 20_000));
        RunRecord run = earlier(before, "0");
        double same = OutputDrift.compare(run, normal(2, 0, 20_000), Map.of(), false).predictionPsi();
        double shifted = OutputDrift.compare(run, normal(3, 1, 20_000), Map.of(), false).predictionPsi();
        assertTrue(same < 0.02, "same distribution: " + same);
        // A shift by one standard deviation: the PSI of a normal's deciles is about 1 (far above 0.25).
        assertTrue(shifted > 0.5, "shifted by one sd: " + shifted);
        assertTrue(Double.isNaN(OutputDrift.compare(earlier(Bins.EMPTY, "0"), normal(4, 0, 100), Map.of(), false).predictionPsi()),
                "no bins kept: not compared");
    }

    @Test
    void thePredictedClassesPsiIsTheirSharesPsiAndOnlyForPredictedTargets() {
        // Before 80 % class 0, 20 % class 1; now 50 % / 50 %:
        // (0.5 − 0.8)·ln(0.5/0.8) + (0.5 − 0.2)·ln(0.5/0.2) = 0.141 + 0.275 = 0.416.
        double expected = (0.5 - 0.8) * Math.log(0.5 / 0.8) + (0.5 - 0.2) * Math.log(0.5 / 0.2);
        assertEquals(expected, OutputDrift.classPsi(Map.of(0, 80L, 1, 20L), Map.of(0, 50L, 1, 50L)), 1e-12);
        assertEquals(0.0, OutputDrift.classPsi(Map.of(0, 8L, 1, 2L), Map.of(0, 800L, 1, 200L)), 1e-12, "the same shares");
        RunRecord fixedTarget = earlier(Bins.EMPTY, "0");
        assertTrue(Double.isNaN(OutputDrift.compare(fixedTarget, normal(5, 0, 10), Map.of(0, 5L, 1, 5L), true).predictedClassPsi()),
                "the earlier run's groups were not predicted classes");
    }
}
