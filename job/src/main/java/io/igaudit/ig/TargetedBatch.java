package io.igaudit.ig;

/**
 * A batch ready for an attribution method: rows with their output index already chosen, F(x) at
 * those outputs, and a random seed per row.
 *
 * @param inputs the rows to explain, B rows
 * @param targets the output index per row
 * @param predictions F(x) at the target, per row
 * @param seeds the random seed per row (from {@link RowSeeds})
 * @param origins the rows that baselines are made from, B rows: the inputs themselves, or for
 *     the noisy copies of a noise tunnel the clean row behind each copy (baselines are not noised,
 *     as in Captum's NoiseTunnel)
 */
record TargetedBatch(FeatureBatch inputs, int[] targets, float[] predictions, long[] seeds, FeatureBatch origins) {

    /** Checks that every per-row array has one entry per row. */
    TargetedBatch {
        int rows = inputs.rows();
        if (targets.length != rows || predictions.length != rows || seeds.length != rows || origins.rows() != rows) {
            throw new IllegalArgumentException("targets, predictions, seeds and origins must have one entry per row ("
                    + rows + ")");
        }
    }

    /** Rows that are their own origins, with F(x) computed by {@code model}. */
    static TargetedBatch evaluated(PathGradients model, FeatureBatch inputs, int[] targets, long[] seeds) {
        return new TargetedBatch(inputs, targets, predictionsAt(model.evaluate(inputs), targets), seeds, inputs);
    }

    /** F at each row's target. */
    static float[] predictionsAt(ModelOutputs outputs, int[] targets) {
        float[] predictions = new float[targets.length];
        for (int r = 0; r < targets.length; r++) {
            predictions[r] = outputs.value(r, targets[r]);
        }
        return predictions;
    }

    /** Number of rows. */
    int rows() {
        return inputs.rows();
    }

    /** The chosen rows, in that order (an index may repeat). */
    TargetedBatch select(int[] rows) {
        int[] chosenTargets = new int[rows.length];
        float[] chosenPredictions = new float[rows.length];
        long[] chosenSeeds = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            chosenTargets[i] = targets[rows[i]];
            chosenPredictions[i] = predictions[rows[i]];
            chosenSeeds[i] = seeds[rows[i]];
        }
        FeatureBatch chosenInputs = inputs.select(rows);
        FeatureBatch chosenOrigins = origins == inputs ? chosenInputs : origins.select(rows);
        return new TargetedBatch(chosenInputs, chosenTargets, chosenPredictions, chosenSeeds, chosenOrigins);
    }
}
