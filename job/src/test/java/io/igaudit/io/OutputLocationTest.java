package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which names at the top of an output folder are IG Audit's own (and so may be overwritten). */
class OutputLocationTest {

    @Test
    void ownEntriesTheirChecksumsAndTemporaryFiles() {
        for (String name : List.of("attributions", "feature_stats", "rejected", "drift", "report.html", "run.json",
                ".run.json.crc", ".report.html.crc", ".run.json.6f1c2a.tmp", "..run.json.6f1c2a.tmp.crc",
                ".ig-audit-write-probe-6f1c2a")) {
            assertTrue(OutputLocation.isOwnEntry(name), name);
        }
    }

    @Test
    void anythingElseIsForeign() {
        for (String name : List.of("model.pt", "baseline.csv", "run.json.bak", "attributions-old", "Run.json", ".git",
                ".env", "_SUCCESS", "report.htm", ".run.jsonx")) {
            assertFalse(OutputLocation.isOwnEntry(name), name);
        }
    }
}
