package io.igaudit.ig;

/**
 * Explains batches with the method of an {@link ExplainPlan}: chooses each row's targets once on the
 * clean inputs, gives each row its seed, and runs Integrated Gradients (fixed or adaptive steps) or
 * Expected Gradients, inside a noise tunnel when the plan has noise.
 *
 * <p>With several targets per row ({@link TargetRule.Several}, T of them) the result has
 * {@code rows × T} rows in the order {@code r·T + t}. Fixed-step IG without noise takes every
 * target's gradients from one forward pass; every other method repeats each row T times with its
 * own target, which gives the same results.
 *
 * <p>Thread-safe when the model is: it keeps no state between calls.
 */
public final class Explainer {

    private final PathGradients model;
    private final ExplainPlan plan;
    private final BatchAttributor method;

    /** An explainer of {@code model}'s outputs as {@code plan} says. */
    public Explainer(PathGradients model, ExplainPlan plan) {
        this.model = model;
        this.plan = plan;
        this.method = BatchAttributor.of(model, plan);
    }

    /**
     * Attributions for every row of {@code inputs} and every target {@code rule} gives it.
     *
     * @return {@code inputs.rows() × rule.perRow()} rows, in the order {@code r·T + t}
     */
    public AdaptiveAttributions explain(FeatureBatch inputs, TargetRule rule) {
        ModelOutputs atInputs = model.evaluate(inputs);
        int[] targets = rule.resolve(atInputs); // rows × T, order r·T + t
        int perRow = rule.perRow();
        // Hashing every row's values costs about as much as packing it; only random draws need it.
        long[] seeds = plan.drawsRandomly() ? RowSeeds.of(inputs, plan.seed()) : new long[inputs.rows()];
        if (perRow > 1 && plan.sharesForwardAcrossTargets()) {
            return sharedForward(inputs, atInputs, targets, perRow, seeds);
        }
        int[] rows = repeatedRows(inputs.rows(), perRow);
        long[] repeatedSeeds = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            repeatedSeeds[i] = seeds[rows[i]];
        }
        FeatureBatch expanded = perRow == 1 ? inputs : inputs.select(rows);
        TargetedBatch batch = new TargetedBatch(
                expanded, targets, predictionsAt(atInputs, rows, targets), repeatedSeeds, expanded);
        return method.attribute(batch);
    }

    /** Fixed-step IG of every target of each row, all targets from one forward pass per chunk. */
    private AdaptiveAttributions sharedForward(
            FeatureBatch inputs, ModelOutputs atInputs, int[] targets, int perRow, long[] seeds) {
        int rows = inputs.rows();
        int[][] byTarget = new int[perRow][rows];
        float[][] predictions = new float[perRow][rows];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < perRow; t++) {
                byTarget[t][r] = targets[r * perRow + t];
                predictions[t][r] = atInputs.value(r, byTarget[t][r]);
            }
        }
        java.util.List<FeatureBatch> baselines = plan.baselines().forBatch(inputs, seeds);
        Attributions result = new IntegratedGradients(model, plan.integration())
                .attributeForTargets(inputs, baselines, byTarget, predictions);
        int steps = plan.integration().steps();
        return AdaptiveAttributions.ofFixedSteps(result, steps, (long) result.rows() * steps * baselines.size());
    }

    /** Row r repeated T times: entry r·T + t is r. */
    private static int[] repeatedRows(int rows, int perRow) {
        int[] repeated = new int[rows * perRow];
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = i / perRow;
        }
        return repeated;
    }

    private static float[] predictionsAt(ModelOutputs atInputs, int[] rows, int[] targets) {
        float[] predictions = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            predictions[i] = atInputs.value(rows[i], targets[i]);
        }
        return predictions;
    }
}
