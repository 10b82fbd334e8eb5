package io.igaudit.pipeline;

import io.igaudit.stats.SampledRow;
import io.igaudit.partition.ExecutorReport;
import io.igaudit.stats.PartitionStats;
import java.util.List;

/**
 * What the attribution pass returns besides the rows it wrote.
 *
 * @param rejected invalid rows, left out or quarantined
 * @param seconds wall time of the pass
 * @param executors one report per task
 * @param sample the report's sample of rows
 * @param taskSeconds time the tasks spent attributing, summed over tasks
 * @param modelSeconds the part of {@code taskSeconds} spent in the model and the integration
 * @param stats the tasks' merged summaries
 * @param partitions partitions whose summaries were merged
 */
record Attributed(long rejected, double seconds, List<ExecutorReport> executors, List<SampledRow> sample,
        double taskSeconds, double modelSeconds, PartitionStats stats, int partitions) {}
