package io.igaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.TargetSpec;
import io.igaudit.partition.PartitionSpec.TargetSource.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void allBecomesEveryOutputOfTheModel() {
        Targets targets = Targets.of(new TargetSpec.All(), 3, Optional.empty());
        assertEquals(Kind.SEVERAL, targets.source().kind());
        assertArrayEquals(new int[] {0, 1, 2}, targets.source().indices());
        assertEquals(3, targets.perRow());
        assertTrue(targets.several());
        assertTrue(targets.perClass(), "a group per output");
        assertEquals("all", targets.describe());
    }

    @Test
    void oneIndexIsFixedWithoutGroupsPerClass() {
        Targets targets = Targets.of(new TargetSpec.Index(4), 10, Optional.empty());
        assertEquals(Kind.FIXED, targets.source().kind());
        assertArrayEquals(new int[] {4}, targets.source().indices());
        assertEquals(1, targets.perRow());
        assertFalse(targets.perClass());
        assertEquals(List.of(4), Targets.fixedIndices(new TargetSpec.Index(4)));
    }

    @Test
    void aListKeepsItsOrderAndNamesItsIndices() {
        TargetSpec several = new TargetSpec.Several(List.of(2, 0));
        Targets targets = Targets.of(several, 3, Optional.empty());
        assertArrayEquals(new int[] {2, 0}, targets.source().indices());
        assertEquals(2, targets.perRow());
        assertEquals(List.of(2, 0), Targets.fixedIndices(several));
    }

    @Test
    void predictedHasGroupsPerClassAndAColumnHasNone() {
        Targets predicted = Targets.of(new TargetSpec.Predicted(), 5, Optional.empty());
        assertEquals(Kind.PREDICTED, predicted.source().kind());
        assertTrue(predicted.perClass());
        assertFalse(predicted.several());
        Targets column = Targets.of(new TargetSpec.Column("label"), 5, Optional.of("label"));
        assertEquals(Kind.COLUMN, column.source().kind());
        assertEquals(Optional.of("label"), column.column());
        assertFalse(column.perClass());
        assertEquals(List.of(), Targets.fixedIndices(new TargetSpec.Column("label")));
    }
}
