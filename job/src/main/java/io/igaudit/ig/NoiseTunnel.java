package io.igaudit.ig;

import java.util.SplittableRandom;

/**
 * A noise tunnel (Captum's {@code NoiseTunnel}) around an attribution method: copy n of row r is
 * {@code x_r + N(0, stdev²)}, drawn from a generator seeded with (row seed, n); the method
 * attributes the noisy copies (so with multiply-by-inputs the multiplier is {@code x_noisy - x'};
 * baselines are made from the clean row) and the copies' results are combined per
 * {@link NoiseType}, in float64. F(x) stays the clean row's; F(x'), the delta and its parts are
 * means over the copies; steps is the most any copy took; a row converged when all its copies did.
 *
 * <p>Copies go to the method in groups of at most {@code maxElementsPerPass / elementsPerRow} rows
 * (at least one copy per group).
 */
final class NoiseTunnel implements BatchAttributor {

    private final PathGradients model;
    private final BatchAttributor method;
    private final NoiseOptions noise;
    private final long maxElementsPerPass;

    NoiseTunnel(PathGradients model, BatchAttributor method, NoiseOptions noise, long maxElementsPerPass) {
        this.model = model;
        this.method = method;
        this.noise = noise;
        this.maxElementsPerPass = maxElementsPerPass;
    }

    @Override
    public AdaptiveAttributions attribute(TargetedBatch batch) {
        int copies = noise.samples();
        long total = (long) batch.rows() * copies;
        int elements = batch.inputs().elementsPerRow();
        int perGroup = (int) Math.max(1, Math.min(total, maxElementsPerPass / elements));
        Combined combined = new Combined(batch.rows(), elements);
        // copy c of the batch is copy c % copies of row c / copies
        for (long from = 0; from < total; from += perGroup) {
            int size = (int) Math.min(perGroup, total - from);
            int[] rows = new int[size];
            int[] copyIndices = new int[size];
            for (int i = 0; i < size; i++) {
                rows[i] = (int) ((from + i) / copies);
                copyIndices[i] = (int) ((from + i) % copies);
            }
            AdaptiveAttributions part = method.attribute(noisyCopies(batch, rows, copyIndices));
            combined.add(part, rows);
        }
        return combined.result(batch, noise);
    }

    /** The copies {@code copyIndices[i]} of rows {@code rows[i]}, with F at the noisy points. */
    private TargetedBatch noisyCopies(TargetedBatch batch, int[] rows, int[] copyIndices) {
        TargetedBatch clean = batch.select(rows);
        float[] values = clean.inputs().toArray();
        int elements = batch.inputs().elementsPerRow();
        long[] seeds = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            SplittableRandom random = new SplittableRandom(RowSeeds.mixIn(batch.seeds()[rows[i]], copyIndices[i]));
            seeds[i] = random.nextLong();
            for (int e = 0; e < elements; e++) {
                values[i * elements + e] += (float) (noise.stdev() * random.nextGaussian());
            }
        }
        FeatureBatch noisy = FeatureBatch.of(values, rows.length, batch.inputs().rowShape());
        float[] predictions = TargetedBatch.predictionsAt(model.evaluate(noisy), clean.targets());
        return new TargetedBatch(noisy, clean.targets(), predictions, seeds, clean.origins());
    }

    /** Running sums over the copies of each row. */
    private static final class Combined {
        private final int elements;
        private final double[] sum;
        private final double[] sumOfSquares;
        private final double[] baselinePredictions;
        private final double[] deltas;
        private final int[] steps;
        private final boolean[] converged;
        private long evaluations;

        Combined(int rows, int elements) {
            this.elements = elements;
            sum = new double[rows * elements];
            sumOfSquares = new double[rows * elements];
            baselinePredictions = new double[rows];
            deltas = new double[rows];
            steps = new int[rows];
            converged = new boolean[rows];
            java.util.Arrays.fill(converged, true);
        }

        void add(AdaptiveAttributions part, int[] rows) {
            Attributions a = part.attributions();
            for (int i = 0; i < rows.length; i++) {
                int row = rows[i];
                for (int e = 0; e < elements; e++) {
                    double value = a.values()[i * elements + e];
                    sum[row * elements + e] += value;
                    sumOfSquares[row * elements + e] += value * value;
                }
                baselinePredictions[row] += a.baselinePredictions()[i];
                deltas[row] += a.deltas()[i];
                steps[row] = Math.max(steps[row], part.stepsUsed()[i]);
                converged[row] &= part.converged()[i];
            }
            evaluations += part.gradientEvaluations();
        }

        AdaptiveAttributions result(TargetedBatch batch, NoiseOptions noise) {
            int rows = batch.rows();
            double copies = noise.samples();
            float[] values = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                double mean = sum[i] / copies;
                double meanOfSquares = sumOfSquares[i] / copies;
                values[i] = (float) switch (noise.type()) {
                    case SMOOTHGRAD -> mean;
                    case SMOOTHGRAD_SQ -> meanOfSquares;
                    case VARGRAD -> Math.max(0, meanOfSquares - mean * mean); // rounding may dip below 0
                };
            }
            float[] meanBaselines = new float[rows];
            float[] meanDeltas = new float[rows];
            for (int r = 0; r < rows; r++) {
                meanBaselines[r] = (float) (baselinePredictions[r] / copies);
                meanDeltas[r] = (float) (deltas[r] / copies);
            }
            Attributions attributions = new Attributions(
                    values, rows, elements, batch.targets(), batch.predictions(), meanBaselines, meanDeltas);
            return new AdaptiveAttributions(attributions, steps, converged, evaluations);
        }
    }
}
