package io.igaudit.config;

import io.igaudit.ig.AdaptiveSteps;
import io.igaudit.ig.IgOptions;

/**
 * How to attribute.
 *
 * @param integration quadrature rule, steps, multiply-by-inputs and the memory bound per pass
 * @param target which output to explain
 * @param baseline the baseline x'
 * @param batchRows rows handed to the model at once
 * @param partitions partitions to attribute in; 0 = automatic
 * @param deltaTolerance largest acceptable |convergence delta| of a row (absolute, finite, positive);
 *     rows above it are flagged ({@code delta_ok = false}) and counted
 * @param adaptiveSteps the plan when {@code attribution.steps = auto}; null for a fixed step count
 */
public record AttributionConfig(
        IgOptions integration, TargetSpec target, BaselineSpec baseline, int batchRows, int partitions,
        double deltaTolerance, AdaptiveSteps adaptiveSteps) {

    /** Rejects a tolerance that is not a positive finite number. */
    public AttributionConfig {
        if (!(deltaTolerance > 0) || Double.isInfinite(deltaTolerance)) {
            throw new ConfigException("attribution.delta-tolerance must be a positive number (an absolute |delta|, "
                    + "e.g. 0.05), got " + deltaTolerance);
        }
    }
}
