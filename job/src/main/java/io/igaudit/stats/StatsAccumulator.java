package io.igaudit.stats;

import java.io.Serial;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.util.AccumulatorV2;

/**
 * Brings each task's {@link PartitionStats} to the driver and merges them there, each partition
 * once: a retried, speculative or re-executed task of a partition already counted is ignored (its
 * rows are the same rows), so no row counts twice whatever Spark re-runs. The driver holds one
 * merged summary, not one per partition.
 */
public final class StatsAccumulator extends AccumulatorV2<PartitionStats, PartitionStats> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** On an executor: the task's partition summary. */
    private final Map<Integer, PartitionStats> fromTask = new LinkedHashMap<>();
    /** On the driver: the partitions merged so far, and their merge. */
    private final Set<Integer> counted = new HashSet<>();
    private PartitionStats merged;

    @Override
    public boolean isZero() {
        return fromTask.isEmpty() && counted.isEmpty();
    }

    @Override
    public StatsAccumulator copy() {
        StatsAccumulator copy = new StatsAccumulator();
        copy.fromTask.putAll(fromTask);
        copy.counted.addAll(counted);
        copy.merged = merged;
        return copy;
    }

    @Override
    public void reset() {
        fromTask.clear();
        counted.clear();
        merged = null;
    }

    /** A task's summary of its partition (replaces an earlier one of the same partition in this task). */
    @Override
    public void add(PartitionStats stats) {
        fromTask.put(stats.partition(), stats);
    }

    @Override
    public void merge(AccumulatorV2<PartitionStats, PartitionStats> other) {
        if (!(other instanceof StatsAccumulator task)) {
            throw new UnsupportedOperationException("cannot merge " + other.getClass().getName() + " into " + getClass().getName());
        }
        for (PartitionStats stats : task.fromTask.values()) {
            if (counted.add(stats.partition())) {
                merged = merged == null ? stats : merged.merge(stats);
            }
        }
    }

    /** The merge of every partition counted, or null when none was. */
    @Override
    public PartitionStats value() {
        return merged;
    }

    /** How many partitions were merged. */
    public int partitions() {
        return counted.size();
    }
}
