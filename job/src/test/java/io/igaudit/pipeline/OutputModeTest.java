package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.testModel;
import static io.igaudit.pipeline.Audits.with;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import io.igaudit.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * output.mode = overwrite replaces an empty folder or an earlier IG Audit output, only once every
 * check has passed, and never a folder holding anything else or anything the run reads.
 */
class OutputModeTest {

    @TempDir
    Path tmp;

    private Path csv;
    private Path output;
    private List<String> settings;

    @BeforeEach
    void settings() {
        csv = Audits.write(tmp.resolve("in/rows.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0", "2,0.5,-1.0,2.0,1.0");
        output = tmp.resolve("out");
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
    void overwriteReplacesAnEarlierAudit() throws Exception {
        Audits.run(with(settings, "attribution.steps=7"));
        String earlierRun = Audits.runJson(output).at("/run_id").asText();
        Audits.run(settings);
        assertFalse(earlierRun.equals(Audits.runJson(output).at("/run_id").asText()), "run.json is the new run's");
        assertEquals(50, Audits.runJson(output).at("/attribution/steps").asInt());
        assertEquals(List.of("attributions", "feature_stats", "report.html", "run.json", "violations.json"),
                Audits.listing(output).stream().filter(n -> !n.startsWith(".")).toList());
    }

    @Test
    void overwriteReplacesTheLeftoversOfAnInterruptedRun() throws Exception {
        Audits.run(settings);
        Files.delete(output.resolve("run.json")); // a run killed before it finished leaves no run.json
        Audits.run(settings);
        assertEquals(2, Audits.runJson(output).at("/counts/attributed_rows").asLong());
    }

    @Test
    void overwriteFillsAnEmptyFolder() throws Exception {
        Files.createDirectories(output);
        Audits.run(settings);
        assertEquals(2, Audits.runJson(output).at("/counts/attributed_rows").asLong());
    }

    @Test
    void overwriteRefusesAFolderHoldingOtherFiles() throws Exception {
        Path keep = Audits.write(output.resolve("old-results.txt"), "my own results");
        Path mine = Audits.write(output.resolve("notes/todo.md"), "mine");
        ConfigException error = assertThrows(ConfigException.class, () -> Audits.run(settings));
        assertMentions(error.getMessage(), "output.path", "old-results.txt", "notes/", "did not write", "new output.path");
        assertEquals(List.of("my own results"), Files.readAllLines(keep));
        assertEquals(List.of("mine"), Files.readAllLines(mine));
    }

    @Test
    void overwriteRefusesAnEarlierAuditWithAFileAddedByTheUser() throws Exception {
        Audits.run(settings);
        Path keep = Audits.write(output.resolve("my-analysis.ipynb"), "{}");
        ConfigException error = assertThrows(ConfigException.class, () -> Audits.run(settings));
        assertMentions(error.getMessage(), "my-analysis.ipynb");
        assertTrue(Files.exists(keep));
        assertTrue(Files.exists(output.resolve("run.json")), "the earlier audit is untouched too");
    }

    @Test
    void overwriteKeepsTheOldOutputWhenACheckFails() throws Exception {
        Audits.run(settings);
        List<String> before = Audits.listing(output.resolve("attributions"));
        ConfigException error = assertThrows(ConfigException.class,
                () -> Audits.run(with(settings, "attribution.target=3")));
        assertTrue(error.getMessage().contains("attribution.target"), error.getMessage());
        assertEquals(before, Audits.listing(output.resolve("attributions")));
        assertTrue(Files.exists(output.resolve("run.json")));
    }

    @Test
    void outputHoldingTheModelIsRefusedAndTheModelKept() throws Exception {
        Path model = output.resolve("linear4.pt");
        Files.createDirectories(output);
        Files.copy(Path.of(testModel("linear4.pt")), model);
        Path unrelated = Audits.write(output.resolve("readme.txt"), "unrelated");
        byte[] modelBytes = Files.readAllBytes(model);
        for (String mode : List.of("overwrite", "error-if-exists")) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> Audits.run(with(settings, "model.path=" + model, "output.mode=" + mode)));
            assertMentions(error.getMessage(), "output.path", "model.path", model.toString(), "which this run reads");
        }
        assertArrayEquals(modelBytes, Files.readAllBytes(model));
        assertEquals(List.of("unrelated"), Files.readAllLines(unrelated));
    }

    @Test
    void outputHoldingTheBaselineIsRefusedAndTheBaselineKept() throws Exception {
        Path baseline = Audits.write(output.resolve("baseline.csv"), "a,b,c,d", "0,0,0,0");
        ConfigException error = assertThrows(ConfigException.class,
                () -> Audits.run(with(settings, "attribution.baseline=" + baseline)));
        assertMentions(error.getMessage(), "attribution.baseline", baseline.toString());
        assertEquals(List.of("a,b,c,d", "0,0,0,0"), Files.readAllLines(baseline));
    }

    @Test
    void outputHoldingTheHistoryIsRefused() throws Exception {
        Audits.run(settings);
        Path history = output.resolve("history");
        ConfigException error = assertThrows(ConfigException.class,
                () -> Audits.run(with(settings, "audit.history-path=" + history)));
        assertMentions(error.getMessage(), "audit.history-path", history.toString());
        assertTrue(Files.exists(output.resolve("run.json")));
    }

    @Test
    void outputHoldingTheConfigurationFileIsRefused() throws Exception {
        Files.createDirectories(output);
        Path conf = Audits.write(output.resolve("job.conf"), "output.mode = overwrite");
        ConfigException error = assertThrows(ConfigException.class,
                () -> AuditPipeline.run(Audits.spark(), ConfigLoader.load(Optional.of(conf), settings)));
        assertMentions(error.getMessage(), "--config", conf.toString());
        assertEquals(List.of("output.mode = overwrite"), Files.readAllLines(conf));
    }

    @Test
    void outputInsideTheInputFolderIsRefused() throws Exception {
        Path inside = csv.getParent().resolve("audit");
        ConfigException error = assertThrows(ConfigException.class,
                () -> Audits.run(with(settings, "input.path=" + csv.getParent(), "output.path=" + inside)));
        assertMentions(error.getMessage(), "output.path", "inside input.path");
        assertFalse(Files.exists(inside));
        assertTrue(Files.exists(csv));
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
    }
}
