package io.igaudit.partition;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.Explainer;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.io.OutputSchemas;
import java.util.Iterator;
import java.util.function.Consumer;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Attributes a partition of a model of one float tensor, batch by batch: features packed
 * row-major into an Arrow vector, the explainer run once per batch, the results as columns. The
 * rows chosen for the report's sample also carry their features, in a last, hidden column.
 */
final class AttributingIterator extends BatchAttributingIterator {

    private final PartitionSpec spec;
    private final Explainer explainer;
    private final FeaturePacker features;
    private final int targetOrdinal;
    private final boolean perRowTarget;
    private final int[] targets;
    private Consumer<FeatureBatch> firstBatchCheck;

    private ResultVectors results;

    /** @param firstBatchCheck the model's self-check, given the first batch's rows before they are attributed */
    AttributingIterator(Iterator<InternalRow> input, PartitionSpec spec, Explainer explainer,
            Consumer<FeatureBatch> firstBatchCheck) {
        super(input, spec, OutputSchemas.attributionRowsWithSample(spec.idSchema()));
        this.spec = spec;
        this.explainer = explainer;
        this.firstBatchCheck = firstBatchCheck;
        int idCount = spec.idSchema().size();
        this.features = new FeaturePacker(allocator, spec.batchRows(), idCount, spec.rowShape(), spec.arrayFeatures());
        this.targetOrdinal = idCount + (spec.arrayFeatures() ? 1 : spec.elementsPerRow());
        this.perRowTarget = spec.target().kind() == PartitionSpec.TargetSource.Kind.COLUMN;
        this.targets = new int[spec.batchRows()];
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
        AdaptiveAttributions result = explainer.explain(inputs, spec.target().rule(targets, rows));
        spec.modelTime().add(System.nanoTime() - explainStart);
        results = new ResultVectors(result, ReportSample.of(inputs, spec.sampleFraction(), spec.sampleSeed()), perRow, allocator);
        return new Attributed(result, results.columns());
    }

    @Override
    protected void releaseResults() {
        if (results != null) {
            results.close();
            results = null;
        }
    }

    @Override
    protected void closePath() {
        features.close();
    }
}
