package io.igaudit.partition;

import io.igaudit.ig.LayerExplainer;
import io.igaudit.model.LayerPath;
import io.igaudit.model.TorchScriptModel;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;

/** The per-partition function for a model with several or integer inputs, attributed at its layer. */
public final class AttributeLayerPartition extends PartitionFunction {

    private static final long serialVersionUID = 1L;

    private final LayerPartitionSpec spec;

    /** A function for the given spec. */
    public AttributeLayerPartition(LayerPartitionSpec spec) {
        super(spec.common());
        this.spec = spec;
    }

    @Override
    BatchAttributingIterator iterator(Iterator<InternalRow> rows, TorchScriptModel model) {
        LayerPath layer = model.layerPath();
        return new LayerAttributingIterator(rows, spec, new LayerExplainer(layer, spec.integration(), spec.baselines()),
                firstRows -> selfCheck(() -> layer.requireIndependentRows(firstRows)));
    }
}
