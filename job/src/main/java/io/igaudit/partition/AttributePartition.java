package io.igaudit.partition;

import io.igaudit.ig.Explainer;
import io.igaudit.model.TorchScriptModel;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;

/** The per-partition function for a model of one float tensor. */
public final class AttributePartition extends PartitionFunction {

    private static final long serialVersionUID = 1L;

    private final PlainPartitionSpec spec;

    /** A function for the given spec. */
    public AttributePartition(PlainPartitionSpec spec) {
        super(spec.common());
        this.spec = spec;
    }

    @Override
    BatchAttributingIterator iterator(Iterator<InternalRow> rows, TorchScriptModel model) {
        return new AttributingIterator(rows, spec, new Explainer(model, spec.plan().plan()),
                firstRows -> selfCheck(() -> model.requireIndependentRows(firstRows)));
    }
}
