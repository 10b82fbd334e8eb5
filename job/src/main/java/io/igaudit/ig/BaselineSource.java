package io.igaudit.ig;

import java.util.List;

/**
 * Where the baselines x' of Integrated Gradients come from, batch by batch: fixed rows, or rows
 * made from each input (blurred, or random with a seed per row). Sturmfels, Lundberg, Lee,
 * "Visualizing the Impact of Feature Attribution Baselines", Distill 2020, compares these choices.
 */
public interface BaselineSource extends java.io.Serializable {

    /**
     * k ≥ 1 baseline batches for these inputs; each has 1 row (applied to every input row) or
     * {@code inputs.rows()} rows (row r for input row r). The attribution is the mean over them.
     *
     * @param inputs the rows to explain
     * @param rowSeeds one random seed per input row (see {@link RowSeeds})
     */
    List<FeatureBatch> forBatch(FeatureBatch inputs, long[] rowSeeds);

    /** How the baseline was made, for run.json and the report, e.g. "blur (Gaussian, sigma 1.0)". */
    String description();
}
