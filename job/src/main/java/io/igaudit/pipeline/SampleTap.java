package io.igaudit.pipeline;

import io.igaudit.io.OutputSchemas;
import io.igaudit.partition.IdText;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Passes attributed rows through unchanged and keeps the ids, target, prediction, feature values
 * and attributions of the rows chosen for the report's sample (those whose hidden sample column
 * holds the features), so that the sample costs no second pass over the data. The hidden column
 * is dropped before the attributions are written.
 */
final class SampleTap implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

    private static final long serialVersionUID = 1L;

    /**
     * One sampled row.
     *
     * @param ids its id column values, as text
     * @param target the output explained
     * @param prediction F(x) for the target
     * @param delta its convergence delta
     * @param values its feature values, in feature order
     * @param attributions its attributions, in feature order
     * @param tokens the token at each position of its sequence (the tokens column), or null without one
     */
    record SampledRow(List<String> ids, int target, float prediction, float delta, float[] values, float[] attributions,
            String[] tokens) implements Serializable {}

    private final DataType[] idTypes;
    private final int sampleOrdinal;
    private final int targetOrdinal;
    private final int predictionOrdinal;
    private final int attributionsOrdinal;
    private final int deltaOrdinal;
    private final int tokensOrdinal;
    private final CollectionAccumulator<SampledRow> sample;

    /**
     * @param attributedSchema the attributed rows: the id columns, the result columns of
     *     {@link OutputSchemas}, and the hidden sample column (array of float, null when not sampled)
     * @param idCount the number of id columns (they come first)
     * @param sampleOrdinal position of the hidden sample column
     * @param sample where the sampled rows go
     */
    SampleTap(StructType attributedSchema, int idCount, int sampleOrdinal, CollectionAccumulator<SampledRow> sample) {
        this.idTypes = IdText.types(new StructType(java.util.Arrays.copyOf(attributedSchema.fields(), idCount)));
        this.sampleOrdinal = sampleOrdinal;
        this.targetOrdinal = attributedSchema.fieldIndex(OutputSchemas.TARGET);
        this.predictionOrdinal = attributedSchema.fieldIndex(OutputSchemas.PREDICTION);
        this.attributionsOrdinal = attributedSchema.fieldIndex(OutputSchemas.ATTRIBUTIONS);
        this.deltaOrdinal = attributedSchema.fieldIndex(OutputSchemas.DELTA);
        this.tokensOrdinal = java.util.Arrays.asList(attributedSchema.fieldNames()).indexOf(OutputSchemas.TOKENS);
        this.sample = sample;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public InternalRow next() {
                InternalRow row = rows.next();
                if (!row.isNullAt(sampleOrdinal)) {
                    // Copies: the row object is reused for the next row.
                    sample.add(new SampledRow(IdText.of(row, idTypes), row.getInt(targetOrdinal), row.getFloat(predictionOrdinal),
                            row.getFloat(deltaOrdinal), row.getArray(sampleOrdinal).toFloatArray(),
                            row.getArray(attributionsOrdinal).toFloatArray(), tokens(row)));
                }
                return row;
            }
        };
    }

    private String[] tokens(InternalRow row) {
        if (tokensOrdinal < 0) {
            return null;
        }
        ArrayData array = row.getArray(tokensOrdinal);
        String[] tokens = new String[array.numElements()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = array.getUTF8String(i).toString();
        }
        return tokens;
    }
}
