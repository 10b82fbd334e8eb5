package io.igaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * input.tensors, input.text, input.vocabulary and attribution.layer: parsed into typed records, and
 * every mistake that can be seen without the data refused with a message naming the key and the fix.
 */
class TensorInputsConfigTest {

    private static final String TEXT_TENSORS = "input.tensors=[{name = input_ids, text = ids, type = int64},"
            + " {name = attention_mask, text = mask, type = int64, mask-for = input_ids}]";
    private static final String CREDIT_TENSORS = "input.tensors=[{name = categories, columns = [purpose, housing], type = int64},"
            + " {name = numbers, columns = [age, amount, duration], type = float32}]";

    private static List<String> base(String... more) {
        List<String> settings = new ArrayList<>(List.of("input.path=/data/in.parquet", "model.path=/models/m.pt",
                "output.path=/data/out"));
        settings.addAll(List.of(more));
        return settings;
    }

    private static JobConfig load(String... more) {
        return ConfigLoader.load(Optional.empty(), base(more));
    }

    private static String error(String... more) {
        return assertThrows(ConfigException.class, () -> load(more)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    private static String text(String... more) {
        return String.join("\n", more);
    }

    // ------------------------------------------------------------------ valid configurations

    @Test
    void singleTensorKeysKeepWorkingWithoutTensors() {
        JobConfig config = load("input.features=[a, b]");
        assertFalse(config.tensors().configured());
        assertEquals(List.of("a", "b"), config.input().features());
    }

    @Test
    void textTensorsWithATokenizer() {
        JobConfig config = load(TEXT_TENSORS, "input.text.column=review", "input.text.tokenizer=/models/tokenizer.json",
                "input.text.max-length=64", "attribution.layer.reference-id=\"[PAD]\"", "attribution.layer.keep=[\"[CLS]\", 102]");
        TensorInputs inputs = config.tensors();
        assertTrue(inputs.configured());
        assertEquals(2, inputs.tensors().size());
        TensorSpec ids = inputs.tensors().get(0);
        assertEquals("input_ids", ids.name());
        assertEquals(TensorType.INT64, ids.type());
        assertEquals(new TensorSpec.Source.Text(TensorSpec.TextPart.IDS), ids.source());
        TensorSpec mask = inputs.tensors().get(1);
        assertEquals(Optional.of("input_ids"), mask.maskFor());
        assertEquals(new TextConfig("review", "/models/tokenizer.json", 64, true), inputs.text().orElseThrow());
        assertEquals(new LayerConfig.TokenRef.Token("[PAD]"), inputs.layer().referenceId());
        assertEquals(List.of(new LayerConfig.TokenRef.Token("[CLS]"), new LayerConfig.TokenRef.Id(102)), inputs.layer().keep());
        assertEquals(List.of(ids), inputs.featureTensors(), "the first tensor names the layer's features by default");
    }

    @Test
    void categoricalAndNumericTensorsWithReferenceCategories() {
        JobConfig config = load(CREDIT_TENSORS, "attribution.layer.features-from=[categories, numbers]",
                "attribution.layer.reference-category=3", "attribution.layer.reference-categories.purpose=10",
                "attribution.baseline=median");
        TensorInputs inputs = config.tensors();
        assertEquals(new TensorSpec.Source.Columns(List.of("purpose", "housing")), inputs.tensors().get(0).source());
        assertEquals(TensorType.FLOAT32, inputs.tensors().get(1).type());
        assertEquals(3, inputs.layer().referenceCategory());
        assertEquals(Map.of("purpose", 10L), inputs.layer().referenceCategories());
        assertEquals(List.of("categories", "numbers"), inputs.featureTensors().stream().map(TensorSpec::name).toList());
    }

    @Test
    void tokenAndCategoryStatisticsSettings() {
        JobConfig config = load(CREDIT_TENSORS, "output.token-stats.capacity=500", "output.token-stats.min-occurrences=3",
                "input.category-names=/models/categories.json");
        assertEquals(new EmbeddingStatsConfig(500, 3, Optional.of("/models/categories.json")), config.tensors().statistics());
        assertTrue(config.readPaths().contains(new ReadPath("input.category-names", "/models/categories.json")),
                "the output may not hold the names file: " + config.readPaths());
        assertMentions(error(CREDIT_TENSORS, "output.token-stats.capacity=0"), "output.token-stats.capacity", "between 1");
        assertMentions(error(CREDIT_TENSORS, "output.token-stats.min-occurrences=-1"), "output.token-stats.min-occurrences");
        assertMentions(error("input.features=[a]", "input.category-names=/c.json"), "input.category-names", "input.tensors");
        assertMentions(error(TEXT_TENSORS, "input.text.column=review", "input.text.tokenizer=/t.json",
                "input.category-names=/c.json"), "input.category-names", "no int64 tensor");
    }

    @Test
    void theDefaultsComeFromReferenceConf() {
        TensorInputs inputs = load(CREDIT_TENSORS).tensors();
        assertEquals(new LayerConfig.TokenRef.Id(0), inputs.layer().referenceId());
        assertEquals(List.of(), inputs.layer().keep());
        assertEquals(0, inputs.layer().referenceCategory());
        assertTrue(inputs.text().isEmpty());
        assertTrue(inputs.vocabulary().isEmpty());
    }

    @Test
    void anArrayColumnWithAShapeAndAVocabulary() {
        TensorInputs inputs = load("input.tensors=[{name = ids, column = token_ids, type = int64},"
                + " {name = mask, column = token_mask, type = int64, mask-for = ids},"
                + " {name = image, column = pixels, type = float32, shape = [1, 4, 4]}]", "input.vocabulary=/models/vocab.txt").tensors();
        assertEquals(new TensorSpec.Source.ArrayColumn("token_ids"), inputs.tensors().get(0).source());
        assertEquals(List.of(1, 4, 4), inputs.tensors().get(2).shape());
        assertEquals(Optional.of("/models/vocab.txt"), inputs.vocabulary());
    }

    // ------------------------------------------------------------------ mistakes

    @Test
    void tensorsAndTheSingleTensorKeysExcludeEachOther() {
        assertMentions(error(CREDIT_TENSORS, "input.features=[a]"), "input.tensors", "input.features", "not both");
        assertMentions(error(CREDIT_TENSORS, "input.shape=[5]"), "input.shape", "each tensor's shape");
        assertMentions(error(), "input.tensors");
    }

    @Test
    void eachTensorNeedsANameATypeAndOneSource() {
        assertMentions(error("input.tensors=[{type = int64, column = x}]"), "input.tensors[0]", "needs a name");
        assertMentions(error("input.tensors=[{name = x, column = x}]"), "input.tensors[0] (x)", "needs a type", "int64");
        assertMentions(error("input.tensors=[{name = x, column = x, type = int32}]"), "input.tensors[0] (x).type", "int32",
                "float32, int64");
        assertMentions(error("input.tensors=[{name = x, type = int64}]"), "input.tensors[0] (x)", "exactly one of", "none");
        assertMentions(error("input.tensors=[{name = x, type = int64, column = a, columns = [b]}]"), "exactly one of", "found 2");
        assertMentions(error("input.tensors=[{name = x, type = int64, colums = [a]}]"), "input.tensors[0]", "unknown key 'colums'",
                "did you mean");
        assertMentions(error("input.tensors=[a, b]"), "input.tensors[0]", "must be an object");
        assertMentions(error("input.tensors=[{name = x, type = int64, column = a}, {name = x, type = float32, column = b}]"),
                "input.tensors[1]", "'x'", "own name");
    }

    @Test
    void columnsAndShapesAreChecked() {
        assertMentions(error("input.tensors=[{name = x, type = float32, columns = []}]"), "input.tensors[0] (x).columns", "non-empty");
        assertMentions(error("input.tensors=[{name = x, type = float32, columns = [a, a]}]"), "names column 'a' twice");
        assertMentions(error("input.tensors=[{name = x, type = float32, columns = [a, b, c], shape = [2, 2]}]"), ".shape [2, 2]",
                "3 columns");
        assertMentions(error("input.tensors=[{name = x, type = float32, column = a, shape = [0]}]"), ".shape", "positive");
    }

    @Test
    void textNeedsItsColumnItsTokenizerAndAnIdsTensor() {
        assertMentions(error(TEXT_TENSORS), "text = ...", "input.text.column");
        assertMentions(error(TEXT_TENSORS, "input.text.column=review"), "input.text.tokenizer", "tokenizer.json");
        assertMentions(error("input.tensors=[{name = m, text = mask, type = int64}]", "input.text.column=review",
                "input.text.tokenizer=/t.json"), "token ids", "text = ids");
        assertMentions(error("input.tensors=[{name = i, text = words, type = int64}]"), ".text is 'words'", "ids, mask, type-ids");
        assertMentions(error("input.features=[a]", "input.text.column=review", "input.text.tokenizer=/t.json"),
                "input.text.column needs input.tensors");
        assertMentions(error(TEXT_TENSORS, "input.text.column=review", "input.text.tokenizer=/t.json",
                "input.vocabulary=/v.txt"), "input.vocabulary", "remove one");
        assertMentions(error(TEXT_TENSORS, "input.text.column=review", "input.text.tokenizer=/t.json", "input.text.max-length=0"),
                "input.text.max-length");
    }

    @Test
    void masksMustBelongToAnotherSequence() {
        assertMentions(error("input.tensors=[{name = ids, column = a, type = int64}, {name = mask, column = b, type = int64,"
                + " mask-for = idz}]"), "mask-for = idz", "did you mean 'ids'");
        assertMentions(error("input.tensors=[{name = ids, column = a, type = int64}, {name = mask, columns = [b], type = int64,"
                + " mask-for = ids}]"), "mask and its sequence");
    }

    @Test
    void layerSettingsAreChecked() {
        assertMentions(error(CREDIT_TENSORS, "attribution.layer.features-from=[categorys]"), "features-from", "'categorys'",
                "did you mean 'categories'");
        assertMentions(error(CREDIT_TENSORS, "attribution.layer.reference-categories.purpse=1"),
                "reference-categories.purpse", "did you mean 'purpose'");
        assertMentions(error(CREDIT_TENSORS, "attribution.layer.reference-category=-1"), "reference-category", "0 or more");
        assertMentions(error(CREDIT_TENSORS, "attribution.layer.keep=[\"[CLS]\"]"), "token strings", "input.vocabulary");
        assertMentions(error(CREDIT_TENSORS, "attribution.layer.keep=\"[CLS]\""), "attribution.layer.keep", "list");
        assertMentions(error(CREDIT_TENSORS, "attribution.layer.keep=[1.5]"), "attribution.layer.keep", "whole number");
        assertMentions(error(TEXT_TENSORS, "input.text.column=review", "input.text.tokenizer=/t.json",
                "attribution.layer.reference-id=[PAD]"), "reference-id", "in quotes");
    }

    @Test
    void layerAttributionIsFixedStepIntegratedGradients() {
        assertMentions(error(CREDIT_TENSORS, "attribution.method=expected_gradients"), "expected_gradients", "gausslegendre");
        assertMentions(error(CREDIT_TENSORS, "attribution.steps=auto"), "attribution.steps = auto");
        assertMentions(error(CREDIT_TENSORS, "attribution.noise.samples=4"), "attribution.noise.samples");
        assertMentions(error(CREDIT_TENSORS, "attribution.baseline=blur"), "image baseline");
    }

    @Test
    void aHoconFileWithTensorsLoads() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("tensors", ".conf");
        try {
            java.nio.file.Files.writeString(file, text(
                    "input { path = /in, tensors = [",
                    "  { name = input_ids, text = ids, type = int64 }",
                    "  { name = attention_mask, text = mask, type = int64, mask-for = input_ids } ]",
                    "  text { column = body, tokenizer = /t.json } }",
                    "model.path = /m.pt", "output.path = /out",
                    "attribution.layer { keep = [\"[CLS]\", \"[SEP]\"], reference-id = \"[PAD]\" }"));
            TensorInputs inputs = ConfigLoader.load(Optional.of(file), List.of()).tensors();
            assertEquals(2, inputs.tensors().size());
            assertEquals(128, inputs.text().orElseThrow().maxLength(), "max-length from reference.conf");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
