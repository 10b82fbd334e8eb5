package io.igaudit.io;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * A check of the float32 features of internal rows in Java, where Spark would otherwise plan and
 * compile an expression over every feature column: the features are valid when each is present and
 * finite, as {@link RowValidity#isValid} says of the input's columns once cast to float32.
 *
 * <p>As a filter of the attribution pass's rows (after a profile scan that found no invalid row),
 * it stops the run on an invalid row instead of dropping it: the input changed since the scan.
 *
 * @param first the ordinal of the first feature column, or of the array column
 * @param width the number of feature columns; 0 for one array column
 */
public record FiniteFeatures(int first, int width) implements Function<InternalRow, Boolean> {

    private static final long serialVersionUID = 1L;

    public FiniteFeatures {
        if (first < 0 || width < 0) {
            throw new IllegalArgumentException("first " + first + ", width " + width);
        }
    }

    /** True when the row's features are all present and finite. */
    public boolean test(InternalRow row) {
        return width == 0 ? arrayValid(row, first) : columnsValid(row, first, width);
    }

    @Override
    public Boolean call(InternalRow row) {
        if (!test(row)) {
            throw new IllegalStateException("a row with a null, NaN or infinite feature reached the attribution pass, "
                    + "although the input's scan found none: did the input change during the run?");
        }
        return true;
    }

    static boolean columnsValid(InternalRow row, int first, int width) {
        for (int i = first; i < first + width; i++) {
            if (row.isNullAt(i) || !Float.isFinite(row.getFloat(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean arrayValid(InternalRow row, int ordinal) {
        if (row.isNullAt(ordinal)) {
            return false;
        }
        ArrayData array = row.getArray(ordinal);
        for (int i = 0; i < array.numElements(); i++) {
            if (array.isNullAt(i) || !Float.isFinite(array.getFloat(i))) {
                return false;
            }
        }
        return true;
    }
}
