package io.igaudit.partition;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.Explainer;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.io.OutputSchemas;
import java.util.Iterator;
import org.apache.spark.sql.vectorized.ColumnVector;
import java.util.function.Consumer;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Attributes a partition of a model of one float tensor, batch by batch: features packed
 * row-major into an Arrow vector, the explainer run once per batch, the results as columns.
 */
final class AttributingIterator extends BatchAttributingIterator {

    private final PlainPartitionSpec spec;
    private final PartitionSpec common;
    private final Explainer explainer;
    private final FeaturePacker features;
    private final int targetOrdinal;
    private final boolean perRowTarget;
    private final int[] targets;
    private Consumer<FeatureBatch> firstBatchCheck;

    private ResultVectors results;
    private XraiVectors xrai;

    /** @param firstBatchCheck the model's self-check, given the first batch's rows before they are attributed */
    AttributingIterator(Iterator<InternalRow> input, PlainPartitionSpec spec, Explainer explainer,
            Consumer<FeatureBatch> firstBatchCheck) {
        super(input, spec.common(), spec.xrai() != null ? OutputSchemas.xraiAttributionRows(spec.common().rows().idSchema())
                : OutputSchemas.attributionRows(spec.common().rows().idSchema()));
        this.spec = spec;
        this.common = spec.common();
        this.explainer = explainer;
        this.firstBatchCheck = firstBatchCheck;
        PartitionSpec.TaskRows rows = common.rows();
        int idCount = rows.idSchema().size();
        this.features = new FeaturePacker(allocator, rows.batchRows(), idCount, spec.rowShape(), spec.arrayFeatures());
        this.targetOrdinal = idCount + (spec.arrayFeatures() ? 1 : spec.elementsPerRow());
        this.perRowTarget = rows.target().kind() == PartitionSpec.TargetSource.Kind.COLUMN;
        this.targets = new int[rows.batchRows()];
    }

    @Override
    protected void pack(InternalRow row, int slot) {
        features.pack(row, slot);
        if (perRowTarget) {
            targets[slot] = row.getInt(targetOrdinal);
        }
    }

    @Override
    protected Attributed attribute(int rows, int perRow) {
        FeatureBatch inputs = features.batch(rows);
        if (firstBatchCheck != null) {
            firstBatchCheck.accept(inputs);
            firstBatchCheck = null;
        }
        long explainStart = System.nanoTime();
        AdaptiveAttributions result = explainer.explain(inputs, common.rows().target().rule(targets, rows));
        common.counters().modelTime().add(System.nanoTime() - explainStart);
        results = new ResultVectors(result, allocator);
        ColumnVector[] columns = results.columns();
        if (spec.xrai() != null) {
            xrai = new XraiVectors(inputs, result.attributions(), perRow, spec.rowShape(), spec.xrai(), allocator);
            columns = java.util.stream.Stream.concat(java.util.Arrays.stream(columns), java.util.Arrays.stream(xrai.columns()))
                    .toArray(ColumnVector[]::new);
        }
        return new Attributed(result, columns, new SampleValues(inputs, null, 0, true));
    }

    @Override
    protected void releaseResults() {
        if (results != null) {
            results.close();
            results = null;
        }
        if (xrai != null) {
            xrai.close();
            xrai = null;
        }
    }

    @Override
    protected void closePath() {
        features.close();
    }
}
