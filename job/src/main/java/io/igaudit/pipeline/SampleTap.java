package io.igaudit.pipeline;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Passes attributed rows through unchanged and keeps the feature values and attributions of the
 * rows chosen for the report's beeswarm sample (those whose hidden sample column holds the
 * features), so that the sample costs no second pass over the data. The hidden column is dropped
 * before the attributions are written.
 */
final class SampleTap implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

    private static final long serialVersionUID = 1L;

    /** One sampled row: its feature values and attributions, in feature order. */
    record SampledRow(float[] values, float[] attributions) implements Serializable {}

    private final int sampleOrdinal;
    private final int attributionsOrdinal;
    private final CollectionAccumulator<SampledRow> sample;

    /**
     * @param sampleOrdinal position of the hidden sample column (array of float, null when not sampled)
     * @param attributionsOrdinal position of the attributions column
     * @param sample where the sampled rows go
     */
    SampleTap(int sampleOrdinal, int attributionsOrdinal, CollectionAccumulator<SampledRow> sample) {
        this.sampleOrdinal = sampleOrdinal;
        this.attributionsOrdinal = attributionsOrdinal;
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
                    sample.add(new SampledRow(row.getArray(sampleOrdinal).toFloatArray(),
                            row.getArray(attributionsOrdinal).toFloatArray()));
                }
                return row;
            }
        };
    }
}
