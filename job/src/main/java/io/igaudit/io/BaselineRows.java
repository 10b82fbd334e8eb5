package io.igaudit.io;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Resolved baseline rows: {@code rows × elementsPerRow} floats, each row applied to every input row.
 *
 * @param values the baseline values, row-major
 * @param rows number of baseline rows
 * @param description how they were made, for run.json
 */
public record BaselineRows(float[] values, int rows, String description) implements Serializable {

    /** Copies the values. */
    public BaselineRows {
        values = values.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BaselineRows b && rows == b.rows && Arrays.equals(values, b.values)
                && description.equals(b.description);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + rows;
    }

    @Override
    public String toString() {
        return "BaselineRows[" + rows + " rows, " + description + "]";
    }
}
