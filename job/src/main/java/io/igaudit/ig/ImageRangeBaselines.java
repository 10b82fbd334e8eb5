package io.igaudit.ig;

import java.util.List;

/**
 * XRAI's two baselines for each row: every element the row's smallest value, and every element
 * its largest (the darkest and the brightest flat image of the row's own range); the attribution
 * is the mean over the two.
 */
public record ImageRangeBaselines() implements BaselineSource {

    @Override
    public List<FeatureBatch> forBatch(FeatureBatch inputs, long[] rowSeeds) {
        int rows = inputs.rows();
        int elements = inputs.elementsPerRow();
        float[] values = inputs.toArray();
        float[] lows = new float[values.length];
        float[] highs = new float[values.length];
        for (int r = 0; r < rows; r++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = r * elements; i < (r + 1) * elements; i++) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
            java.util.Arrays.fill(lows, r * elements, (r + 1) * elements, min);
            java.util.Arrays.fill(highs, r * elements, (r + 1) * elements, max);
        }
        return List.of(FeatureBatch.of(lows, rows, inputs.rowShape()), FeatureBatch.of(highs, rows, inputs.rowShape()));
    }

    @Override
    public String description() {
        return "each image's minimum and maximum, averaged (XRAI)";
    }
}
