package io.igaudit.ig;

import java.util.Arrays;
import java.util.List;

/**
 * Integrated Gradients at a layer (Captum's {@code LayerIntegratedGradients}): for inputs that
 * have no gradient (token ids, categorical codes) the path runs through the layer's output instead
 * of the inputs. With {@code l = layer(x)} and {@code l' = layer(x')}, the points are
 * {@code l' + α_k (l − l')}; the rest of the model takes each point together with the original
 * inputs x, unchanged at every step (masks are never interpolated). A layer element's attribution
 * is {@code (l − l') · Σ_k w_k ∂F/∂l(point_k)}; a row's attributions are then summed over every
 * dimension after the second, giving one value per attributed feature (token position, column),
 * the features of a layer tuple's parts one after another. The delta is
 * {@code Σ attributions − (F(x) − F(x'))}, with F the whole model, as Captum reports it.
 *
 * <p>The layer runs once per row and once per baseline row; only the rest of the model runs per
 * step, in chunks of steps that hold at most {@code maxElementsPerPass} layer elements.
 *
 * <p>Thread-safe when the model is: it keeps no state between calls.
 */
public final class LayerIntegratedGradients {

    private final LayerGradients model;
    private final IgOptions options;
    private final Quadrature quadrature;

    /** An integrator over {@code model} with {@code options} (rule, steps, multiply-by-inputs, memory bound). */
    public LayerIntegratedGradients(LayerGradients model, IgOptions options) {
        this.model = model;
        this.options = options;
        this.quadrature = options.rule().quadrature(options.steps());
    }

    /** The options in use. */
    public IgOptions options() {
        return options;
    }

    /**
     * Attributions of every row for T target sets.
     *
     * @param inputs the rows x, B rows
     * @param baseline x', 1 row (shared) or B rows; the same tensors, types and row shapes as the inputs
     * @param targets T arrays of one output index per row
     * @return B × T rows in the order {@code r·T + t}, one value per attributed feature
     */
    public Attributions attribute(InputBatch inputs, InputBatch baseline, int[][] targets) {
        return attribute(inputs, model.evaluate(inputs), baseline, targets);
    }

    /** As {@link #attribute(InputBatch, InputBatch, int[][])}, with forward(x) already known. */
    public Attributions attribute(InputBatch inputs, ModelOutputs atInputs, InputBatch baseline, int[][] targets) {
        requireLayout(inputs, atInputs, baseline, targets);
        int rows = inputs.rows();
        InputBatch perRowBaseline = baseline.rows() == rows ? baseline : baseline.select(new int[rows]);
        ModelOutputs atBaseline = model.evaluate(perRowBaseline);
        LayerActivations end = model.layer(inputs);
        LayerActivations start = model.layer(perRowBaseline);
        requireSameLayer(end, start, rows);
        LayerActivations difference = difference(end, start);
        double[][][] sums = integrate(start, difference, inputs, targets); // [t][p]: (B, E_p)
        return attributions(difference, sums, targets, atInputs, atBaseline);
    }

    /** Σ_k w_k ∂F/∂l per target and part, in chunks of steps under the memory bound, added in double. */
    private double[][][] integrate(LayerActivations start, LayerActivations difference, InputBatch inputs, int[][] targets) {
        int parts = start.size();
        double[][] flat = StepChunker.sumOverChunks(quadrature, (long) start.rows() * start.elementsPerRow(),
                options.maxElementsPerPass(), chunk -> {
                    float[][][] partial = model.weightedLayerGradients(start, difference, inputs, chunk, targets);
                    float[][] byTargetAndPart = new float[targets.length * parts][];
                    for (int t = 0; t < targets.length; t++) {
                        System.arraycopy(partial[t], 0, byTargetAndPart, t * parts, parts);
                    }
                    return byTargetAndPart;
                });
        double[][][] sums = new double[targets.length][parts][];
        for (int t = 0; t < targets.length; t++) {
            for (int p = 0; p < parts; p++) {
                sums[t][p] = flat[t * parts + p];
                int expected = start.rows() * start.part(p).elementsPerRow();
                if (sums[t][p].length != expected) {
                    throw new IllegalStateException("the model gave " + sums[t][p].length
                            + " layer gradients for part " + p + ", expected " + expected);
                }
            }
        }
        return sums;
    }

