package io.igaudit.io;

import java.util.List;
import org.apache.spark.sql.Column;

/** How a scan tells the rows that can be attributed. */
public sealed interface ValidRows {

    /** True where Spark's expression is (null counts as false). */
    record ByExpression(Column valid) implements ValidRows {}

    /**
     * Where each named feature column, cast to float32, is present and finite ({@link FiniteFeatures}),
     * as {@link RowValidity#isValid} says, checked in Java: Spark then plans and compiles no
     * expression over every feature column, which on a few cores and hundreds of columns took
     * longer than reading the rows.
     */
    record FloatFeatures(List<String> features) implements ValidRows {
        public FloatFeatures {
            features = List.copyOf(features);
        }
    }
}
