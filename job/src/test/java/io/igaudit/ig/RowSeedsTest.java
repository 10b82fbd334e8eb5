package io.igaudit.ig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** A row's seed depends on its values and the run's seed only. */
class RowSeedsTest {

    private static final float[] A = {1.5f, -2f, 0.25f};
    private static final float[] B = {1.5f, -2f, 0.5f};

    @Test
    void aRowGetsTheSameSeedAloneFirstLastOrInAnotherBatch() {
        long alone = RowSeeds.of(Plans.rows3(A), 7)[0];
        assertEquals(alone, RowSeeds.of(Plans.rows3(concat(A, B)), 7)[0], "first");
        assertEquals(alone, RowSeeds.of(Plans.rows3(concat(B, A)), 7)[1], "last");
        assertEquals(alone, RowSeeds.of(Plans.rows3(concat(B, concat(B, A))), 7)[2], "another batch");
    }

    @Test
    void otherValuesOrAnotherRunSeedGiveAnotherSeed() {
        long[] two = RowSeeds.of(Plans.rows3(concat(A, B)), 7);
        assertNotEquals(two[0], two[1], "rows that differ in one value");
        assertNotEquals(two[0], RowSeeds.of(Plans.rows3(A), 8)[0], "another run seed");
        assertNotEquals(RowSeeds.of(Plans.rows3(0f, 0f, 0f), 7)[0], RowSeeds.of(Plans.rows3(-0f, 0f, 0f), 7)[0],
                "the bits of -0.0 and 0.0 differ");
        assertNotEquals(RowSeeds.of(Plans.rows3(1f, 2f, 3f), 7)[0], RowSeeds.of(Plans.rows3(2f, 1f, 3f), 7)[0],
                "the order of the values counts");
    }

    private static float[] concat(float[] first, float[] second) {
        float[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
