package io.igaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.Method;
import io.igaudit.ig.NoiseOptions;
import io.igaudit.ig.NoiseType;
import io.igaudit.ig.QuadratureRule;
import io.igaudit.model.DeviceChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration: defaults from reference.conf, a --config file under --set overrides, and every
 * value checked before Spark starts, with messages that name the key and the fix.
 */
class ConfigLoaderTest {

    @TempDir
    Path tmp;

    /** The two required keys and a feature list: the smallest valid configuration. */
    static List<String> minimal(String... more) {
        List<String> settings = new ArrayList<>(List.of("input.path=/data/in.parquet", "model.path=/models/m.pt",
                "output.path=/data/out", "input.features=[a, b]"));
        settings.addAll(List.of(more));
        return settings;
    }

    static JobConfig load(String... more) {
        return ConfigLoader.load(Optional.empty(), minimal(more));
    }

    static String error(String... more) {
        return assertThrows(ConfigException.class, () -> load(more)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    private Path file(String name, String... lines) throws IOException {
        Path path = tmp.resolve(name);
        Files.write(path, List.of(lines));
        return path;
    }

    // ------------------------------------------------------------------ valid configurations

    @Test
    void defaultsComeFromReferenceConf() {
        JobConfig config = load();
        assertEquals("parquet", config.input().format());
        assertEquals(List.of("a", "b"), config.input().features());
        assertEquals(InputConfig.InvalidRowPolicy.QUARANTINE, config.input().onInvalidRow());
        assertEquals(DeviceChoice.AUTO, config.model().device());
        assertEquals(1, config.model().threadsPerTask());
        assertEquals(QuadratureRule.GAUSS_LEGENDRE, config.attribution().integration().rule());
        assertEquals(50, config.attribution().integration().steps());
        assertTrue(config.attribution().integration().multiplyByInputs());
        assertEquals(new TargetSpec.Index(0), config.attribution().target());
        assertEquals(new BaselineSpec.Zeros(), config.attribution().baseline());
        assertEquals(256, config.attribution().batchRows());
        assertEquals(0, config.attribution().partitions());
        assertEquals(OutputConfig.Mode.ERROR_IF_EXISTS, config.output().mode());
        assertFalse(config.output().featureColumns());
        assertEquals(Duration.ofSeconds(10), config.progressInterval());
        assertTrue(config.spark().isEmpty());
    }

    @Test
    void sampleConfLoads() {
        Path sample = Path.of("..", "conf", "sample.conf");
        JobConfig config = ConfigLoader.load(Optional.of(Files.isRegularFile(sample) ? sample : Path.of("conf", "sample.conf")),
                List.of());
        assertEquals("csv", config.input().format());
        assertEquals(30, config.input().features().size());
        assertEquals(List.of("id"), config.input().idColumns());
        assertEquals(new TargetSpec.Predicted(), config.attribution().target());
        assertEquals(new BaselineSpec.Median(), config.attribution().baseline());
        assertEquals(OutputConfig.Mode.OVERWRITE, config.output().mode());
        assertTrue(config.output().featureColumns());
    }

    @Test
    void setOverridesTheFileAndLaterSetsWin() throws IOException {
        Path conf = file("job.conf", "input { path = \"/in\", features = [x] }", "model.path = \"/m.pt\"",
                "output.path = \"/out\"", "attribution { steps = 20, method = riemann_right }");
        JobConfig config = ConfigLoader.load(Optional.of(conf), List.of("attribution.steps=30", "attribution.steps=40"));
        assertEquals(40, config.attribution().integration().steps());
        assertEquals(QuadratureRule.RIEMANN_RIGHT, config.attribution().integration().rule());
        assertEquals("/in", config.input().path());
    }

    @Test
    void targetsParse() {
        assertEquals(new TargetSpec.Predicted(), load("attribution.target=predicted").attribution().target());
        assertEquals(new TargetSpec.Column("label"), load("attribution.target=column:label").attribution().target());
        assertEquals(new TargetSpec.Index(2), load("attribution.target=2").attribution().target());
    }

    @Test
    void baselinesParse() {
        assertEquals(new BaselineSpec.Mean(), load("attribution.baseline=mean").attribution().baseline());
        assertEquals(new BaselineSpec.Median(), load("attribution.baseline=median").attribution().baseline());
        assertEquals(new BaselineSpec.Constant(1.5), load("attribution.baseline=1.5").attribution().baseline());
        assertEquals(new BaselineSpec.Values(List.of(1.0, -2.0)), load("attribution.baseline=[1, -2]").attribution().baseline());
        assertEquals(new BaselineSpec.FromFile("/data/baseline.parquet"),
                load("attribution.baseline=/data/baseline.parquet").attribution().baseline());
    }

    @Test
    void severalTargetsParse() {
        assertEquals(new TargetSpec.Several(List.of(0, 2)), load("attribution.target=[0, 2]").attribution().target());
        assertEquals(new TargetSpec.Index(1), load("attribution.target=[1]").attribution().target());
        assertEquals(new TargetSpec.All(), load("attribution.target=all").attribution().target());
        assertMentions(error("attribution.target=[0, 0]"), "attribution.target", "twice");
        assertMentions(error("attribution.target=[]"), "attribution.target", "empty");
        assertMentions(error("attribution.target=[0, x]"), "attribution.target", "'x'");
    }

    @Test
    void expectedGradientsAndTheNoiseTunnelParse() {
        AttributionConfig eg = load("attribution.method=expected_gradients", "attribution.samples=20",
                "attribution.background-path=/data/bg.parquet", "attribution.seed=42").attribution();
        assertEquals(Method.EXPECTED_GRADIENTS, eg.method());
        assertEquals(20, eg.expectedGradients().samples());
        assertEquals(Optional.of("/data/bg.parquet"), eg.expectedGradients().backgroundPath());
        assertEquals(42L, eg.seed());
        assertEquals(null, load().attribution().noise(), "the noise tunnel is off by default");
        NoiseOptions noise = load("attribution.noise.samples=4", "attribution.noise.stdev=0.2",
                "attribution.noise.type=vargrad").attribution().noise();
        assertEquals(new NoiseOptions(4, 0.2, NoiseType.VARGRAD), noise);
        assertEquals(new BaselineSpec.Blur(), load("attribution.baseline=blur").attribution().baseline());
        assertEquals(new BaselineSpec.White(), load("attribution.baseline=white").attribution().baseline());
        assertEquals(new BaselineSpec.Uniform(), load("attribution.baseline=uniform").attribution().baseline());
    }

    @Test
    void badSettingsOfTheNewMethods() {
        assertMentions(error("attribution.method=expected_gradients", "attribution.steps=auto"), "attribution.steps", "auto");
        assertMentions(error("attribution.samples=0"), "attribution.samples");
        assertMentions(error("attribution.noise.samples=2", "attribution.noise.type=smooth"), "attribution.noise.type",
                "smoothgrad");
        assertMentions(error("attribution.noise.stdev=-1"), "attribution.noise.stdev");
        assertMentions(error("attribution.image-baseline.blur-sigma=0"), "attribution.image-baseline.blur-sigma");
        assertMentions(error("attribution.method=expected"), "attribution.method", "expected_gradients");
    }

    @Test
    void sparkKeysPassThrough() {
        JobConfig config = load("spark.master=local[3]", "spark.executor.memory=2g");
        assertEquals("local[3]", config.spark().get("spark.master"));
        assertEquals("2g", config.spark().get("spark.executor.memory"));
    }

    @Test
    void resolvedConfigurationIsKeptForTheReport() {
        JobConfig config = load("attribution.steps=7");
        assertTrue(config.resolved().get("attribution") instanceof java.util.Map<?, ?> section
                && Integer.valueOf(7).equals(section.get("steps")), "resolved: " + config.resolved());
    }

    @Test
    void sampleDefaultsToEveryRowAndReadsFractionAndSeed() {
        SampleSpec all = load().input().sample();
        assertEquals(1.0, all.fraction());
        assertFalse(all.sampled(), "fraction 1 audits every row");
        SampleSpec sample = load("input.sample.fraction=0.01", "input.sample.seed=7").input().sample();
        assertEquals(new SampleSpec(0.01, 7), sample);
        assertTrue(sample.sampled());
        assertEquals(new SampleSpec(0.5, 3), load("input.sample={ fraction = 0.5, seed = 3 }").input().sample());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void sampleFractionOutsideZeroToOne() {
        for (String fraction : List.of("0", "-0.1", "1.5", "0.0")) {
            String message = error("input.sample.fraction=" + fraction);
            assertMentions(message, "input.sample.fraction", "above 0", "at most 1");
            assertFalse(message.contains("\n"), "one line: " + message);
        }
        assertMentions(error("input.sample.fraction=some"), "input.sample.fraction", "must be a number", "some");
        assertMentions(error("input.sample.seed=x"), "input.sample.seed");
    }

    @Test
    void stepsZero() {
        assertMentions(error("attribution.steps=0"), "attribution.steps", "0");
    }

    @Test
    void stepsOneBillion() {
        assertMentions(error("attribution.steps=1000000000"), "attribution.steps", "1000000000", "100000");
    }

    @Test
    void stepsNotWhole() {
        assertMentions(error("attribution.steps=2.5"), "attribution.steps", "2.5");
    }

    @Test
    void autoStepsMakeAnAdaptivePlanFromTheTolerance() {
        JobConfig config = load("attribution.steps=auto", "attribution.max-steps=128", "attribution.delta-tolerance=0.001");
        assertEquals(new io.igaudit.ig.AdaptiveSteps(4, 128, 0.001), config.attribution().adaptiveSteps());
        assertEquals(null, load("attribution.steps=50").attribution().adaptiveSteps(), "a number means fixed steps");
    }

    @Test
    void maxStepsBelowTheFirstRoundIsRejected() {
        assertMentions(error("attribution.steps=auto", "attribution.max-steps=2"), "attribution.max-steps", "2");
        assertMentions(error("attribution.steps=often"), "attribution.steps", "often");
    }

    @Test
    void riemannNeedsTwoSteps() {
        assertMentions(error("attribution.method=riemann_left", "attribution.steps=1"), "attribution.steps", "between 2");
    }

    @Test
    void unknownMethodListsTheValidOnes() {
        String message = error("attribution.method=simpson");
        assertMentions(message, "attribution.method", "simpson");
        for (QuadratureRule rule : QuadratureRule.values()) {
            assertMentions(message, rule.configName());
        }
    }

    @Test
    void unknownKeySuggestsTheClosest() {
        assertMentions(error("attribution.stepz=10"), "attribution.stepz", "did you mean 'attribution.steps'");
    }

    @Test
    void unknownKeyInAFileNamesTheFileAndLine() throws IOException {
        Path conf = file("typo.conf", "input {", "  path = \"/in\"", "  featurs = [a]", "}");
        String message = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Optional.of(conf), minimal())).getMessage();
        assertMentions(message, "input.featurs", "did you mean 'input.features'", "typo.conf", "3");
    }

    @Test
    void hoconSyntaxErrorNamesTheFileAndLine() throws IOException {
        Path conf = file("broken.conf", "input {", "  path = \"/in\"", "  features = = [a]", "}");
        String message = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Optional.of(conf), minimal())).getMessage();
        assertMentions(message, conf.toString(), "HOCON");
        assertTrue(message.contains("broken.conf: 3:"), "line number after the file: " + message);
    }

    @Test
    void configFileMissing() {
        Path missing = tmp.resolve("nope.conf");
        String message = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Optional.of(missing), minimal())).getMessage();
        assertMentions(message, missing.toString(), "--config");
    }

    @Test
    void inputFormatUnknown() {
        assertMentions(error("input.format=parqet"), "input.format", "parqet", "parquet, csv, json, orc",
                "did you mean 'parquet'");
    }

    @Test
    void inputPathRequired() {
        assertMentions(assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                List.of("model.path=/m.pt", "output.path=/o", "input.features=[a]"))).getMessage(), "input.path", "required");
    }

    @Test
    void modelPathRequired() {
        assertMentions(assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                List.of("input.path=/i", "output.path=/o", "input.features=[a]"))).getMessage(), "model.path", "required");
    }

    @Test
    void featuresAndFeatureColumnAreExclusive() {
        assertMentions(error("input.feature-column=x"), "input.features", "input.feature-column", "both");
        assertMentions(assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                List.of("input.path=/i", "model.path=/m", "output.path=/o"))).getMessage(), "neither");
    }

    @Test
    void duplicateFeature() {
        assertMentions(error("input.features=[a, b, a]"), "input.features", "'a'", "twice");
    }

    @Test
    void badTarget() {
        assertMentions(error("attribution.target=-1"), "attribution.target", "-1");
        assertMentions(error("attribution.target=column:"), "attribution.target", "column:");
        assertMentions(error("attribution.target=argmax"), "attribution.target", "'predicted'");
    }

    @Test
    void badBaselines() {
        assertMentions(error("attribution.baseline=[]"), "attribution.baseline", "empty");
        assertMentions(error("attribution.baseline=[1, x]"), "attribution.baseline", "numbers");
        assertMentions(error("attribution.baseline={a = 1}"), "attribution.baseline");
    }

    @Test
    void badEnumsAndNumbers() {
        assertMentions(error("input.on-invalid-row=drop"), "input.on-invalid-row", "fail, skip, quarantine");
        assertMentions(error("output.mode=replace"), "output.mode", "error-if-exists, overwrite");
        assertMentions(error("model.device=tpu"), "model.device", "tpu");
        assertMentions(error("model.threads-per-task=0"), "model.threads-per-task");
        assertMentions(error("attribution.batch-rows=0"), "attribution.batch-rows");
        assertMentions(error("attribution.partitions=-1"), "attribution.partitions");
        assertMentions(error("attribution.max-elements-per-pass=0"), "attribution.max-elements-per-pass");
        assertMentions(error("progress.interval=0s"), "progress.interval");
        assertMentions(error("input.shape=[2, 0]"), "input.shape");
    }

    @Test
    void setWithoutEquals() {
        assertMentions(error("attribution.steps"), "--set", "KEY=VALUE", "attribution.steps");
    }
}
