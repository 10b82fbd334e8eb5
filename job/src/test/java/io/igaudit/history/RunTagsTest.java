package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.igaudit.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The configuration hash: it changes with every setting that changes what attributions mean, and only with those. */
class RunTagsTest {

    private static String hash(String... settings) {
        List<String> all = new ArrayList<>(List.of("input.path=/in", "model.path=/m.pt", "output.path=/out",
                "input.features=[a, b]"));
        all.addAll(List.of(settings));
        return RunTags.configHash(ConfigLoader.load(Optional.empty(), all));
    }

    @Test
    void methodsBeyondPlainIgHaveTheirOwnHash() {
        String plain = hash();
        assertNotEquals(plain, hash("attribution.method=expected_gradients"));
        assertNotEquals(hash("attribution.method=expected_gradients"),
                hash("attribution.method=expected_gradients", "attribution.samples=20"));
        assertNotEquals(hash("attribution.method=expected_gradients"),
                hash("attribution.method=expected_gradients", "attribution.background-path=/bg.parquet"));
        assertNotEquals(plain, hash("attribution.noise.samples=5"));
        assertNotEquals(hash("attribution.noise.samples=5"), hash("attribution.noise.samples=5", "attribution.noise.type=vargrad"));
        assertNotEquals(hash("attribution.noise.samples=5"), hash("attribution.noise.samples=5", "attribution.seed=3"));
        assertNotEquals(hash("attribution.baseline=blur"), hash("attribution.baseline=blur", "attribution.image-baseline.blur-sigma=2"));
    }

    @Test
    void settingsThatDoNotApplyLeaveThePlainIgHashAlone() {
        String plain = hash();
        assertEquals(plain, hash("attribution.seed=3"), "the seed draws nothing in plain IG");
        assertEquals(plain, hash("attribution.image-baseline.white=16"), "no image baseline is in use");
        assertEquals(plain, hash("attribution.samples=7"), "samples belong to Expected Gradients");
        assertEquals(plain, hash("output.path=/elsewhere", "attribution.batch-rows=32"));
    }

    /** A hash of a configuration with several inputs (no input.features). */
    private static String layerHash(String... settings) {
        List<String> all = new ArrayList<>(List.of("input.path=/in", "model.path=/m.pt", "output.path=/out",
                "input.tensors=[{name = codes, columns = [purpose, housing], type = int64},"
                        + " {name = numbers, columns = [age], type = float32}]",
                "attribution.layer.features-from=[codes, numbers]"));
        all.addAll(List.of(settings));
        return RunTags.configHash(ConfigLoader.load(Optional.empty(), all));
    }

    @Test
    void severalInputsAndTheLayersBaselinesAreInTheHash() {
        String layer = layerHash();
        assertNotEquals(hash(), layer);
        assertNotEquals(layer, layerHash("attribution.layer.reference-category=3"));
        assertNotEquals(layer, layerHash("attribution.layer.reference-categories.purpose=10"));
        assertNotEquals(layer, RunTags.configHash(ConfigLoader.load(Optional.empty(), List.of("input.path=/in",
                "model.path=/m.pt", "output.path=/out", "input.tensors=[{name = codes, columns = [purpose, housing], type = int64},"
                        + " {name = numbers, columns = [age, amount], type = float32}]",
                "attribution.layer.features-from=[codes, numbers]"))));
        assertEquals(layer, layerHash("output.path=/elsewhere"), "paths stay out");
        assertEquals(layerHash("attribution.layer.reference-categories.purpose=10", "attribution.layer.reference-categories.housing=2"),
                layerHash("attribution.layer.reference-categories.housing=2", "attribution.layer.reference-categories.purpose=10"),
                "the per-column references in any order");
    }
}
