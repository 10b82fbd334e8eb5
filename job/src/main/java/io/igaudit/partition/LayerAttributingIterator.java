package io.igaudit.partition;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.LayerExplainer;
import io.igaudit.ig.TensorType;
import io.igaudit.io.OutputSchemas;
import io.igaudit.io.SparkInternals;
import io.igaudit.io.TextTokenizer;
import io.igaudit.io.Vocabulary;
import io.igaudit.stats.BatchResults;
import io.igaudit.stats.PartitionStats;
import java.nio.LongBuffer;
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
 * Attributes a partition of a model with several or integer inputs, batch by batch, at its layer:
 * reads up to {@code batchRows} selected rows (ids through Spark's Arrow writer, each tensor into
 * its own Arrow vector, texts kept and tokenized for the batch at once), runs the layer explainer
 * once, and hands out the batch's results, with a {@code tokens} column when the job spells out
 * the tokens of a sequence. Lazy, like {@link AttributingIterator}.
 */
final class LayerAttributingIterator implements Iterator<InternalRow>, AutoCloseable {

    private final Iterator<InternalRow> input;
    private final LayerPartitionSpec spec;
    private final PartitionSpec common;
    private final LayerExplainer explainer;
    private final TextTokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final BufferAllocator allocator;
    private final ArrowWriter ids;
    private final TensorPacker tensors;
    private final int[] targets;
    private final UnsafeProjection toOutputRow;
    private final DataType[] idTypes;
    private final PartitionStats stats;
    private final EmbeddingTap embeddings;

    private ResultVectors results;
    private TokenVectors tokens;
    private ColumnarBatch batch;
    private int cursor;
    private int size;
    private boolean closed;
    private final long started = System.nanoTime();

    LayerAttributingIterator(Iterator<InternalRow> input, LayerPartitionSpec spec, LayerExplainer explainer) {
        this.input = input;
        this.spec = spec;
        this.common = spec.common();
        this.explainer = explainer;
        LayerPartitionSpec.TextResources text = spec.text() == null ? null : spec.text().value();
        this.tokenizer = text == null || text.tokenizerJson() == null ? null
                : TextTokenizer.of(text.tokenizerJson(), text.maxLength(), text.addSpecialTokens());
        this.vocabulary = text == null ? null : text.vocabulary();
        this.allocator = SparkInternals.taskAllocator("ig-audit-task");
        this.ids = SparkInternals.arrowWriter(common.idSchema(), common.timeZone(), allocator);
        this.tensors = new TensorPacker(allocator, common.batchRows(), spec.tensors());
        this.targets = new int[common.batchRows()];
        this.toOutputRow = SparkInternals.unsafeProjection(
                OutputSchemas.layerAttributionRowsWithSample(common.idSchema(), spec.tokensOf() != null));
        this.idTypes = IdText.types(common.idSchema());
        TaskContext task = TaskContext.get();
        this.stats = new PartitionStats(task == null ? 0 : task.partitionId(), common.stats());
        this.embeddings = spec.embeddings() == null || spec.embeddings().isEmpty() ? null
                : new EmbeddingTap(spec.embeddings(), common.stats().perClass());
        if (embeddings != null) {
            stats.keep(embeddings.stats());
        }
    }

