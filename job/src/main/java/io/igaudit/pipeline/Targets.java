package io.igaudit.pipeline;

import io.igaudit.config.TargetSpec;
import io.igaudit.partition.PartitionSpec;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The run's target in one place: as configured ({@link TargetSpec}), as the tasks take it
 * ({@link PartitionSpec.TargetSource}, {@code all} resolved to the model's outputs), and the
 * per-row target column, if any.
 *
 * @param configured attribution.target
 * @param source the indices the tasks explain
 * @param column the integer input column holding each row's target, for {@code column:NAME}
 */
record Targets(TargetSpec configured, PartitionSpec.TargetSource source, Optional<String> column) {

    /** The targets of a model with {@code width} outputs. */
    static Targets of(TargetSpec configured, int width, Optional<String> column) {
        return new Targets(configured, source(configured, width), column);
    }

    private static PartitionSpec.TargetSource source(TargetSpec target, int width) {
        PartitionSpec.TargetSource.Kind several = PartitionSpec.TargetSource.Kind.SEVERAL;
        if (target instanceof TargetSpec.Index index) {
            return new PartitionSpec.TargetSource(PartitionSpec.TargetSource.Kind.FIXED, new int[] {index.index()});
        }
        if (target instanceof TargetSpec.Several list) {
            return new PartitionSpec.TargetSource(several, list.indices().stream().mapToInt(Integer::intValue).toArray());
        }
        if (target instanceof TargetSpec.All) {
            return new PartitionSpec.TargetSource(several, IntStream.range(0, width).toArray());
        }
        return new PartitionSpec.TargetSource(target instanceof TargetSpec.Predicted
                ? PartitionSpec.TargetSource.Kind.PREDICTED : PartitionSpec.TargetSource.Kind.COLUMN, new int[0]);
    }

    /** The output indices named in the configuration (one index or a list); empty otherwise. */
    static List<Integer> fixedIndices(TargetSpec target) {
        return target instanceof TargetSpec.Index index ? List.of(index.index())
                : target instanceof TargetSpec.Several several ? several.indices() : List.of();
    }

    /** Output rows per input row. */
    int perRow() {
        return source.perRow();
    }

    /** Whether feature_stats has a group per class: not for one index or a per-row column. */
    boolean perClass() {
        return !(configured instanceof TargetSpec.Index || configured instanceof TargetSpec.Column);
    }

    /** Whether each row is explained for several fixed outputs (a list or {@code all}). */
    boolean several() {
        return source.kind() == PartitionSpec.TargetSource.Kind.SEVERAL;
    }

    /** How the target is written in configuration, run.json, the report and the history. */
    String describe() {
        return configured.describe();
    }
}
