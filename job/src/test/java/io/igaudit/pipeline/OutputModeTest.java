package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.testModel;
import static io.igaudit.pipeline.Audits.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** output.mode = overwrite: the old output is replaced, but only once every check has passed. */
class OutputModeTest {

    @TempDir
    Path tmp;

    private Path output;
    private Path keep;
    private List<String> settings;

    @BeforeEach
    void earlierOutput() throws Exception {
        Path csv = Audits.write(tmp.resolve("in/rows.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0", "2,0.5,-1.0,2.0,1.0");
        output = tmp.resolve("out");
        keep = Audits.write(output.resolve("old-results.txt"), "earlier results");
        settings = List.of(
                "input.path=" + csv.toAbsolutePath(),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.mode=overwrite",
                "output.path=" + output);
    }

    @Test
    void overwriteReplacesTheOldOutput() throws Exception {
        Audits.run(settings);
        assertFalse(Files.exists(keep), "the old output is gone");
        assertEquals(List.of("attributions", "feature_stats", "report.html", "run.json"),
                Audits.listing(output).stream().filter(n -> !n.startsWith(".")).toList());
        assertEquals(2, Audits.runJson(output).at("/counts/attributed_rows").asLong());
    }

    @Test
    void overwriteKeepsTheOldOutputWhenACheckFails() throws Exception {
        ConfigException error = assertThrows(ConfigException.class,
                () -> Audits.run(with(settings, "attribution.target=3")));
        assertTrue(error.getMessage().contains("attribution.target"), error.getMessage());
        assertEquals(List.of("old-results.txt"), Audits.listing(output));
        assertEquals(List.of("earlier results"), Files.readAllLines(keep));
    }
}
