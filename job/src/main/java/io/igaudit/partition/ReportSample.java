package io.igaudit.partition;

import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.RowSeeds;

/**
 * The rows of a batch sampled for the report: each row with probability {@code fraction}, decided
 * by a hash of its values, so a retried task samples the same rows and the choice does not depend
 * on partitioning.
 */
final class ReportSample {

    private final float[][] features;
    private final int count;
    private final int elementsPerRow;

    private ReportSample(float[][] features, int count, int elementsPerRow) {
        this.features = features;
        this.count = count;
        this.elementsPerRow = elementsPerRow;
    }

    /** The sampled rows of {@code batch}, with copies of their features. */
    static ReportSample of(FeatureBatch batch, double fraction, long seed) {
        int elements = batch.elementsPerRow();
        float[][] features = new float[batch.rows()][];
        int count = 0;
        if (fraction > 0) {
            long[] hashes = RowSeeds.of(batch, seed);
            for (int row = 0; row < batch.rows(); row++) {
                if ((hashes[row] >>> 11) * 0x1.0p-53 < fraction) {
                    features[row] = new float[elements];
                    batch.row(row).floats().get(features[row]);
                    count++;
                }
            }
        }
        return new ReportSample(features, count, elements);
    }

    /** The features of input row {@code row} when it is sampled, else null. */
    float[] featuresOf(int row) {
        return features[row];
    }

    /** The number of sampled rows. */
    int count() {
        return count;
    }

    /** Features per row. */
    int elementsPerRow() {
        return elementsPerRow;
    }
}
