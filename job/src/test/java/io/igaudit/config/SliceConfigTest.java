package io.igaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SliceConfigTest {

    @Test
    void aNameIsAColumnAndAnythingElseACondition() {
        assertEquals(new SliceConfig.Column("region"), SliceConfig.Slice.parse(" region "));
        assertEquals(new SliceConfig.Column("model version"), SliceConfig.Slice.parse("`model version`"));
        assertEquals(new SliceConfig.Predicate("age >= 60"), SliceConfig.Slice.parse("age >= 60"));
        assertEquals(new SliceConfig.Predicate("region IN ('eu', 'us')"), SliceConfig.Slice.parse("region IN ('eu', 'us')"));
    }

    @Test
    void boundsOutOfRangeAreRejectedWithTheirKey() {
        ConfigException blank = assertThrows(ConfigException.class, () -> SliceConfig.Slice.parse("  "));
        assertTrue(blank.getMessage().contains("audit.slices"), blank.getMessage());
        ConfigException bound = assertThrows(ConfigException.class, () -> new SliceConfig(java.util.List.of(), 20, 10, 100));
        assertTrue(bound.getMessage().contains("audit.slice-max-distinct"), bound.getMessage());
    }
}
