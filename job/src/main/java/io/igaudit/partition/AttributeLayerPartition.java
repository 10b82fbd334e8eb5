package io.igaudit.partition;

import io.igaudit.ig.LayerExplainer;
import io.igaudit.model.LayerPath;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The per-partition function for a model with several or integer inputs: gets this JVM's model
 * (loaded once, shared by tasks) and its layer path, then attributes the partition's rows batch
 * by batch at the layer, the model's self-check on the first batch before anything is attributed.
 * Arrow memory and the tokenizer are freed when the partition is done or the task ends, whichever
 * comes first.
 */
public final class AttributeLayerPartition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

    private static final long serialVersionUID = 1L;

    private final LayerPartitionSpec spec;

    /** A function for the given spec. */
    public AttributeLayerPartition(LayerPartitionSpec spec) {
        this.spec = spec;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        LayerPath layer = ExecutorModels.forTask(spec.common()).layerPath();
        LayerExplainer explainer = new LayerExplainer(layer, spec.integration(), spec.baselines());
        LayerAttributingIterator iterator = new LayerAttributingIterator(rows, spec, explainer,
                firstRows -> ExecutorModels.namingTheModel(spec.common(), () -> layer.requireIndependentRows(firstRows)));
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> iterator.close());
        }
        return iterator;
    }
}