    /**
     * Per row and target: each layer element's attribution summed over the dimensions after the
     * features, the parts' features one after another; and the delta of the complete attributions.
     */
    private Attributions attributions(LayerActivations difference, double[][][] sums, int[][] targets,
            ModelOutputs atInputs, ModelOutputs atBaseline) {
        int rows = difference.rows();
        int perRow = targets.length;
        int features = difference.featuresPerRow();
        float[][] d = new float[difference.size()][];
        for (int p = 0; p < difference.size(); p++) {
            d[p] = difference.part(p).toArray();
        }
        float[] values = new float[rows * perRow * features];
        int[] allTargets = new int[rows * perRow];
        float[] predictions = new float[rows * perRow];
        float[] baselinePredictions = new float[rows * perRow];
        float[] deltas = new float[rows * perRow];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < perRow; t++) {
                int out = r * perRow + t;
                double total = 0;
                int feature = out * features;
                for (int p = 0; p < difference.size(); p++) {
                    int[] shape = difference.part(p).rowShape();
                    int perFeature = difference.part(p).elementsPerRow() / shape[0]; // elements after the features
                    int offset = r * difference.part(p).elementsPerRow();
                    for (int f = 0; f < shape[0]; f++) {
                        double complete = 0;
                        double gradientOnly = 0;
                        for (int i = offset + f * perFeature; i < offset + (f + 1) * perFeature; i++) {
                            complete += sums[t][p][i] * d[p][i];
                            gradientOnly += sums[t][p][i];
                        }
                        values[feature++] = (float) (options.multiplyByInputs() ? complete : gradientOnly);
                        total += complete;
                    }
                }
                int target = targets[t][r];
                allTargets[out] = target;
                predictions[out] = atInputs.value(r, target);
                baselinePredictions[out] = atBaseline.value(r, target);
                deltas[out] = (float) (total - ((double) predictions[out] - baselinePredictions[out]));
            }
        }
        return new Attributions(values, rows * perRow, features, allTargets, predictions, baselinePredictions, deltas);
    }

    /** l − l' part by part. */
    private static LayerActivations difference(LayerActivations end, LayerActivations start) {
        FeatureBatch[] parts = new FeatureBatch[end.size()];
        for (int p = 0; p < end.size(); p++) {
            float[] l = end.part(p).toArray();
            float[] lPrime = start.part(p).toArray();
            for (int i = 0; i < l.length; i++) {
                l[i] -= lPrime[i];
            }
            parts[p] = FeatureBatch.of(l, end.rows(), end.part(p).rowShape());
        }
        return new LayerActivations(List.of(parts));
    }

    private static void requireSameLayer(LayerActivations end, LayerActivations start, int rows) {
        if (end.rows() != rows || start.rows() != rows) {
            throw new IllegalArgumentException("the layer gave " + end.rows() + " and " + start.rows()
                    + " rows for inputs and baselines of " + rows + " rows");
        }
        if (!end.sameRowShapes(start)) {
            throw new IllegalArgumentException("the layer's row shapes differ between inputs "
                    + end.describeRowShapes() + " and baselines " + start.describeRowShapes());
        }
    }

    private static void requireLayout(InputBatch inputs, ModelOutputs atInputs, InputBatch baseline, int[][] targets) {
        if (baseline.rows() != 1 && baseline.rows() != inputs.rows()) {
            throw new IllegalArgumentException("the baseline has " + baseline.rows() + " rows for " + inputs.rows()
                    + " input rows; it needs 1 (shared) or one per row");
        }
        if (atInputs.rows() != inputs.rows()) {
            throw new IllegalArgumentException(atInputs.rows() + " outputs for " + inputs.rows() + " rows");
        }
        if (baseline.size() != inputs.size()) {
            throw new IllegalArgumentException("the baseline has " + baseline.size() + " tensors, the inputs "
                    + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            InputTensor x = inputs.tensor(i);
            InputTensor xPrime = baseline.tensor(i);
            if (x.type() != xPrime.type() || !Arrays.equals(x.rowShape(), xPrime.rowShape())) {
                throw new IllegalArgumentException("baseline tensor " + xPrime + " does not match input tensor " + x);
            }
        }
        if (targets.length == 0) {
            throw new IllegalArgumentException("at least one target per row is needed");
        }
        for (int[] perRow : targets) {
            if (perRow.length != inputs.rows()) {
                throw new IllegalArgumentException(perRow.length + " targets for " + inputs.rows()
                        + " rows; they need one per row");
            }
            for (int target : perRow) {
                if (target < 0 || target >= atInputs.width()) {
                    throw new IllegalArgumentException("target " + target + " is outside the model's "
                            + atInputs.width() + " outputs");
                }
            }
        }
    }
}
