package io.igaudit.ig;

/**
 * Explains batches of several input tensors with layer Integrated Gradients: chooses each row's
 * targets on forward(x), makes each row's baseline ({@link InputBaselines}), and integrates every
 * target from one pass of the rest of the model per chunk of steps.
 *
 * <p>With several targets per row ({@link TargetRule.Several}, T of them) the result has
 * {@code rows × T} rows in the order {@code r·T + t}, as {@link Explainer}'s.
 *
 * <p>Thread-safe when the model is: it keeps no state between calls.
 */
public final class LayerExplainer {

    private final LayerGradients model;
    private final LayerIntegratedGradients integrator;
    private final InputBaselines baselines;

    /** An explainer of {@code model} with {@code options} against {@code baselines}. */
    public LayerExplainer(LayerGradients model, IgOptions options, InputBaselines baselines) {
        this.model = model;
        this.integrator = new LayerIntegratedGradients(model, options);
        this.baselines = baselines;
    }

    /**
     * Attributions for every row of {@code inputs} and every target {@code rule} gives it: one
     * value per attributed feature of the layer, F(x), F(x') and the delta per result row.
     *
     * @return {@code inputs.rows() × rule.perRow()} rows, in the order {@code r·T + t}
     */
    public AdaptiveAttributions explain(InputBatch inputs, TargetRule rule) {
        ModelOutputs atInputs = model.evaluate(inputs);
        int[] targets = rule.resolve(atInputs); // rows × T, order r·T + t
        int rows = inputs.rows();
        int perRow = rule.perRow();
        int[][] byTarget = new int[perRow][rows];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < perRow; t++) {
                byTarget[t][r] = targets[r * perRow + t];
            }
        }
        // Seeds only matter to random float baselines; layer attribution keeps them fixed.
        InputBatch baseline = baselines.of(inputs, new long[rows]);
        Attributions result = integrator.attribute(inputs, atInputs, baseline, byTarget);
        int steps = integrator.options().steps();
        return AdaptiveAttributions.ofFixedSteps(result, steps, (long) result.rows() * steps);
    }
}
