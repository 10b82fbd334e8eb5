package io.igaudit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.testing.Samples;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it, in a JVM of its own started in a folder of the test's:
 * exit codes, one line on the console and no stack trace for bad configuration or input, the
 * files left in place, and relative paths taken from the folder the command runs in.
 */
class MainProcessTest {

    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path work;

    private record Outcome(int code, String stdout, String stderr) {
        /** The console's lines that are not log lines of Spark or Hadoop (which start with a time). */
        List<String> ownLines() {
            return stderr.lines().filter(line -> !line.matches("^\\d\\d:\\d\\d:\\d\\d .*")).toList();
        }
    }

    @Test
    void gpuOnAMachineWithoutOneIsBadConfigurationInOneLine() throws Exception {
        Outcome outcome = run(settings("model.device=gpu"));
        assertBadInput(outcome, "model.device", "gpu", "use auto or cpu");
    }

    @Test
    void modelOfAnotherWidthNamesTheWidthItTakes() throws Exception {
        Outcome outcome = run(settings("model.path=" + Samples.file("wine_mlp.pt").toAbsolutePath(),
                "input.features=[a,b,c,d]"));
        assertBadInput(outcome, "rows of shape [4]", "must match", "the model seems to take 13 features per row");
    }

    @Test
    void overwriteOfTheFolderHoldingTheModelLeavesEveryFile() throws Exception {
        Path folder = Files.createDirectories(work.resolve("models"));
        Path model = Files.copy(Samples.testModel("linear4.pt"), folder.resolve("linear4.pt"));
        Path other = Files.writeString(folder.resolve("other.txt"), "mine");
        byte[] before = Files.readAllBytes(model);
        Outcome outcome = run(settings("model.path=models/linear4.pt", "output.path=models", "output.mode=overwrite"));
        assertBadInput(outcome, "output.path models holds model.path models/linear4.pt");
        assertArrayEquals(before, Files.readAllBytes(model));
        assertEquals("mine", Files.readString(other));
    }

    @Test
    void relativeConfigAndPathsAreTakenFromWhereTheCommandRuns() throws Exception {
        Files.writeString(work.resolve("mine.conf"), String.join("\n", settings()));
        Outcome outcome = run(List.of("--config", "mine.conf"));
        assertEquals(Main.OK, outcome.code(), outcome.stderr());
        assertTrue(Files.exists(work.resolve("out/run.json")), "output.path=out is below the working folder");
        assertTrue(outcome.stdout().contains("IG Audit finished"), outcome.stdout());
    }

    @Test
    void aMissingOrBrokenFileIsNamedBeforeSparkStarts() throws Exception {
        Outcome missing = run(settings("model.path=models/absent.pt"));
        assertBadInput(missing, "model.path models/absent.pt does not exist", "looked for file:" + work.resolve("models/absent.pt"));
        Files.writeString(work.resolve("tokenizer.json"), "{\"model\": ");
        Outcome broken = run(settings("input.tensors=[{name = ids, text = ids, type = int64}]", "input.text.column=a",
                "input.text.tokenizer=tokenizer.json", "input.features=[]"));
        assertBadInput(broken, "input.text.tokenizer tokenizer.json", "tokenizer.json");
        for (Outcome outcome : List.of(missing, broken)) {
            assertFalse(Files.exists(work.resolve("ig-audit.log")) && Files.readString(work.resolve("ig-audit.log"))
                    .contains("Running Spark version"), "Spark never started");
        }
    }

    @Test
    void aModelWhoseRowsInfluenceEachOtherIsRefusedInOneLine() throws Exception {
        Outcome outcome = run(settings("model.path=" + Samples.testModel("batch_statistics.pt").toAbsolutePath()));
        assertBadInput(outcome, "model.path", "change with the other rows of its pass", "this processor (",
                "BatchNorm in training mode", "model.eval()");
        assertFalse(Files.exists(work.resolve("out")), "nothing written");
    }

