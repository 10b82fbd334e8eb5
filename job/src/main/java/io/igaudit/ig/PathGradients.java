package io.igaudit.ig;

/**
 * The model as IG needs it: outputs at points, and weighted gradients along the straight path
 * from a baseline to the inputs. Implementations build all interpolated points of a chunk in one
 * operation and run one forward and one backward pass for them.
 */
public interface PathGradients {

    /** The model's outputs at a batch of points (no gradients). */
    ModelOutputs evaluate(FeatureBatch points);

    /**
     * {@code Σ_k w_k ∂F_{t(r)}(x'+ α_k (x_r - x'))/∂x} for every row r of {@code inputs}, over the
     * nodes of {@code steps}, with t(r) = {@code targets[r]}.
     *
     * @param inputs the rows x, B rows
     * @param baseline one row x', the same for every input row
     * @param steps nodes α_k and weights w_k of this chunk
     * @param targets the output index per row
     * @return B × elementsPerRow floats, row-major
     */
    float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets);
}
