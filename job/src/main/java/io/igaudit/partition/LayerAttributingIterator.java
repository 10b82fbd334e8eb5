package io.igaudit.partition;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.LayerExplainer;
import io.igaudit.ig.TensorType;
import io.igaudit.io.OutputSchemas;
import io.igaudit.io.TextTokenizer;
import io.igaudit.io.Vocabulary;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Consumer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * Attributes a partition of a model with several or integer inputs at its layer, batch by batch:
 * each tensor packed into its own Arrow vector, texts kept and tokenized for the batch at once,
 * the layer explainer run once per batch, the results as columns with a {@code tokens} column when
 * the job spells out the tokens of a sequence; token and category statistics kept beside the
 * partition's summary when the layer's features are tokens or categories.
 */
final class LayerAttributingIterator extends BatchAttributingIterator {

    private final LayerPartitionSpec spec;
    private final PartitionSpec common;
    private final LayerExplainer explainer;
    private final TextTokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final TensorPacker tensors;
    private final int targetOrdinal;
    private final int[] targets;
    private final EmbeddingTap embeddings;
    private Consumer<InputBatch> firstBatchCheck;

    private ResultVectors results;
    private TokenVectors tokens;

    /** @param firstBatchCheck the model's self-check, given the first batch's rows before they are attributed */
    LayerAttributingIterator(Iterator<InternalRow> input, LayerPartitionSpec spec, LayerExplainer explainer,
            Consumer<InputBatch> firstBatchCheck) {
        super(input, spec.common(), OutputSchemas.layerAttributionRows(spec.common().rows().idSchema(), spec.tokensOf() != null));
        this.spec = spec;
        this.firstBatchCheck = firstBatchCheck;
        this.common = spec.common();
        this.explainer = explainer;
        LayerPartitionSpec.TextResources text = spec.text() == null ? null : spec.text().value();
        this.tokenizer = text == null || text.tokenizerJson() == null ? null
                : TextTokenizer.of(text.tokenizerJson(), text.maxLength(), text.addSpecialTokens());
        this.vocabulary = text == null ? null : text.vocabulary();
        this.tensors = new TensorPacker(allocator, common.rows().batchRows(), spec.tensors());
        this.targetOrdinal = spec.tensors().targetOrdinal();
        this.targets = new int[common.rows().batchRows()];
        this.embeddings = spec.embeddings() == null || spec.embeddings().isEmpty() ? null
                : new EmbeddingTap(spec.embeddings(), common.stats().perClass(), common.stats().slices());
        if (embeddings != null) {
            stats.keep(embeddings.stats());
        }
    }

    @Override
    protected void pack(InternalRow row, int slot) {
        tensors.pack(row, slot);
        if (targetOrdinal >= 0) {
            targets[slot] = row.getInt(targetOrdinal);
        }
    }

    @Override
    protected Attributed attribute(int rows, int perRow) {
        InputBatch inputs = tensors.batch(rows, tokenizer);
        if (firstBatchCheck != null) {
            firstBatchCheck.accept(inputs);
            firstBatchCheck = null;
        }
        long explainStart = System.nanoTime();
        AdaptiveAttributions result = explainer.explain(inputs, common.rows().target().rule(targets, rows));
        common.counters().modelTime().add(System.nanoTime() - explainStart);
        results = new ResultVectors(result, allocator);
        int size = rows * perRow;
        String[] strings = null;
        int positions = 0;
        if (spec.tokensOf() != null) {
            InputTensor sequence = inputs.tensor(spec.tokensOf());
            strings = tokenStrings(sequence);
            positions = sequence.elementsPerRow();
            tokens = new TokenVectors(strings, positions, size, perRow, allocator);
        }
        if (embeddings != null) {
            embeddings.add(inputs, result.attributions(), perRow, strings, slicesOfRows());
        }
        if (tensors.encoded() != null) {
            stats.addText(tensors.encoded().counts());
        }
        return new Attributed(result, columns(), new SampleValues(sampleValues(inputs), strings, positions, false));
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

    /** The result columns, then the tokens. */
    private ColumnVector[] columns() {
        ColumnVector[] resultColumns = results.columns();
        if (tokens == null) {
            return resultColumns;
        }
        ColumnVector[] all = Arrays.copyOf(resultColumns, resultColumns.length + 1);
        all[resultColumns.length] = tokens.column();
        return all;
    }

    @Override
    protected void releaseResults() {
        if (results != null) {
            results.close();
            results = null;
        }
        if (tokens != null) {
            tokens.close();
            tokens = null;
        }
    }

    @Override
    protected void closePath() {
        tensors.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
