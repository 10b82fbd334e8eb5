package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.junit.jupiter.api.Test;

/** The Java check of float features: columns after the ids, or one array column. */
class FiniteFeaturesTest {

    private static InternalRow row(Object... values) {
        return new GenericInternalRow(values);
    }

    @Test
    void columnsAfterTheIds() {
        FiniteFeatures check = new FiniteFeatures(1, 2);
        assertTrue(check.test(row(7L, 1f, -2f)));
        assertTrue(check.test(row(null, 1f, Float.MAX_VALUE)), "an id is not a feature");
        assertFalse(check.test(row(7L, null, 1f)));
        assertFalse(check.test(row(7L, 1f, Float.NaN)));
        assertFalse(check.test(row(7L, Float.NEGATIVE_INFINITY, 1f)));
        assertTrue(check.test(row(7L, 1f, 2f, Float.NaN)), "a column after the features is not one");
    }

    @Test
    void oneArrayColumn() {
        FiniteFeatures check = new FiniteFeatures(0, 0);
        assertTrue(check.test(row(new GenericArrayData(new Object[] {1f, 2f}))));
        assertFalse(check.test(row((Object) null)));
        assertFalse(check.test(row(new GenericArrayData(new Object[] {1f, null}))));
        assertFalse(check.test(row(new GenericArrayData(new Object[] {Float.POSITIVE_INFINITY}))));
    }

    @Test
    void asTheFilterOfThePassItStopsOnAnInvalidRow() throws Exception {
        FiniteFeatures check = new FiniteFeatures(0, 1);
        assertEquals(Boolean.TRUE, check.call(row(3f)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> check.call(row(Float.NaN)));
        assertTrue(e.getMessage().contains("did the input change"), e.getMessage());
    }
}
