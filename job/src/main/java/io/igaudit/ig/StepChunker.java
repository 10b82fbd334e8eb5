package io.igaudit.ig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits the steps of a quadrature into chunks so that one model pass never holds more than a
 * given number of input elements (Captum's {@code internal_batch_size}, in elements instead of
 * rows). It splits along steps only: the caller chooses how many rows go into one batch.
 */
public final class StepChunker {

    private StepChunker() {}

    /** One chunk: steps {@code from} (inclusive) to {@code to} (exclusive). */
    public record StepRange(int from, int to) {
        /** Number of steps in the chunk. */
        public int size() {
            return to - from;
        }
    }

    /**
     * The chunks for {@code steps} steps when one step of the batch has {@code elementsPerStep}
     * input elements (rows × elements per row) and a pass may hold {@code maxElementsPerPass}.
     * At least one step goes into every chunk, whatever the bound.
     */
    public static List<StepRange> split(int steps, long elementsPerStep, long maxElementsPerPass) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (elementsPerStep < 1 || maxElementsPerPass < 1) {
            throw new IllegalArgumentException(
                    "elements per step and per pass must be positive, got "
                            + elementsPerStep + " and " + maxElementsPerPass);
        }
        int stepsPerChunk = (int) Math.max(1, Math.min(steps, maxElementsPerPass / elementsPerStep));
        List<StepRange> chunks = new ArrayList<>();
        for (int from = 0; from < steps; from += stepsPerChunk) {
            chunks.add(new StepRange(from, Math.min(steps, from + stepsPerChunk)));
        }
        return chunks;
    }

    /**
     * The whole path integral of a quadrature in passes under the memory bound: each chunk of
     * steps is one pass, and the chunks' partial sums are added in double.
     *
     * @param steps the nodes and weights
     * @param elementsPerStep elements of one step of the batch (rows × elements per row)
     * @param maxElementsPerPass the most elements one pass may hold
     * @param pass the weighted gradients of one chunk's nodes: flat arrays of the same lengths for every chunk
     * @return the sums, one array per array the pass returns
     */
    public static double[][] sumOverChunks(Quadrature steps, long elementsPerStep, long maxElementsPerPass,
            Function<Quadrature, float[][]> pass) {
        double[][] sums = null;
        for (StepRange chunk : split(steps.steps(), elementsPerStep, maxElementsPerPass)) {
            float[][] partial = pass.apply(steps.slice(chunk.from(), chunk.to()));
            if (sums == null) {
                sums = new double[partial.length][];
                for (int a = 0; a < partial.length; a++) {
                    sums[a] = new double[partial[a].length];
                }
            }
            for (int a = 0; a < partial.length; a++) {
                if (partial[a].length != sums[a].length) {
                    throw new IllegalStateException("a pass gave " + partial[a].length + " gradients where the first gave "
                            + sums[a].length);
                }
                for (int i = 0; i < sums[a].length; i++) {
                    sums[a][i] += partial[a][i];
                }
            }
        }
        return sums;
    }
}