    @Override
    public boolean hasNext() {
        while (cursor >= size) {
            if (closed) {
                return false;
            }
            if (!input.hasNext()) {
                // Every row of the partition is summarised: only now does the summary count.
                common.statsSink().add(stats);
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
        return toOutputRow.apply(batch.getRow(cursor++));
    }

    private void attributeNextBatch() {
        releaseBatch();
        ids.reset();
        int rows = 0;
        int targetOrdinal = spec.tensors().targetOrdinal();
        int perRow = common.target().perRow();
        while (rows < common.batchRows() && input.hasNext()) {
            InternalRow row = input.next();
            for (int t = 0; t < perRow; t++) {
                ids.write(row);
            }
            tensors.pack(row, rows);
            if (targetOrdinal >= 0) {
                targets[rows] = row.getInt(targetOrdinal);
            }
            rows++;
        }
        ids.finish();
        InputBatch inputs = tensors.batch(rows, tokenizer);
        long explainStart = System.nanoTime();
        AdaptiveAttributions result = explainer.explain(inputs, common.target().rule(targets, rows));
        common.modelTime().add(System.nanoTime() - explainStart);
        results = new ResultVectors(result, ReportSample.of(sampleValues(inputs), common.sampleFraction(), common.sampleSeed()),
                perRow, allocator);
        size = rows * perRow;
        String[] strings = null;
        if (spec.tokensOf() != null) {
            InputTensor sequence = inputs.tensor(spec.tokensOf());
            strings = tokenStrings(sequence);
            tokens = new TokenVectors(strings, sequence.elementsPerRow(), size, perRow, allocator);
        }
        batch = new ColumnarBatch(columns(), size);
        cursor = 0;
        Attributions attributed = result.attributions();
        stats.add(new BatchResults(size, attributed.elementsPerRow(), attributed.values(), attributed.targets(),
                attributed.predictions(), attributed.baselinePredictions(), attributed.deltas(), result.stepsUsed()),
                row -> IdText.of(batch.getRow(row), idTypes));
        if (embeddings != null) {
            embeddings.add(inputs, attributed, perRow, strings);
        }
        common.rowsDone().add(rows);
    }

    /** The values of the tensors that name the attributed features, as floats, for the report's sample. */
    private FeatureBatch sampleValues(InputBatch inputs) {
        int rows = inputs.rows();
        int width = 0;
        for (String name : spec.sampleTensors()) {
            width += inputs.tensor(name).elementsPerRow();
        }
        float[] values = new float[rows * width];
        int offset = 0;
        for (String name : spec.sampleTensors()) {
            InputTensor tensor = inputs.tensor(name);
            int elements = tensor.elementsPerRow();
            float[] own = tensor.type() == TensorType.FLOAT32 ? tensor.toFloatArray() : asFloats(tensor.toLongArray());
            for (int r = 0; r < rows; r++) {
                System.arraycopy(own, r * elements, values, r * width + offset, elements);
            }
            offset += elements;
        }
        return FeatureBatch.of(values, rows, width);
    }

    private static float[] asFloats(long[] longs) {
        float[] floats = new float[longs.length];
        for (int i = 0; i < longs.length; i++) {
            floats[i] = longs[i];
        }
        return floats;
    }

    /** The token of every position: the tokenizer's own strings, or the vocabulary's for pre-tokenized ids. */
    private String[] tokenStrings(InputTensor sequence) {
        TextTokenizer.Encoded encoded = tensors.encoded();
        if (encoded != null) {
            return encoded.tokens();
        }
        LongBuffer values = sequence.longs();
        String[] strings = new String[values.remaining()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = vocabulary.token(values.get(i));
        }
        return strings;
    }

    private ColumnVector[] columns() {
        ColumnVector[] resultColumns = results.columns();
        var idVectors = ids.root().getFieldVectors();
        int extra = tokens == null ? 0 : 1;
        ColumnVector[] all = new ColumnVector[idVectors.size() + resultColumns.length + extra];
        for (int i = 0; i < idVectors.size(); i++) {
            all[i] = new ArrowColumnVector((FieldVector) idVectors.get(i));
        }
        // The result columns, with the tokens before the last, hidden sample column.
        int last = resultColumns.length - 1;
        System.arraycopy(resultColumns, 0, all, idVectors.size(), last);
        if (tokens != null) {
            all[idVectors.size() + last] = tokens.column();
        }
        all[all.length - 1] = resultColumns[last];
        return all;
    }

    private void releaseBatch() {
        if (results != null) {
            results.close();
            results = null;
        }
        if (tokens != null) {
            tokens.close();
            tokens = null;
        }
        batch = null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        common.taskTime().add(System.nanoTime() - started);
        releaseBatch();
        tensors.close();
        ids.root().close();
        allocator.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
