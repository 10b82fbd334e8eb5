package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Processor} read from /proc/cpuinfo lines as Linux writes them. */
class ProcessorTest {

    private static final List<String> ZEN5 = List.of(
            "processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2", "model name\t: AMD EPYC",
            "flags\t\t: fpu avx512f", "", "processor\t: 1", "vendor_id\t: GenuineIntel", "cpu family\t: 6");

    @Test
    void theFirstProcessorIsNamedAsLscpuNamesIt() {
        Processor first = Processor.of(ZEN5);
        assertEquals("AMD EPYC, CPU family 26, model 2", first.toString());
        assertTrue(first.isAmdFamily(26));
        assertFalse(first.isAmdFamily(25));
    }

    @Test
    void anIntelProcessorOfTheSameFamilyNumberIsNotAnAmdOne() {
        Processor intel = Processor.of(List.of("vendor_id\t: GenuineIntel", "cpu family\t: 26", "model\t\t: 1",
                "model name\t: Some Xeon"));
        assertFalse(intel.isAmdFamily(26));
    }

    @Test
    void withoutAFamilyOnlyTheNameIsGiven() {
        Processor arm = Processor.of(List.of("processor\t: 0", "BogoMIPS\t: 50.00", "CPU implementer\t: 0x41"));
        assertEquals(-1, arm.family());
        assertEquals(System.getProperty("os.arch"), arm.toString());
    }
}
