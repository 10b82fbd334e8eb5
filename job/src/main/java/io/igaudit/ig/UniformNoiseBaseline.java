package io.igaudit.ig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random baselines: {@code draws} batches with one row per input row, each value uniform in
 * [low, high); the attribution is the mean over the draws. Row r's values come from a generator
 * seeded with its row seed, so they do not depend on the rest of the batch.
 *
 * @param low the smallest value
 * @param high the bound above every value
 * @param draws baseline rows drawn per input row, ≥ 1
 */
public record UniformNoiseBaseline(float low, float high, int draws) implements BaselineSource {

    /** Rejects an empty or infinite range and a draw count below 1. */
    public UniformNoiseBaseline {
        if (!Float.isFinite(low) || !Float.isFinite(high) || !(low < high)) {
            throw new IllegalArgumentException("uniform baseline needs finite low < high, got [" + low + ", " + high + ")");
        }
        if (draws < 1) {
            throw new IllegalArgumentException("uniform baseline draws must be at least 1, got " + draws);
        }
    }

    @Override
    public List<FeatureBatch> forBatch(FeatureBatch inputs, long[] rowSeeds) {
        int rows = inputs.rows();
        int elements = inputs.elementsPerRow();
        float[][] drawn = new float[draws][rows * elements];
        for (int r = 0; r < rows; r++) {
            SplittableRandom random = new SplittableRandom(rowSeeds[r]);
            for (int d = 0; d < draws; d++) {
                for (int i = 0; i < elements; i++) {
                    drawn[d][r * elements + i] = uniform(random);
                }
            }
        }
        List<FeatureBatch> batches = new ArrayList<>(draws);
        for (float[] values : drawn) {
            batches.add(FeatureBatch.of(values, rows, inputs.rowShape()));
        }
        return batches;
    }

    /** One value in [low, high); rounding to float could reach high, so that is stepped back. */
    private float uniform(SplittableRandom random) {
        float value = (float) (low + (high - (double) low) * random.nextDouble());
        return value < high ? value : Math.nextDown(high);
    }

    @Override
    public String description() {
        return "uniform noise in [" + low + ", " + high + "), " + draws + (draws == 1 ? " draw" : " draws");
    }
}
