package io.igaudit.ig;

import java.util.Arrays;
import java.util.List;

/**
 * Integrated Gradients over a {@link PathGradients} model (Sundararajan et al. 2017, eq. 1):
 * {@code IG_i(x) = (x_i - x'_i) · ∫_0^1 ∂F(x' + α(x - x'))/∂x_i dα}, approximated by a
 * {@link Quadrature}. The steps are split into chunks under the memory bound and the partial
 * sums added; with several baselines the attribution is the mean over them and the delta is taken
 * against the mean of F(x').
 *
 * <p>A baseline batch has one row (shared by every input row) or one row per input row. Several
 * outputs of the same rows can be explained from one forward pass per chunk
 * ({@link PathGradients#weightedGradientsForTargets}).
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
     * @param targetRule which output to explain (one per row; {@link TargetRule.Several} goes
     *     through {@link Explainer})
     */
    public Attributions attribute(FeatureBatch inputs, FeatureBatch baselines, TargetRule targetRule) {
        requireOneTargetPerRow(targetRule);
        List<FeatureBatch> eachRow = FixedBaselines.sharedRows(baselines);
        ModelOutputs atInputs = model.evaluate(inputs);
        return attribute(inputs, eachRow, targetRule.resolve(atInputs));
    }

    /**
     * Attributions for every row of {@code inputs} against baseline batches such as a
     * {@link BaselineSource} gives: the mean over the batches.
     *
     * @param inputs the rows to explain, B rows
     * @param baselines k ≥ 1 batches of 1 row (shared) or B rows (row r for input row r)
     * @param targets the output index per row
     */
    public Attributions attribute(FeatureBatch inputs, List<FeatureBatch> baselines, int[] targets) {
        return attribute(TargetedBatch.evaluated(model, inputs, targets, new long[inputs.rows()]), baselines);
    }

    /** Attributions for a batch whose F(x) is known. */
    Attributions attribute(TargetedBatch batch, List<FeatureBatch> baselines) {
        return integrate(batch.inputs(), baselines, new int[][] {batch.targets()}, new float[][] {batch.predictions()});
    }

    /**
     * Attributions of every row for several outputs, with one forward pass per chunk for all of
     * them; result row {@code r·T + t} explains {@code targets[t][r]}.
     *
     * @param targets T arrays of one output index per row
     * @param predictions F(x) at those outputs, T arrays of one value per row
     */
    Attributions attributeForTargets(
            FeatureBatch inputs, List<FeatureBatch> baselines, int[][] targets, float[][] predictions) {
        return integrate(inputs, baselines, targets, predictions);
    }

    /** This integrator as a method over targeted batches, with baselines from {@code source}. */
    BatchAttributor over(BaselineSource source) {
        return batch -> {
            List<FeatureBatch> baselines = source.forBatch(batch.origins(), batch.seeds());
            Attributions result = attribute(batch, baselines);
            return AdaptiveAttributions.ofFixedSteps(
                    result, quadrature.steps(), (long) batch.rows() * quadrature.steps() * baselines.size());
        };
    }

    /** The integral for T targets per row; rows of the result in the order r·T + t. */
    private Attributions integrate(FeatureBatch inputs, List<FeatureBatch> baselines, int[][] targets, float[][] predictions) {
        requireBaselinesFit(inputs, baselines);
        int rows = inputs.rows();
        int elements = inputs.elementsPerRow();
        int perRow = targets.length;
        int count = baselines.size();
        float[] x = inputs.toArray();
        double[][] attributions = new double[perRow][rows * elements];
        double[][] complete = options.multiplyByInputs() ? attributions : new double[perRow][rows * elements];
        double[][] baselinePredictions = new double[perRow][rows];

        for (FeatureBatch baseline : baselines) {
            ModelOutputs atBaseline = model.evaluate(baseline);
            float[][] pathGradients = integrateAlongPath(inputs, baseline, targets);
            float[] xPrime = baseline.toArray();
            boolean shared = baseline.rows() == 1;
            for (int t = 0; t < perRow; t++) {
                for (int r = 0; r < rows; r++) {
                    int offset = r * elements;
                    int baselineRow = shared ? 0 : r;
                    int baselineOffset = baselineRow * elements;
                    for (int i = 0; i < elements; i++) {
                        double gradient = pathGradients[t][offset + i];
                        double scaled = gradient * ((double) x[offset + i] - xPrime[baselineOffset + i]);
                        complete[t][offset + i] += scaled / count;
                        if (!options.multiplyByInputs()) {
                            attributions[t][offset + i] += gradient / count;
                        }
                    }
                    baselinePredictions[t][r] += (double) atBaseline.value(baselineRow, targets[t][r]) / count;
                }
            }
        }
        return interleave(attributions, complete, baselinePredictions, targets, predictions, elements);
    }

    /** One Attributions of rows × T rows (order r·T + t) from T per-target arrays. */
    private static Attributions interleave(double[][] attributions, double[][] complete, double[][] baselinePredictions,
            int[][] targets, float[][] predictions, int elements) {
        int perRow = targets.length;
        int rows = targets[0].length;
        float[] values = new float[rows * perRow * elements];
        float[] completeValues = new float[values.length];
        int[] allTargets = new int[rows * perRow];
        float[] allPredictions = new float[rows * perRow];
        float[] allBaselinePredictions = new float[rows * perRow];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < perRow; t++) {
                int out = r * perRow + t;
                for (int i = 0; i < elements; i++) {
                    values[out * elements + i] = (float) attributions[t][r * elements + i];
                    completeValues[out * elements + i] = (float) complete[t][r * elements + i];
                }
                allTargets[out] = targets[t][r];
                allPredictions[out] = predictions[t][r];
                allBaselinePredictions[out] = (float) baselinePredictions[t][r];
            }
        }
        float[] deltas = Completeness.deltas(completeValues, elements, allPredictions, allBaselinePredictions);
        return new Attributions(
                values, rows * perRow, elements, allTargets, allPredictions, allBaselinePredictions, deltas);
    }

    /** Σ_k w_k ∇F_t(x' + α_k(x - x')) per target and row, in passes under the memory bound. */
    private float[][] integrateAlongPath(FeatureBatch inputs, FeatureBatch baseline, int[][] targets) {
        return model.pathIntegrals(inputs, baseline, quadrature, targets, options.maxElementsPerPass());
    }

    /** Rejects {@link TargetRule.Several} at the entry points that give one result row per input row. */
    static void requireOneTargetPerRow(TargetRule targetRule) {
        if (targetRule.perRow() != 1) {
            throw new IllegalArgumentException(
                    "several targets per row are explained by Explainer, not by attribute(inputs, baselines, rule)");
        }
    }

    /** Every baseline batch has the input's row shape and 1 or B rows. */
    static void requireBaselinesFit(FeatureBatch inputs, List<FeatureBatch> baselines) {
        if (baselines.isEmpty()) {
            throw new IllegalArgumentException("at least one baseline batch is needed");
        }
        for (FeatureBatch baseline : baselines) {
            if (!inputs.sameRowShape(baseline)) {
                throw new IllegalArgumentException(
                        "baseline rows have shape " + Arrays.toString(baseline.rowShape())
                                + " but input rows have shape " + Arrays.toString(inputs.rowShape()));
            }
            if (baseline.rows() != 1 && baseline.rows() != inputs.rows()) {
                throw new IllegalArgumentException("a baseline batch must have 1 row or one per input row ("
                        + inputs.rows() + "), got " + baseline.rows());
            }
        }
    }
}
