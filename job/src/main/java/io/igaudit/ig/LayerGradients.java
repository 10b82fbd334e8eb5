package io.igaudit.ig;

/**
 * A model split at a layer, as layer Integrated Gradients needs it (Captum's
 * {@code LayerIntegratedGradients}): {@code forward(x)}, the layer {@code l = layer(x)}, and
 * gradients of the rest of the model, {@code F(l, x)} with {@code forward(x) = F(layer(x), x)}, with
 * respect to the layer's tensors. The original inputs x go to the rest of the model unchanged at
 * every point of the path; only the layer's tensors are interpolated.
 */
public interface LayerGradients {

    /** {@code forward(x)} for every row (no gradients). */
    ModelOutputs evaluate(InputBatch inputs);

    /** The layer's tensors at every row, {@code layer(x)}, rows first. */
    LayerActivations layer(InputBatch inputs);

    /**
     * {@code Σ_k w_k ∂F_{t(r)}(s_r + α_k d_r, x_r)/∂l} for every row r, over the nodes of
     * {@code steps}, with t(r) = {@code targets[j][r]} for each target set j.
     *
     * @param start the start of each row's path s = layer(x'), B rows
     * @param difference d = layer(x) − layer(x'), B rows, the same row shapes as {@code start}
     * @param inputs the rows x, B rows, passed to the rest of the model unchanged at every node
     * @param steps nodes α_k and weights w_k of this chunk
     * @param targets T arrays of one output index per row
     * @return {@code [target j][part p]}: B × (elements per row of part p) floats, row-major
     */
    float[][][] weightedLayerGradients(
            LayerActivations start, LayerActivations difference, InputBatch inputs, Quadrature steps, int[][] targets);
}
