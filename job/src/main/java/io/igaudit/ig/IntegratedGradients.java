package io.igaudit.ig;

import java.util.List;

/**
 * Integrated Gradients over a {@link PathGradients} model (Sundararajan et al. 2017, eq. 1):
 * {@code IG_i(x) = (x_i - x'_i) · ∫_0^1 ∂F(x' + α(x - x'))/∂x_i dα}, approximated by a
 * {@link Quadrature}. The steps are split into chunks under the memory bound and the partial
 * sums added; with several baselines the attribution is the mean over them and the delta is taken
 * against the mean of F(x').
 *
 * <p>Thread-safe when the model is: it keeps no state between calls.
 */
public final class IntegratedGradients {

    private final PathGradients model;
    private final IgOptions options;
    private final Quadrature quadrature;

    /** An integrator over {@code model} with {@code options}. */
    public IntegratedGradients(PathGradients model, IgOptions options) {
        this.model = model;
        this.options = options;
        this.quadrature = options.rule().quadrature(options.steps());
    }

    /** The options in use. */
    public IgOptions options() {
        return options;
    }

    /**
     * Attributions for every row of {@code inputs}.
     *
     * @param inputs the rows to explain
     * @param baselines one or more baseline rows, each applied to every input row
     * @param targetRule which output to explain
     */
    public Attributions attribute(FeatureBatch inputs, FeatureBatch baselines, TargetRule targetRule) {
        if (!inputs.sameRowShape(baselines)) {
            throw new IllegalArgumentException(
                    "baseline rows have shape " + java.util.Arrays.toString(baselines.rowShape())
                            + " but input rows have shape " + java.util.Arrays.toString(inputs.rowShape()));
        }
        ModelOutputs atInputs = model.evaluate(inputs);
        int[] targets = targetRule.resolve(atInputs);
        ModelOutputs atBaselines = model.evaluate(baselines);

        int rows = inputs.rows();
        int elements = inputs.elementsPerRow();
        int baselineCount = baselines.rows();
        float[] x = inputs.toArray();
        double[] attributions = new double[rows * elements];
        double[] complete = options.multiplyByInputs() ? attributions : new double[rows * elements];
        double[] baselinePredictions = new double[rows];

        for (int b = 0; b < baselineCount; b++) {
            FeatureBatch baseline = baselines.row(b);
            float[] pathGradients = integrateAlongPath(inputs, baseline, targets);
            float[] xPrime = baseline.toArray();
            for (int r = 0; r < rows; r++) {
                int offset = r * elements;
                for (int i = 0; i < elements; i++) {
                    double gradient = pathGradients[offset + i];
                    double scaled = gradient * ((double) x[offset + i] - xPrime[i]);
                    complete[offset + i] += scaled / baselineCount;
                    if (!options.multiplyByInputs()) {
                        attributions[offset + i] += gradient / baselineCount;
                    }
                }
                baselinePredictions[r] += (double) atBaselines.value(b, targets[r]) / baselineCount;
            }
        }

        float[] predictions = new float[rows];
        float[] meanBaselinePredictions = new float[rows];
        for (int r = 0; r < rows; r++) {
            predictions[r] = atInputs.value(r, targets[r]);
            meanBaselinePredictions[r] = (float) baselinePredictions[r];
        }
        float[] deltas = Completeness.deltas(toFloats(complete), elements, predictions, meanBaselinePredictions);
        return new Attributions(
                toFloats(attributions), rows, elements, targets, predictions, meanBaselinePredictions, deltas);
    }

    /** Σ_k w_k ∇F(x' + α_k(x - x')) per row, chunk by chunk under the memory bound. */
    private float[] integrateAlongPath(FeatureBatch inputs, FeatureBatch baseline, int[] targets) {
        long elementsPerStep = (long) inputs.rows() * inputs.elementsPerRow();
        List<StepChunker.StepRange> chunks =
                StepChunker.split(quadrature.steps(), elementsPerStep, options.maxElementsPerPass());
        if (chunks.size() == 1) {
            return model.weightedGradients(inputs, baseline, quadrature, targets);
        }
        double[] sum = new double[(int) elementsPerStep];
        for (StepChunker.StepRange chunk : chunks) {
            float[] partial = model.weightedGradients(
                    inputs, baseline, quadrature.slice(chunk.from(), chunk.to()), targets);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += partial[i];
            }
        }
        return toFloats(sum);
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
