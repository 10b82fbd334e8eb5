package io.igaudit.ig;


/**
 * The model as the attribution methods need it: outputs at points, and gradients of one output per
 * row at many points of each row's path. Implementations build all points of a call in one
 * operation and run one forward and one backward pass for them.
 */
public interface PathGradients {

    /** The model's outputs at a batch of points (no gradients). */
    ModelOutputs evaluate(FeatureBatch points);

    /**
     * {@code Σ_k w_k ∂F_{t(r)}(x'_r + α_k (x_r - x'_r))/∂x} for every row r of {@code inputs}, over
     * the nodes of {@code steps}, with t(r) = {@code targets[r]}: the straight-line path of
     * Integrated Gradients.
     *
     * @param inputs the rows x, B rows
     * @param baseline x': one row shared by every input row, or B rows (row r for input row r)
     * @param steps nodes α_k and weights w_k of this chunk
     * @param targets the output index per row
     * @return B × elementsPerRow floats, row-major
     */
    float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets);

    /**
     * The same sums as {@link #weightedGradients} for several targets per row: {@code targets[j]}
     * holds one output index per row, and entry j of the result is what {@code weightedGradients}
     * gives for {@code targets[j]}. This default makes one call per target; a model that can take
     * every target's gradient from one forward pass overrides it.
     */
    default float[][] weightedGradientsForTargets(
            FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets) {
        float[][] sums = new float[targets.length][];
        for (int j = 0; j < targets.length; j++) {
            sums[j] = weightedGradients(inputs, baseline, steps, targets[j]);
        }
        return sums;
    }

    /**
     * The whole path integral of {@link #weightedGradientsForTargets} over every node of
     * {@code steps}, in passes that each hold at most {@code maxElementsPerPass} elements. This
     * default splits the steps by input elements ({@link StepChunker}) and adds the partial sums;
     * a model that can integrate with less arithmetic (an affine first layer, say) overrides it.
     *
     * @return one array of B × elementsPerRow floats per entry of {@code targets}
     */
    default float[][] pathIntegrals(
            FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets, long maxElementsPerPass) {
        long elementsPerStep = (long) inputs.rows() * inputs.elementsPerRow();
        if (StepChunker.split(steps.steps(), elementsPerStep, maxElementsPerPass).size() == 1) {
            return passForTargets(inputs, baseline, steps, targets);
        }
        double[][] sums = StepChunker.sumOverChunks(steps, elementsPerStep, maxElementsPerPass,
                chunk -> passForTargets(inputs, baseline, chunk, targets));
        float[][] result = new float[targets.length][(int) elementsPerStep];
        for (int t = 0; t < targets.length; t++) {
            for (int i = 0; i < sums[t].length; i++) {
                result[t][i] = (float) sums[t][i];
            }
        }
        return result;
    }

    /** One pass: a single target through weightedGradients, several through one shared forward. */
    private float[][] passForTargets(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets) {
        if (targets.length == 1) {
            return new float[][] {weightedGradients(inputs, baseline, steps, targets[0])};
        }
        return weightedGradientsForTargets(inputs, baseline, steps, targets);
    }

    /**
     * Gradients at one random point per (row, reference), as Expected Gradients needs them:
     * {@code Σ_s (x_r - x'_{s,r}) ⊙ ∂F_{t(r)}(x'_{s,r} + α_{s,r} (x_r - x'_{s,r}))/∂x} for every row r
     * of {@code inputs}, summed (not averaged) over the S references of the row.
     *
     * @param inputs the rows x, B rows
     * @param references S·B rows, sample-major: row {@code s·B + r} is the s-th reference of input row r
     * @param alphas S·B interpolation coefficients in [0, 1], in the order of {@code references}
     * @param targets the output index per input row
     * @return B × elementsPerRow floats, row-major
     */
    float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets);

    /**
     * Gradients at given points, weighted element by element, as a path that is not a straight
     * line needs them (Blur IG): {@code Σ_s w_{s,r} ⊙ ∂F_{t(r)}(p_{s,r})/∂x} for every row r.
     *
     * @param points S·B rows, sample-major: row {@code s·B + r} is point s of row r
     * @param weights one weight per element of {@code points}, in the same order
     * @param rows B, the number of rows the points belong to
     * @param targets the output index per row
     * @return B × elementsPerRow floats, row-major
     */
    default float[] pointGradients(FeatureBatch points, float[] weights, int rows, int[] targets) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " gives no gradients at arbitrary points");
    }
}
