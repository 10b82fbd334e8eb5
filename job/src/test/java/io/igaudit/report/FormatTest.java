package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.igaudit.stats.MeanAbsInterval;
import org.junit.jupiter.api.Test;

/** A mean |attribution| as the report states it: with its interval when the run sampled its rows. */
class FormatTest {

    @Test
    void meanAbsWithoutAnIntervalIsTheNumber() {
        assertEquals("0.123", Format.meanAbs(0.12345, MeanAbsInterval.NONE));
    }

    @Test
    void meanAbsWithASymmetricIntervalIsPlusMinusTheHalfWidth() {
        assertEquals("0.123 ± 0.0041", Format.meanAbs(0.12345, new MeanAbsInterval(0.12345 - 0.00412, 0.12345 + 0.00412)));
    }

    @Test
    void anIntervalCutAtZeroIsWrittenAsItsEnds() {
        assertEquals("0.012 [0, 0.03]", Format.meanAbs(0.012, new MeanAbsInterval(0, 0.03)));
    }
}
