package io.igaudit.partition;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.RowSeeds;
import io.igaudit.io.SparkInternals;
import io.igaudit.stats.BatchResults;
import io.igaudit.stats.PartitionStats;
import io.igaudit.stats.RowSample;
import io.igaudit.stats.SampledRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The batch loop of both attribution paths: reads up to {@code batchRows} input rows (the ids
 * through Spark's Arrow writer, once per target, in the explainer's row order: row-major, then
 * target), lets the path pack and attribute them, and hands out the batch's results as rows of a
 * columnar batch, ids first. It keeps the partition's summary ({@link PartitionStats}, the report's
 * sample of rows with it) and hands it over only once every row of the partition is summarised. Lazy: Spark pulls rows, and the next
 * batch is attributed only when the current one is used up.
 */
abstract class BatchAttributingIterator implements Iterator<InternalRow>, AutoCloseable {

    /**
     * A batch's attributions, the result columns that follow the ids, and what the report's sample
     * takes from its rows.
     */
    record Attributed(AdaptiveAttributions result, ColumnVector[] columns, SampleValues sample) {}

    /**
     * What the report's sample shows of a batch's input rows.
     *
     * @param values the values that stand for the attributed features, one row per input row; a
     *     row's hash of them chooses it
     * @param tokens the token at each position of every input row's sequence, row-major; null without tokens
     * @param tokensPerRow positions per row
     * @param modelInputs whether the values are the attributed features themselves (the plain path),
     *     whose drift between runs the summary keeps
     */
    record SampleValues(FeatureBatch values, String[] tokens, int tokensPerRow, boolean modelInputs) {}

    private final Iterator<InternalRow> input;
    private final PartitionSpec spec;
    private final ArrowWriter ids;
    private final UnsafeProjection toOutputRow;
    private final DataType[] idTypes;
    private final long started = System.nanoTime();
    /** The task's memory for Arrow vectors; the paths allocate their vectors here. */
    protected final BufferAllocator allocator;
    /** The partition's summary. */
    protected final PartitionStats stats;

    /** Per input row of the batch being read, its slice indices (audit.slices; empty without). */
    private final int[] slicesOfRows;
    private ColumnarBatch batch;
    private int cursor;
    private int size;
    private boolean closed;

    BatchAttributingIterator(Iterator<InternalRow> input, PartitionSpec spec, StructType outputSchema) {
        this.input = input;
        this.spec = spec;
        this.allocator = SparkInternals.taskAllocator("ig-audit-task");
        StructType idSchema = spec.rows().idSchema();
        this.ids = SparkInternals.arrowWriter(idSchema, spec.rows().timeZone(), allocator);
        this.toOutputRow = SparkInternals.unsafeProjection(outputSchema);
        this.idTypes = IdText.types(idSchema);
        TaskContext task = TaskContext.get();
        this.stats = new PartitionStats(task == null ? 0 : task.partitionId(), spec.stats());
        this.slicesOfRows = new int[spec.stats().slices().perRow() * spec.rows().batchRows()];
    }

    /** Packs one input row into slot {@code slot} of the batch being read. */
    protected abstract void pack(InternalRow row, int slot);

    /** Attributes the {@code rows} packed rows, each for {@code perRow} targets. */
    protected abstract Attributed attribute(int rows, int perRow);

    /** Frees the result vectors of the batch before (the id vectors are reused). */
    protected abstract void releaseResults();

    /** Frees what the path holds for the whole task. */
    protected abstract void closePath();

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
        int perRow = spec.rows().target().perRow();
        while (rows < spec.rows().batchRows() && input.hasNext()) {
            InternalRow row = input.next();
            for (int t = 0; t < perRow; t++) {
                ids.write(row);
            }
            pack(row, rows);
            readSlices(row, rows);
            rows++;
        }
        ids.finish();
        Attributed attributed = attribute(rows, perRow);
        size = rows * perRow;
        batch = new ColumnarBatch(withIds(attributed.columns()), size);
        cursor = 0;
        Attributions values = attributed.result().attributions();
        BatchResults results = new BatchResults(size, values.elementsPerRow(), values.values(), values.targets(),
                values.predictions(), values.baselinePredictions(), values.deltas(), attributed.result().stepsUsed());
        stats.add(results, row -> IdText.of(batch.getRow(row), idTypes));
        stats.addSlices(results, slicesOfRows, perRow);
        offerToSample(attributed.sample(), values, perRow);
        if (attributed.sample().modelInputs() && spec.stats().inputValues()) {
            FeatureBatch inputs = attributed.sample().values();
            stats.addInputs(inputs.toArray(), inputs.rows(), inputs.elementsPerRow());
        }
        spec.counters().rowsDone().add(rows);
    }

    /** Per input row of the batch being attributed, its slice indices (audit.slices), row-major; empty without slices. */
    protected int[] slicesOfRows() {
        return slicesOfRows;
    }

    /** Copies the slice indices of an input row, which the driver put in its last column (audit.slices). */
    private void readSlices(InternalRow row, int slot) {
        int perRow = spec.stats().slices().perRow();
        if (perRow > 0) {
            ArrayData slices = row.getArray(row.numFields() - 1);
            for (int e = 0; e < perRow; e++) {
                slicesOfRows[slot * perRow + e] = slices.getInt(e);
            }
        }
    }

    /** Offers the batch's input rows to the report's sample, copying only those it keeps. */
    private void offerToSample(SampleValues sample, Attributions results, int perRow) {
        RowSample kept = stats.sample();
        long[] hashes = RowSeeds.of(sample.values(), spec.sampleSeed());
        int width = results.elementsPerRow();
        for (int row = 0; row < hashes.length; row++) {
            long key = hashes[row] >>> 1;
            if (!kept.admits(key)) {
                continue;
            }
            float[] features = new float[sample.values().elementsPerRow()];
            sample.values().row(row).floats().get(features);
            String[] tokens = sample.tokens() == null ? null
                    : Arrays.copyOfRange(sample.tokens(), row * sample.tokensPerRow(), (row + 1) * sample.tokensPerRow());
            List<SampledRow> outputs = new ArrayList<>(perRow);
            for (int t = 0; t < perRow; t++) {
                int out = row * perRow + t;
                outputs.add(new SampledRow(IdText.of(batch.getRow(out), idTypes), results.targets()[out], results.predictions()[out],
                        results.deltas()[out], features, Arrays.copyOfRange(results.values(), out * width, (out + 1) * width), tokens));
            }
            kept.offer(key, outputs);
        }
    }

    private ColumnVector[] withIds(ColumnVector[] results) {
        var idVectors = ids.root().getFieldVectors();
        ColumnVector[] all = new ColumnVector[idVectors.size() + results.length];
        for (int i = 0; i < idVectors.size(); i++) {
            all[i] = new ArrowColumnVector((FieldVector) idVectors.get(i));
        }
        System.arraycopy(results, 0, all, idVectors.size(), results.length);
        return all;
    }

    private void releaseBatch() {
        releaseResults();
        batch = null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        spec.counters().taskTime().add(System.nanoTime() - started);
        releaseBatch();
        closePath();
        ids.root().close();
        allocator.close();
    }
}
