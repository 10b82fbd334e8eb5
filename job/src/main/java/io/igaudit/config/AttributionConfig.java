package io.igaudit.config;

import io.igaudit.ig.IgOptions;

/**
 * How to attribute.
 *
 * @param integration quadrature rule, steps, multiply-by-inputs and the memory bound per pass
 * @param target which output to explain
 * @param baseline the baseline x'
 * @param batchRows rows handed to the model at once
 * @param partitions partitions to attribute in; 0 = automatic
 */
public record AttributionConfig(
        IgOptions integration, TargetSpec target, BaselineSpec baseline, int batchRows, int partitions) {}
