package io.igaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line gives exit code 2 for a bad configuration, before any Spark session starts,
 * and prints a message naming the culprit. Only configurations that fail in the loader are used
 * here: Main stops the session it opens, which would stop the tests' shared session.
 */
class MainExitCodeTest {

    @TempDir
    Path tmp;

    /** Runs Main; returns exit code and standard error. */
    private record Outcome(int code, String err) {}

    private Outcome main(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(err);
            code = new CommandLine(new Main()).execute(args);
        } finally {
            System.setErr(original);
        }
        return new Outcome(code, captured.toString(StandardCharsets.UTF_8));
    }

    /** Main with the minimal valid settings (see {@link ConfigLoaderTest#minimal}) and more. */
    private Outcome withSettings(String... more) {
        List<String> args = new ArrayList<>();
        for (String setting : ConfigLoaderTest.minimal(more)) {
            args.add("--set");
            args.add(setting);
        }
        return main(args.toArray(String[]::new));
    }

    private static void assertBadConfiguration(Outcome outcome, String... parts) {
        assertEquals(Main.BAD_INPUT, outcome.code(), "exit code; stderr: " + outcome.err());
        assertTrue(outcome.err().contains("bad configuration"), outcome.err());
        for (String part : parts) {
            assertTrue(outcome.err().contains(part), "stderr should mention '" + part + "': " + outcome.err());
        }
    }

    @Test
    void unknownKey() {
        assertBadConfiguration(withSettings("attribution.stepz=10"), "'attribution.stepz'", "did you mean 'attribution.steps'");
    }

    @Test
    void wrongInputFormat() {
        assertBadConfiguration(withSettings("input.format=xlsx"), "input.format", "xlsx", "parquet, csv, json, orc");
    }

    @Test
    void stepsZero() {
        assertBadConfiguration(withSettings("attribution.steps=0"), "attribution.steps");
    }

    @Test
    void stepsOneBillion() {
        assertBadConfiguration(withSettings("attribution.steps=1000000000"), "attribution.steps", "1000000000");
    }

    @Test
    void unknownMethod() {
        assertBadConfiguration(withSettings("attribution.method=simpson"), "attribution.method", "simpson",
                "gausslegendre", "riemann_trapezoid");
    }

    @Test
    void hoconSyntaxErrorInConfigFile() throws IOException {
        Path conf = tmp.resolve("broken.conf");
        Files.write(conf, List.of("input {", "  path = \"/in\"", "  features = = [a]", "}"));
        Outcome outcome = main("--config", conf.toString(), "--set", "model.path=/m.pt", "--set", "output.path=/o");
        assertBadConfiguration(outcome, conf.toString());
        assertTrue(outcome.err().contains("broken.conf: 3:"), "line number: " + outcome.err());
    }

    @Test
    void missingConfigFile() {
        Path missing = tmp.resolve("missing.conf");
        assertBadConfiguration(main("--config", missing.toString()), missing.toString());
    }

    @Test
    void missingInputPath() {
        assertBadConfiguration(main("--set", "model.path=/m.pt", "--set", "output.path=/o", "--set", "input.features=[a]"),
                "input.path", "required");
    }
}
