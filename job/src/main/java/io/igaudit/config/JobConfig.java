package io.igaudit.config;

import java.time.Duration;
import java.util.Map;

/**
 * A validated job configuration.
 *
 * @param input what to read
 * @param model which model, where it runs
 * @param attribution how to attribute
 * @param output where results go
 * @param audit history, comparison with an earlier run, and thresholds that fail the run
 * @param progressInterval how often the driver logs progress
 * @param spark settings handed to the Spark session, with their full {@code spark.} keys
 * @param resolved the whole configuration as resolved, for run.json
 * @param tensors several input tensors or integer inputs explained at a layer; none = the single-tensor keys
 */
public record JobConfig(
        InputConfig input,
        ModelConfig model,
        AttributionConfig attribution,
        OutputConfig output,
        AuditConfig audit,
        Duration progressInterval,
        Map<String, String> spark,
        Map<String, Object> resolved,
        TensorInputs tensors) {

    /** Makes the maps immutable. */
    public JobConfig {
        spark = Map.copyOf(spark);
        resolved = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(resolved));
    }

    /** A configuration of one float tensor (no {@code input.tensors}). */
    public JobConfig(InputConfig input, ModelConfig model, AttributionConfig attribution, OutputConfig output,
            AuditConfig audit, Duration progressInterval, Map<String, String> spark, Map<String, Object> resolved) {
        this(input, model, attribution, output, audit, progressInterval, spark, resolved, TensorInputs.none());
    }
}
