package io.igaudit.partition;

import io.igaudit.ig.TargetRule;
import io.igaudit.model.DeviceChoice;
import io.igaudit.stats.StatsAccumulator;
import io.igaudit.stats.StatsSpec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * What a task needs whatever the model's input kind, built by the driver and shipped with the
 * closure (the driver's configuration object does not travel). Each kind's own spec holds it
 * ({@link PlainPartitionSpec}, {@link LayerPartitionSpec}).
 *
 * @param model the model file and where to run it
 * @param rows how the input rows come and are batched
 * @param counters what the tasks count for the driver
 * @param stats what the tasks summarise about their results
 * @param statsSink where each task's summary of its partition goes
 * @param sampleSeed the seed of the hash that orders rows for the report's sample
 */
public record PartitionSpec(TaskModel model, TaskRows rows, TaskCounters counters, StatsSpec stats, StatsAccumulator statsSink,
        long sampleSeed) implements Serializable {

    /**
     * The model file and where to run it.
     *
     * @param location the model file, local path or Hadoop URI
     * @param sha256 the SHA-256 the driver computed
     * @param device the configured device
     * @param threadsPerTask libtorch threads per task slot
     * @param hadoopConf the driver's Hadoop settings, to reach the model file
     */
    public record TaskModel(String location, String sha256, DeviceChoice device, int threadsPerTask, Map<String, String> hadoopConf)
            implements Serializable {}

    /**
     * How the input rows come: the id columns first, then the kind's own columns.
     *
     * @param idSchema the id columns' schema
     * @param target how each row's target is found
     * @param batchRows rows per engine batch
     * @param timeZone the session time zone (for Arrow's timestamp ids)
     */
    public record TaskRows(StructType idSchema, TargetSource target, int batchRows, String timeZone) implements Serializable {}

    /**
     * What the tasks count for the driver.
     *
     * @param rowsDone counts attributed rows (progress)
     * @param taskTime nanoseconds the tasks spent attributing, summed over tasks: from the task's
     *     iterator being made (after the model is loaded) to its last result row handed to the writer
     *     (reading, the model, writing; not the output file's commit)
     * @param modelTime the part of {@code taskTime} spent in the explainer (model passes and the
     *     integration around them)
     * @param executorReports one report per task: executor id, host, pid, device, models loaded
     */
    public record TaskCounters(LongAccumulator rowsDone, LongAccumulator taskTime, LongAccumulator modelTime,
            CollectionAccumulator<ExecutorReport> executorReports) implements Serializable {}

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
        TargetRule rule(int[] perRowTargets, int rows) {
            return switch (kind) {
                case FIXED -> new TargetRule.Fixed(indices[0]);
                case PREDICTED -> new TargetRule.Predicted();
                case COLUMN -> new TargetRule.PerRow(Arrays.copyOf(perRowTargets, rows));
                case SEVERAL -> new TargetRule.Several(indices);
            };
        }
    }
}
