package io.igaudit.partition;

import io.igaudit.model.TorchScriptModel;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The per-partition function of every input kind: gets this JVM's model (loaded once, shared by
 * tasks), then lets the kind's iterator attribute the partition's rows batch by batch, the model's
 * self-check on the first batch before anything is attributed. What the iterator holds (Arrow
 * memory, a tokenizer) is freed when the partition is done or the task ends, whichever comes first.
 */
public abstract sealed class PartitionFunction implements FlatMapFunction<Iterator<InternalRow>, InternalRow>
        permits AttributePartition, AttributeLayerPartition {

    private static final long serialVersionUID = 1L;

    private final PartitionSpec common;

    PartitionFunction(PartitionSpec common) {
        this.common = common;
    }

    @Override
    public final Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        BatchAttributingIterator iterator = iterator(rows, ExecutorModels.forTask(common));
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> iterator.close());
        }
        return iterator;
    }

    /** The kind's iterator over a partition's rows, with this JVM's model. */
    abstract BatchAttributingIterator iterator(Iterator<InternalRow> rows, TorchScriptModel model);

    /** Runs the model's self-check on a task's first rows, its failure naming the configured model file. */
    final void selfCheck(Runnable check) {
        ExecutorModels.namingTheModel(common, check);
    }
}
