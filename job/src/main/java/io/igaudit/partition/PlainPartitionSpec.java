package io.igaudit.partition;

import java.io.Serializable;

/**
 * What a task needs to attribute a model of one float tensor, besides the common {@link PartitionSpec}.
 * Its input rows are the id columns, then the features (one float column each, or one
 * {@code array<float>} column), then the target index column when the target is per row.
 *
 * @param common the model, rows, counters, statistics and sample
 * @param plan the attribution method with its baselines or background, noise and seed
 * @param rowShape the tensor shape of one row
 * @param arrayFeatures features come in one array column
 * @param xrai XRAI's settings when the method is xrai, else null
 */
public record PlainPartitionSpec(PartitionSpec common, PlanSource plan, int[] rowShape, boolean arrayFeatures,
        io.igaudit.xrai.XraiSettings xrai) implements Serializable {

    /** Number of features per row. */
    public int elementsPerRow() {
        int product = 1;
        for (int dimension : rowShape) {
            product *= dimension;
        }
        return product;
    }
}
