package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.StepChunker.StepRange;
import io.igaudit.testing.Defaults;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chunks of steps: exact contiguous cover of 0..steps, each under the element bound. */
class StepChunkerTest {

    @ParameterizedTest(name = "steps={0} perStep={1} bound={2}")
    @CsvSource({
        "1, 1, 1",
        "50, 1, 1",
        "50, 30, 4194304",
        "50, 30, 300",
        "50, 30, 299",
        "50, 30, 31",
        "50, 30, 30",
        "50, 30, 29",
        "7, 3, 10",
        "64, 1000, 64000",
        "64, 1000, 63999",
        "100000, 1, 99999",
        "3, 9223372036854775807, 9223372036854775807",
        "5, 4294967296, 9223372036854775807"
    })
    void chunksCoverEveryStepOnceInOrder(int steps, long perStep, long bound) {
        List<StepRange> chunks = StepChunker.split(steps, perStep, bound);
        int next = 0;
        for (StepRange chunk : chunks) {
            assertEquals(next, chunk.from(), "chunks are contiguous");
            assertTrue(chunk.size() >= 1, "no empty chunk: " + chunk);
            next = chunk.to();
        }
        assertEquals(steps, next, "chunks end at the last step");
    }

    @ParameterizedTest(name = "steps={0} perStep={1} bound={2}")
    @CsvSource({
        "50, 30, 4194304",
        "50, 30, 300",
        "50, 30, 299",
        "50, 30, 31",
        "50, 30, 30",
        "7, 3, 10",
        "64, 1000, 63999",
        "5, 4294967296, 9223372036854775807"
    })
    void everyChunkFitsTheBoundWithAsFewChunksAsPossible(int steps, long perStep, long bound) {
        List<StepRange> chunks = StepChunker.split(steps, perStep, bound);
        for (StepRange chunk : chunks) {
            assertTrue(chunk.size() * perStep <= bound, chunk + " holds " + chunk.size() * perStep);
        }
        long fitting = Math.min(steps, bound / perStep);
        assertEquals((steps + fitting - 1) / fitting, chunks.size(), "ceil(steps / steps that fit)");
    }

    @ParameterizedTest(name = "steps={0} perStep={1} bound={2}")
    @CsvSource({"50, 30, 29", "4, 1000, 1", "1, 2, 1"})
    void aStepOverTheBoundGoesAloneInItsChunk(int steps, long perStep, long bound) {
        List<StepRange> chunks = StepChunker.split(steps, perStep, bound);
        assertEquals(steps, chunks.size());
        for (int k = 0; k < steps; k++) {
            assertEquals(new StepRange(k, k + 1), chunks.get(k));
        }
    }

    @Test
    void aGenerousBoundGivesOneChunk() {
        assertEquals(List.of(new StepRange(0, 50)), StepChunker.split(50, 30, Defaults.integration().maxElementsPerPass()));
    }

    @Test
    void sevenStepsOfThreeUnderTenSplitThreeThreeOne() {
        assertEquals(
                List.of(new StepRange(0, 3), new StepRange(3, 6), new StepRange(6, 7)),
                StepChunker.split(7, 3, 10));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> StepChunker.split(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> StepChunker.split(-3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> StepChunker.split(5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> StepChunker.split(5, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> StepChunker.split(5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> StepChunker.split(5, 1, -10));
    }

    @Test
    void stepRangeSizeIsToMinusFrom() {
        assertEquals(4, new StepRange(3, 7).size());
    }

    @Test
    void sumOverChunksAddsEveryNodeOnceWhateverTheBound() {
        double[] alphas = {0.1, 0.3, 0.5, 0.7, 0.9};
        double[] weights = {0.2, 0.2, 0.2, 0.2, 0.2};
        Quadrature steps = new Quadrature(alphas, weights);
        // A "pass" returns, per node, w_k·α_k in one array and w_k in another: the sums are Σ w_k α_k and Σ w_k.
        java.util.function.Function<Quadrature, float[][]> pass = chunk -> {
            float[][] out = {new float[2], new float[1]};
            for (int k = 0; k < chunk.steps(); k++) {
                out[0][0] += (float) (chunk.weights()[k] * chunk.alphas()[k]);
                out[0][1] += 1;
                out[1][0] += (float) chunk.weights()[k];
            }
            return out;
        };
        for (long bound : new long[] {3, 6, 9, 1_000}) {
            double[][] sums = StepChunker.sumOverChunks(steps, 3, bound, pass);
            assertEquals(0.5, sums[0][0], 1e-6, "Σ w α with a bound of " + bound);
            assertEquals(5, sums[0][1], 0.0, "every node once with a bound of " + bound);
            assertEquals(1.0, sums[1][0], 1e-6);
        }
    }

    @Test
    void sumOverChunksRefusesPassesOfDifferentLengths() {
        Quadrature steps = new Quadrature(new double[] {0.25, 0.75}, new double[] {0.5, 0.5});
        int[] calls = {0};
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> StepChunker.sumOverChunks(steps, 1, 1, chunk -> new float[][] {new float[++calls[0]]}));
        assertTrue(error.getMessage().contains("2 gradients where the first gave 1"), error.getMessage());
    }
}
