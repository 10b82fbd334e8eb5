package io.igaudit.partition;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.Explainer;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.TargetRule;
import io.igaudit.io.OutputSchemas;
import io.igaudit.io.SparkInternals;
import io.igaudit.stats.BatchResults;
import io.igaudit.stats.PartitionStats;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Attributes a partition batch by batch: reads up to {@code batchRows} input rows into Arrow
 * vectors (ids through Spark's Arrow writer, features packed row-major), runs the explainer once,
 * and hands out the batch's results as rows of a columnar batch. With several targets per row the
 * ids are written once per target, in the explainer's row order (row-major, then target). The
 * rows chosen for the report's sample also carry their features, in a last, hidden column. Lazy: Spark pulls rows and the
 * next batch is computed only when the current one is used up.
 */
final class AttributingIterator implements Iterator<InternalRow>, AutoCloseable {

    private final Iterator<InternalRow> input;
    private final PartitionSpec spec;
    private final Explainer explainer;
    private final BufferAllocator allocator;
    private final ArrowWriter ids;
    private final FeaturePacker features;
    private final int targetOrdinal;
    private final int[] targets;
    private final UnsafeProjection toOutputRow;
    private final DataType[] idTypes;
    private final PartitionStats stats;

    private ResultVectors results;
    private ColumnarBatch batch;
    private int cursor;
    private int size;
    private boolean closed;
    private final long started = System.nanoTime();

    AttributingIterator(Iterator<InternalRow> input, PartitionSpec spec, Explainer explainer) {
        this.input = input;
        this.spec = spec;
        this.explainer = explainer;
        this.allocator = SparkInternals.taskAllocator("ig-audit-task");
        int idCount = spec.idSchema().size();
        this.ids = SparkInternals.arrowWriter(spec.idSchema(), spec.timeZone(), allocator);
        this.features = new FeaturePacker(allocator, spec.batchRows(), idCount, spec.rowShape(), spec.arrayFeatures());
        this.targetOrdinal = idCount + (spec.arrayFeatures() ? 1 : spec.elementsPerRow());
        this.targets = new int[spec.batchRows()];
        this.toOutputRow = SparkInternals.unsafeProjection(OutputSchemas.attributionRowsWithSample(spec.idSchema()));
        this.idTypes = IdText.types(spec.idSchema());
        TaskContext task = TaskContext.get();
        this.stats = new PartitionStats(task == null ? 0 : task.partitionId(), spec.stats());
    }

    @Override
    public boolean hasNext() {
        while (cursor >= size) {
            if (closed) {
                return false;
            }
            if (!input.hasNext()) {
                // Every row of the partition is summarised: only now does the summary count.
                spec.statsSink().add(stats);
                close();
                return false;
            }
            attributeNextBatch();
        }
        return true;
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        // The projection copies the row out of the Arrow vectors into its (reused) binary row.
        return toOutputRow.apply(batch.getRow(cursor++));
    }

    private void attributeNextBatch() {
        releaseBatch();
        ids.reset();
        int rows = 0;
        boolean perRowTarget = spec.target().kind() == PartitionSpec.TargetSource.Kind.COLUMN;
        int perRow = spec.target().perRow();
        while (rows < spec.batchRows() && input.hasNext()) {
            InternalRow row = input.next();
            for (int t = 0; t < perRow; t++) {
                ids.write(row);
            }
            features.pack(row, rows);
            if (perRowTarget) {
                targets[rows] = row.getInt(targetOrdinal);
            }
            rows++;
        }
        ids.finish();
        FeatureBatch inputs = features.batch(rows);
        long explainStart = System.nanoTime();
        AdaptiveAttributions result = explainer.explain(inputs, targetRule(rows));
        spec.modelTime().add(System.nanoTime() - explainStart);
        results = new ResultVectors(result, ReportSample.of(inputs, spec.sampleFraction(), spec.sampleSeed()), perRow, allocator);
        size = rows * perRow;
        batch = new ColumnarBatch(columns(), size);
        cursor = 0;
        Attributions attributed = result.attributions();
        stats.add(new BatchResults(size, attributed.elementsPerRow(), attributed.values(), attributed.targets(),
                attributed.predictions(), attributed.baselinePredictions(), attributed.deltas(), result.stepsUsed()),
                row -> IdText.of(batch.getRow(row), idTypes));
        spec.rowsDone().add(rows);
    }

    private TargetRule targetRule(int rows) {
        return spec.target().rule(targets, rows);
    }

    private ColumnVector[] columns() {
        ColumnVector[] resultColumns = results.columns();
        var idVectors = ids.root().getFieldVectors();
        ColumnVector[] all = new ColumnVector[idVectors.size() + resultColumns.length];
        for (int i = 0; i < idVectors.size(); i++) {
            all[i] = new ArrowColumnVector((FieldVector) idVectors.get(i));
        }
        System.arraycopy(resultColumns, 0, all, idVectors.size(), resultColumns.length);
        return all;
    }

    /** Frees the finished batch's result vectors (the id vectors are reused). */
    private void releaseBatch() {
        if (results != null) {
            results.close();
            results = null;
        }
        batch = null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        spec.taskTime().add(System.nanoTime() - started);
        releaseBatch();
        features.close();
        ids.root().close();
        allocator.close();
    }
}
