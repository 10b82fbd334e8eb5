package io.igaudit.ig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fixed baseline rows (zeros, a constant, the data's mean, rows from a file): each row is applied
 * to every input row and the attribution is the mean over the rows.
 *
 * @param values the baseline rows, row-major
 * @param rows number of rows
 * @param rowShape the shape of one row, as the inputs'
 * @param description how the rows were made, e.g. "zeros"
 */
public record FixedBaselines(float[] values, int rows, int[] rowShape, String description) implements BaselineSource {

    /** Checks the values against the declared shape. */
    public FixedBaselines {
        if (rows < 1 || values.length != (long) rows * FeatureBatch.elementsOf(rowShape)) {
            throw new IllegalArgumentException(values.length + " baseline values do not fit " + rows
                    + " rows of " + Arrays.toString(rowShape));
        }
        values = values.clone();
        rowShape = rowShape.clone();
    }

    @Override
    public List<FeatureBatch> forBatch(FeatureBatch inputs, long[] rowSeeds) {
        return sharedRows(FeatureBatch.of(values, rows, rowShape));
    }

    /** The rows of {@code baselines} as one-row batches, each to be shared by every input row. */
    static List<FeatureBatch> sharedRows(FeatureBatch baselines) {
        List<FeatureBatch> eachRow = new ArrayList<>(baselines.rows());
        for (int b = 0; b < baselines.rows(); b++) {
            eachRow.add(baselines.row(b));
        }
        return eachRow;
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public int[] rowShape() {
        return rowShape.clone();
    }
}
