package io.igaudit.partition;

import io.igaudit.ig.Explainer;
import io.igaudit.model.TorchScriptModel;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The per-partition function: gets this JVM's model (loaded once, shared by tasks), then
 * attributes the partition's rows batch by batch, the model's self-check on the first batch
 * before anything is attributed. Arrow memory is freed when the partition is done or the task
 * ends, whichever comes first.
 */
public final class AttributePartition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

    private static final long serialVersionUID = 1L;

    private final PartitionSpec spec;

    /** A function for the given spec. */
    public AttributePartition(PartitionSpec spec) {
        this.spec = spec;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        TorchScriptModel model = ExecutorModels.forTask(spec);
        AttributingIterator iterator = new AttributingIterator(rows, spec, new Explainer(model, spec.plan().plan()),
                firstRows -> ExecutorModels.namingTheModel(spec, () -> model.requireIndependentRows(firstRows)));
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> iterator.close());
        }
        return iterator;
    }
}