    /**
     * The digits CNN with oneDNN free to use every instruction set of this processor (no cap set
     * before libtorch loads, so on AMD Zen 5 its wrong AVX-512 convolution gradients): the
     * self-check leaves right kernels running, and the attributions add up.
     */
    @Test
    void convolutionAttributionsAddUpWhateverKernelsOneDnnMayUse() throws Exception {
        Path input = work.resolve("digits.json");
        try (var lines = Files.lines(Samples.file("digits.json"))) {
            Files.write(input, lines.limit(64).toList());
        }
        Outcome outcome = run(List.of("--config", Samples.root().resolveSibling("conf").resolve("sample-digits.conf").toAbsolutePath().toString(),
                "--set", "input.path=digits.json", "--set", "model.path=" + Samples.file("digits_cnn.pt").toAbsolutePath(),
                "--set", "model.device=cpu", "--set", "output.path=out", "--set", "spark.master=local[1]"),
                Map.of("ONEDNN_MAX_CPU_ISA", "ALL"));
        assertEquals(Main.OK, outcome.code(), outcome.stderr());
        JsonNode runJson = new ObjectMapper().readTree(work.resolve("out/run.json").toFile());
        assertEquals("ALL", runJson.at("/model/onednn_max_cpu_isa").asText(), "the environment's cap, untouched");
        assertTrue(List.of("onednn", "reference").contains(runJson.at("/model/cpu_convolutions").asText()), runJson.toString());
        JsonNode delta = runJson.get("delta");
        // wrong kernels gave a mean |delta| of about 5 here, every row over the tolerance of 0.1
        assertTrue(delta.get("mean_abs").asDouble() < 0.05, delta.toString());
        assertEquals("", delta.get("warning").asText(), delta.toString());
    }

    /** The job's settings over a small CSV in the working folder, as relative paths. */
    private List<String> settings(String... more) throws IOException {
        Files.writeString(work.resolve("rows.csv"), "id,a,b,c,d\n1,1.0,2.0,3.0,4.0\n2,0.5,-1.0,2.0,1.0\n");
        List<String> settings = new ArrayList<>(List.of(
                "input.path=rows.csv", "input.format=csv", "input.id-columns=[id]", "input.features=[a,b,c,d]",
                "model.path=\"" + Samples.testModel("linear4.pt").toAbsolutePath().normalize() + "\"",
                "output.path=out", "spark.master=\"local[1]\""));
        for (String setting : more) {
            String key = setting.substring(0, setting.indexOf('='));
            settings.removeIf(s -> s.startsWith(key + "="));
            settings.add(setting);
        }
        return settings;
    }

    private Outcome run(List<String> settings) throws Exception {
        return run(settings, Map.of());
    }

    private Outcome run(List<String> settings, Map<String, String> environment) throws Exception {
        List<String> args = new ArrayList<>(settings);
        if (!args.contains("--config")) {
            args = new ArrayList<>();
            for (String setting : settings) {
                args.add("--set");
                args.add(setting.replace("\"", "")); // --set takes plain strings; the quotes are for the file
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .forEach(command::add);
        command.add("-Digaudit.log.file=" + work.resolve("ig-audit.log"));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(args);
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the job did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Outcome(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static void assertBadInput(Outcome outcome, String... parts) {
        assertEquals(Main.BAD_INPUT, outcome.code(), outcome.stderr());
        assertFalse(outcome.stderr().contains("\tat "), "no stack trace on the console:\n" + outcome.stderr());
        List<String> own = outcome.ownLines();
        assertEquals(1, own.size(), "one line:\n" + outcome.stderr());
        assertTrue(own.get(0).startsWith("ig-audit: bad "), own.get(0));
        for (String part : parts) {
            assertTrue(own.get(0).contains(part), "'" + part + "' missing from: " + own.get(0));
        }
    }
}
