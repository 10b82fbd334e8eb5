package io.igaudit.ig;

/**
 * A noise tunnel around the attribution method: each row is attributed as {@code samples} noisy
 * copies {@code x + N(0, stdev²)} and the results combined by {@code type}.
 *
 * @param samples noisy copies per row, ≥ 1
 * @param stdev the standard deviation of the Gaussian noise, in the inputs' units, ≥ 0
 * @param type how the copies' attributions are combined
 */
public record NoiseOptions(int samples, double stdev, NoiseType type) implements java.io.Serializable {

    /** Rejects impossible values with a message naming the config key. */
    public NoiseOptions {
        if (samples < 1) {
            throw new IllegalArgumentException("attribution.noise.samples must be at least 1, got " + samples);
        }
        if (!(stdev >= 0) || Double.isInfinite(stdev)) {
            throw new IllegalArgumentException("attribution.noise.stdev must be a finite number >= 0, got " + stdev);
        }
        if (type == null) {
            throw new IllegalArgumentException("attribution.noise.type must be given");
        }
    }
}
