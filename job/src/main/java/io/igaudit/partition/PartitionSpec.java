package io.igaudit.partition;

import io.igaudit.model.DeviceChoice;
import io.igaudit.stats.StatsAccumulator;
import io.igaudit.stats.StatsSpec;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Everything a task needs, built by the driver and shipped with the closure (the driver's
 * configuration object does not travel).
 *
 * <p>Input rows are laid out as: the id columns, then the features (one float column each, or
 * one {@code array<float>} column), then the target index column when the target is per row.
 *
 * @param modelLocation the model file, local path or Hadoop URI
 * @param modelSha256 the SHA-256 the driver computed
 * @param device the configured device
 * @param threadsPerTask libtorch threads per task slot
 * @param plan the attribution method with its baselines or background, noise and seed
 * @param rowShape the tensor shape of one row
 * @param idSchema the id columns' schema
 * @param arrayFeatures features come in one array column
 * @param target how each row's target is found
 * @param batchRows rows per engine batch
 * @param sampleFraction the share of rows whose features go to the hidden sample column (for the report)
 * @param sampleSeed the seed of the hash that chooses those rows
 * @param timeZone the session time zone (for Arrow's timestamp ids)
 * @param hadoopConf the driver's Hadoop settings, to reach the model file
 * @param rowsDone counts attributed rows (progress)
 * @param taskTime nanoseconds the tasks spent attributing, summed over tasks: from the task's
 *     iterator being made (after the model is loaded) to its last result row handed to the writer
 *     (reading, the model, writing; not the output file's commit)
 * @param modelTime the part of {@code taskTime} spent in the explainer (model passes and the
 *     integration around them)
 * @param executorReports one report per task: executor id, host, pid, device, models loaded
 * @param stats what the tasks summarise about their results
 * @param statsSink where each task's summary of its partition goes
 */
public record PartitionSpec(
        String modelLocation,
        String modelSha256,
        DeviceChoice device,
        int threadsPerTask,
        PlanSource plan,
        int[] rowShape,
        StructType idSchema,
        boolean arrayFeatures,
        TargetSource target,
        int batchRows,
        double sampleFraction,
        long sampleSeed,
        String timeZone,
        Map<String, String> hadoopConf,
        LongAccumulator rowsDone,
        LongAccumulator taskTime,
        LongAccumulator modelTime,
        CollectionAccumulator<ExecutorReport> executorReports,
        StatsSpec stats,
        StatsAccumulator statsSink) implements Serializable {

    /** Number of features per row. */
    public int elementsPerRow() {
        int product = 1;
        for (int dimension : rowShape) {
            product *= dimension;
        }
        return product;
    }

    /**
     * Where a row's target output indices come from.
     *
     * @param kind fixed, predicted, per-row column, or several fixed outputs per row
     * @param indices the index for {@code FIXED}, the indices for {@code SEVERAL}, empty otherwise
     */
    public record TargetSource(Kind kind, int[] indices) implements Serializable {
        /** Kinds of target source. */
        public enum Kind { FIXED, PREDICTED, COLUMN, SEVERAL }

        /** Output rows per input row. */
        public int perRow() {
            return kind == Kind.SEVERAL ? indices.length : 1;
        }

        /** The engine's rule for a batch of {@code rows} rows; {@code perRowTargets} holds the column's indices. */
        io.igaudit.ig.TargetRule rule(int[] perRowTargets, int rows) {
            return switch (kind) {
                case FIXED -> new io.igaudit.ig.TargetRule.Fixed(indices[0]);
                case PREDICTED -> new io.igaudit.ig.TargetRule.Predicted();
                case COLUMN -> new io.igaudit.ig.TargetRule.PerRow(java.util.Arrays.copyOf(perRowTargets, rows));
                case SEVERAL -> new io.igaudit.ig.TargetRule.Several(indices);
            };
        }
    }
}
