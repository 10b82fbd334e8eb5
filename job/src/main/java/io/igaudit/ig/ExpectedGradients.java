package io.igaudit.ig;

import java.util.SplittableRandom;

/**
 * Expected Gradients (Erion, Janizek, Sturmfels, Lundberg, Lee, "Improving performance of deep
 * learning models with axiomatic attribution priors and expected gradients", Nature Machine
 * Intelligence 2021): Integrated Gradients averaged over references drawn from a background, with
 * the path integral replaced by one random point per reference:
 * {@code φ(x) = (1/S) Σ_s (x - x'_s) ⊙ ∇F(x'_s + α_s (x - x'_s))}, x'_s uniform over the background
 * and α_s uniform in (0, 1). Completeness holds in expectation only: the delta is taken against the
 * mean of F(x'_s) over the drawn references.
 *
 * <p>Row r draws its references and alphas from a generator seeded with its row seed. The samples
 * are split into chunks whose size depends only on the row length and the memory bound, never on
 * the batch, so a row's sums are the same in any batch.
 */
final class ExpectedGradients implements BatchAttributor {

    private final PathGradients model;
    private final BackgroundRows background;
    private final int samples;
    private final long maxElementsPerPass;

    ExpectedGradients(PathGradients model, BackgroundRows background, int samples, long maxElementsPerPass) {
        this.model = model;
        this.background = background;
        this.samples = samples;
        this.maxElementsPerPass = maxElementsPerPass;
    }

    @Override
    public AdaptiveAttributions attribute(TargetedBatch batch) {
        int rows = batch.rows();
        int elements = batch.inputs().elementsPerRow();
        if (background.elementsPerRow() != elements) {
            throw new IllegalArgumentException("attribution.background rows have " + background.elementsPerRow()
                    + " values but input rows have " + elements);
        }
        Draws draws = Draws.of(batch.seeds(), samples, background.rows());
        int samplesPerPass = (int) Math.max(1, Math.min(samples, maxElementsPerPass / elements));
        int rowsPerPass = (int) Math.max(1, Math.min(rows, maxElementsPerPass / ((long) samplesPerPass * elements)));
        double[] sums = new double[rows * elements];
        double[] referencePredictions = new double[rows];
        for (int from = 0; from < rows; from += rowsPerPass) {
            int to = Math.min(rows, from + rowsPerPass);
            for (int s = 0; s < samples; s += samplesPerPass) {
                addPass(batch, draws, from, to, s, Math.min(samples, s + samplesPerPass), sums, referencePredictions);
            }
        }
        return result(batch, sums, referencePredictions);
    }

    /** One model pass: samples [sFrom, sTo) of rows [from, to), added to the running sums. */
    private void addPass(TargetedBatch batch, Draws draws, int from, int to, int sFrom, int sTo,
            double[] sums, double[] referencePredictions) {
        int rows = to - from;
        int count = sTo - sFrom;
        int elements = background.elementsPerRow();
        int[] chosenRows = new int[rows];
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            chosenRows[r] = from + r;
            targets[r] = batch.targets()[from + r];
        }
        // references: (count · rows, elements), sample-major: row s·rows + r is sample sFrom + s of row from + r
        float[] references = new float[count * rows * elements];
        float[] alphas = new float[count * rows];
        for (int s = 0; s < count; s++) {
            for (int r = 0; r < rows; r++) {
                background.copyRow(draws.reference(from + r, sFrom + s), references, (s * rows + r) * elements);
                alphas[s * rows + r] = draws.alpha(from + r, sFrom + s);
            }
        }
        FeatureBatch referenceBatch = FeatureBatch.of(references, count * rows, batch.inputs().rowShape());
        float[] gradients = model.sampledGradients(batch.inputs().select(chosenRows), referenceBatch, alphas, targets);
        ModelOutputs atReferences = model.evaluate(referenceBatch);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < elements; i++) {
                sums[(from + r) * elements + i] += gradients[r * elements + i];
            }
            for (int s = 0; s < count; s++) {
                referencePredictions[from + r] += atReferences.value(s * rows + r, targets[r]);
            }
        }
    }

    /** Means over the samples, with the delta against the mean F of the references. */
    private AdaptiveAttributions result(TargetedBatch batch, double[] sums, double[] referencePredictions) {
        int rows = batch.rows();
        float[] values = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            values[i] = (float) (sums[i] / samples);
        }
        float[] baselinePredictions = new float[rows];
        for (int r = 0; r < rows; r++) {
            baselinePredictions[r] = (float) (referencePredictions[r] / samples);
        }
        int elements = batch.inputs().elementsPerRow();
        float[] deltas = Completeness.deltas(values, elements, batch.predictions(), baselinePredictions);
        Attributions attributions = new Attributions(
                values, rows, elements, batch.targets(), batch.predictions(), baselinePredictions, deltas);
        return AdaptiveAttributions.ofFixedSteps(attributions, samples, (long) rows * samples);
    }

    /** The reference index and alpha of every (row, sample), drawn per row from its seed. */
    private record Draws(int[][] references, float[][] alphas) {

        static Draws of(long[] seeds, int samples, int backgroundRows) {
            int[][] references = new int[seeds.length][samples];
            float[][] alphas = new float[seeds.length][samples];
            for (int r = 0; r < seeds.length; r++) {
                SplittableRandom random = new SplittableRandom(seeds[r]);
                for (int s = 0; s < samples; s++) {
                    references[r][s] = random.nextInt(backgroundRows);
                    alphas[r][s] = openUnit(random);
                }
            }
            return new Draws(references, alphas);
        }

        /** Uniform in (0, 1): the generator's [0, 1) without 0. */
        private static float openUnit(SplittableRandom random) {
            double alpha;
            do {
                alpha = random.nextDouble();
            } while (alpha == 0.0);
            return (float) alpha;
        }

        int reference(int row, int sample) {
            return references[row][sample];
        }

        float alpha(int row, int sample) {
            return alphas[row][sample];
        }
    }
}
