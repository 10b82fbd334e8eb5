package io.igaudit.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.igaudit.ig.Method;
import io.igaudit.ig.TensorType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and checks {@code input.tensors}, {@code input.text}, {@code input.vocabulary} and
 * {@code attribution.layer}: everything about a model with several or integer inputs that can be
 * judged without the data. Each message names the key (a tensor by its place, e.g.
 * {@code input.tensors[1]}) and the fix.
 */
final class TensorInputsReader {

    /** The key whose sub-keys are column names chosen by the user. */
    static final String REFERENCE_CATEGORIES = "attribution.layer.reference-categories";
    private static final String TENSORS = "input.tensors";
    private static final String NAME = "name";
    private static final String TYPE = "type";
    private static final String COLUMN = "column";
    private static final String COLUMNS = "columns";
    private static final String TEXT = "text";
    private static final String SHAPE = "shape";
    private static final String MASK_FOR = "mask-for";
    private static final List<String> TENSOR_KEYS = List.of(NAME, TYPE, COLUMN, COLUMNS, TEXT, SHAPE, MASK_FOR);
    private static final List<String> TYPES = List.of("float32", "int64");
    private static final String CATEGORY_NAMES = "input.category-names";
    /** Largest token table capacity: 2·C tokens per task, each with its moments per group. */
    private static final int MAX_TOKEN_CAPACITY = 10_000_000;

    private TensorInputsReader() {}

    /** The tensor inputs; {@link TensorInputs#configured()} is false when {@code input.tensors} is empty. */
    static TensorInputs read(Config c, InputConfig input, AttributionConfig attribution) {
        List<TensorSpec> tensors = tensors(c);
        Optional<TextConfig> text = text(c);
        Optional<String> vocabulary = ConfigLoader.optional(c, "input.vocabulary");
        LayerConfig layer = layer(c);
        EmbeddingStatsConfig statistics = new EmbeddingStatsConfig(
                ConfigLoader.intInRange(c, "output.token-stats.capacity", 1, MAX_TOKEN_CAPACITY),
                ConfigLoader.intInRange(c, "output.token-stats.min-occurrences", 1, Integer.MAX_VALUE),
                ConfigLoader.optional(c, CATEGORY_NAMES));
        if (tensors.isEmpty()) {
            text.ifPresent(t -> fail("input.text.column needs input.tensors: name the model's inputs, e.g. "
                    + "tensors = [{ name = input_ids, text = ids, type = int64 }, { name = attention_mask, text = mask, "
                    + "type = int64, mask-for = input_ids }]"));
            vocabulary.ifPresent(v -> fail("input.vocabulary needs input.tensors with an int64 id sequence"));
            statistics.categoryNames().ifPresent(v -> fail(CATEGORY_NAMES + " needs input.tensors with an int64 tensor of "
                    + "categorical columns (columns = [...])"));
            return new TensorInputs(tensors, text, vocabulary, layer, statistics);
        }
        if (!input.features().isEmpty() || input.featureColumn().isPresent()) {
            fail("give either input.tensors or input.features / input.feature-column, not both: with input.tensors "
                    + "each tensor names its own columns");
        }
        if (!input.shape().isEmpty()) {
            fail("input.shape applies to input.features / input.feature-column; with input.tensors give each tensor's shape");
        }
        TensorInputs inputs = new TensorInputs(tensors, text, vocabulary, layer, statistics);
        checkText(inputs);
        checkMasks(inputs);
        checkLayer(inputs);
        checkMethod(attribution);
        return inputs;
    }

    // ------------------------------------------------------------------ input.tensors

    private static List<TensorSpec> tensors(Config c) {
        ConfigValue value = c.getValue(TENSORS);
        if (value.valueType() != ConfigValueType.LIST) {
            fail(TENSORS + " must be a list of tensors ({ name = ..., type = ..., column = ... }), got " + value.render());
        }
        List<TensorSpec> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<?> items = (List<?>) value.unwrapped();
        for (int i = 0; i < items.size(); i++) {
            String key = TENSORS + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> object)) {
                throw new ConfigException(key + " must be an object such as { name = ids, column = token_ids, type = int64 }, "
                        + "got '" + items.get(i) + "'");
            }
            TensorSpec tensor = tensor(key, object);
            if (!names.add(tensor.name())) {
                fail(key + " is called '" + tensor.name() + "' like an earlier tensor; give each tensor its own name");
            }
            tensors.add(tensor);
        }
        return tensors;
    }

    private static TensorSpec tensor(String key, Map<?, ?> object) {
        for (Object field : object.keySet()) {
            if (!TENSOR_KEYS.contains(String.valueOf(field))) {
                fail(key + " has the unknown key '" + field + "'" + Suggestions.didYouMean(String.valueOf(field), TENSOR_KEYS)
                        + "; a tensor has " + String.join(", ", TENSOR_KEYS));
            }
        }
        String name = string(key, object, NAME).orElseThrow(() -> new ConfigException(key + " needs a name, e.g. name = input_ids"));
        String where = key + " (" + name + ")";
        String typeName = string(where, object, TYPE).orElseThrow(() -> new ConfigException(where
                + " needs a type: float32 or int64 (int64 for token ids and category codes)"));
        if (!TYPES.contains(typeName.toLowerCase(Locale.ROOT))) {
            fail(where + ".type is '" + typeName + "'; valid: float32, int64" + Suggestions.didYouMean(typeName, TYPES));
        }
        TensorType type = TensorType.valueOf(typeName.toUpperCase(Locale.ROOT));
        TensorSpec.Source source = source(where, object);
        List<Integer> shape = shape(where, object.get(SHAPE));
        if (source instanceof TensorSpec.Source.Columns columns && !shape.isEmpty()) {
            long product = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
            if (product != columns.columns().size()) {
                fail(where + ".shape " + shape + " holds " + product + " values but it has " + columns.columns().size()
                        + " columns; make the dimensions multiply to " + columns.columns().size());
            }
        }
        return new TensorSpec(name, type, source, shape, string(where, object, MASK_FOR));
    }

    private static TensorSpec.Source source(String where, Map<?, ?> object) {
        int given = (object.containsKey(COLUMN) ? 1 : 0) + (object.containsKey(COLUMNS) ? 1 : 0) + (object.containsKey(TEXT) ? 1 : 0);
        if (given != 1) {
            fail(where + " needs exactly one of column (an array column), columns (a list of scalar columns) and "
                    + "text (ids, mask or type-ids of input.text); found " + (given == 0 ? "none" : given));
        }
        if (object.containsKey(COLUMN)) {
            return new TensorSpec.Source.ArrayColumn(string(where, object, COLUMN).orElseThrow(
                    () -> new ConfigException(where + ".column is empty; name an array column")));
        }
        if (object.containsKey(COLUMNS)) {
            if (!(object.get(COLUMNS) instanceof List<?> list) || list.isEmpty()
                    || list.stream().anyMatch(item -> !(item instanceof String))) {
                throw new ConfigException(where + ".columns must be a non-empty list of column names, got " + object.get(COLUMNS));
            }
            List<String> columns = list.stream().map(String.class::cast).toList();
            ConfigLoader.rejectDuplicates(where + ".columns", columns);
            return new TensorSpec.Source.Columns(columns);
        }
        String part = string(where, object, TEXT).orElse("");
        for (TensorSpec.TextPart candidate : TensorSpec.TextPart.values()) {
            if (candidate.configName().equalsIgnoreCase(part)) {
                return new TensorSpec.Source.Text(candidate);
            }
        }
        List<String> parts = java.util.Arrays.stream(TensorSpec.TextPart.values()).map(TensorSpec.TextPart::configName).toList();
        throw new ConfigException(where + ".text is '" + part + "'; valid: " + String.join(", ", parts)
                + Suggestions.didYouMean(part, parts));
    }

    private static List<Integer> shape(String where, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(d -> !(d instanceof Integer i) || i < 1)) {
            throw new ConfigException(where + ".shape must be a list of positive dimensions such as [1, 8, 8], got " + value);
        }
        return list.stream().map(Integer.class::cast).toList();
    }

    private static Optional<String> string(String where, Map<?, ?> object, String field) {
        Object value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new ConfigException(where + "." + field + " must be a name, got " + value);
        }
        return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    // ------------------------------------------------------------------ input.text, attribution.layer

    private static Optional<TextConfig> text(Config c) {
        Optional<String> column = ConfigLoader.optional(c, "input.text.column");
        Optional<String> tokenizer = ConfigLoader.optional(c, "input.text.tokenizer");
        int maxLength = ConfigLoader.intInRange(c, "input.text.max-length", 1, 1_000_000);
        boolean special = c.getBoolean("input.text.add-special-tokens");
        if (column.isEmpty()) {
            tokenizer.ifPresent(t -> fail("input.text.tokenizer is set but input.text.column is not; name the text column"));
            return Optional.empty();
        }
        if (tokenizer.isEmpty()) {
            fail("input.text.column = " + column.get() + " needs input.text.tokenizer: the path of a Hugging Face tokenizer.json");
        }
        return Optional.of(new TextConfig(column.get(), tokenizer.get(), maxLength, special));
    }

    private static LayerConfig layer(Config c) {
        List<String> featuresFrom = c.getStringList("attribution.layer.features-from");
        ConfigLoader.rejectDuplicates("attribution.layer.features-from", featuresFrom);
        LayerConfig.TokenRef referenceId = tokenRef("attribution.layer.reference-id", c.getValue("attribution.layer.reference-id").unwrapped());
        ConfigValue keepValue = c.getValue("attribution.layer.keep");
        if (keepValue.valueType() != ConfigValueType.LIST) {
            fail("attribution.layer.keep must be a list of ids or token strings, e.g. [\"[CLS]\", \"[SEP]\"], got " + keepValue.render());
        }
        List<LayerConfig.TokenRef> keep = new ArrayList<>();
        for (Object item : (List<?>) keepValue.unwrapped()) {
            keep.add(tokenRef("attribution.layer.keep", item));
        }
        long category = code("attribution.layer.reference-category", c.getValue("attribution.layer.reference-category").unwrapped());
        Map<String, Long> categories = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : c.getConfig(REFERENCE_CATEGORIES).root().entrySet()) {
            categories.put(entry.getKey(), code(REFERENCE_CATEGORIES + "." + entry.getKey(), entry.getValue().unwrapped()));
        }
        return new LayerConfig(featuresFrom, referenceId, keep, category, categories);
    }

    private static LayerConfig.TokenRef tokenRef(String key, Object value) {
        if (value instanceof Number number) {
            return new LayerConfig.TokenRef.Id(code(key, number));
        }
        if (value instanceof String text && !text.isBlank()) {
            return new LayerConfig.TokenRef.Token(text);
        }
        throw new ConfigException(key + " takes token ids (0, 101, ...) or token strings in quotes (\"[PAD]\"), got '" + value + "'");
    }

    private static long code(String key, Object value) {
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue()) || number.longValue() < 0) {
            throw new ConfigException(key + " must be a whole number of 0 or more (an id or a category code), got '" + value + "'");
        }
        return number.longValue();
    }

    // ------------------------------------------------------------------ checks across keys

    private static void checkText(TensorInputs inputs) {
        boolean textTensors = inputs.tensors().stream().anyMatch(t -> t.source() instanceof TensorSpec.Source.Text);
        if (inputs.text().isEmpty() && textTensors) {
            fail("a tensor of input.tensors takes text = ..., but input.text.column is not set; name the text column "
                    + "and input.text.tokenizer");
        }
        if (inputs.text().isPresent()) {
            boolean ids = inputs.tensors().stream().anyMatch(t -> t.source() instanceof TensorSpec.Source.Text s
                    && s.part() == TensorSpec.TextPart.IDS);
            if (!ids) {
                fail("input.text.column is set but no tensor of input.tensors takes its token ids; add "
                        + "{ name = input_ids, text = ids, type = int64 }");
            }
            if (inputs.vocabulary().isPresent()) {
                fail("input.vocabulary is for pre-tokenized id columns; with input.text the tokenizer gives the tokens (remove one)");
            }
        }
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.source() instanceof TensorSpec.Source.Text && !tensor.shape().isEmpty()) {
                fail("tensor " + tensor.name() + " comes from the text column: its shape is [input.text.max-length]; remove its shape");
            }
        }
    }

    private static void checkMasks(TensorInputs inputs) {
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.maskFor().isEmpty()) {
                continue;
            }
            String target = tensor.maskFor().get();
            TensorSpec sequence = inputs.tensor(target).orElseThrow(() -> new ConfigException("tensor " + tensor.name()
                    + " has mask-for = " + target + ", which is not a tensor of input.tensors"
                    + Suggestions.didYouMean(target, inputs.tensors().stream().map(TensorSpec::name).toList())));
            if (sequence == tensor || !tensor.isSequence() || !sequence.isSequence()) {
                fail("tensor " + tensor.name() + " has mask-for = " + target + ": a mask and its sequence must be two "
                        + "different sequences (array columns or text parts)");
            }
        }
    }

    private static void checkLayer(TensorInputs inputs) {
        List<String> names = inputs.tensors().stream().map(TensorSpec::name).toList();
        for (String name : inputs.layer().featuresFrom()) {
            if (inputs.tensor(name).isEmpty()) {
                fail("attribution.layer.features-from names '" + name + "', which is not a tensor of input.tensors"
                        + Suggestions.didYouMean(name, names) + "; tensors: " + String.join(", ", names));
            }
        }
        Set<String> categoricalColumns = new HashSet<>();
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.type() == TensorType.INT64 && tensor.source() instanceof TensorSpec.Source.Columns columns) {
                categoricalColumns.addAll(columns.columns());
            }
        }
        if (inputs.statistics().categoryNames().isPresent() && categoricalColumns.isEmpty()) {
            fail(CATEGORY_NAMES + " names the codes of categorical columns, but no int64 tensor of input.tensors reads "
                    + "scalar columns (columns = [...]); remove it or add the categorical tensor");
        }
        for (String column : inputs.layer().referenceCategories().keySet()) {
            if (!categoricalColumns.contains(column)) {
                fail(REFERENCE_CATEGORIES + "." + column + ": '" + column + "' is no column of an int64 tensor of input.tensors"
                        + Suggestions.didYouMean(column, categoricalColumns));
            }
        }
        boolean tokenStrings = inputs.layer().referenceId() instanceof LayerConfig.TokenRef.Token
                || inputs.layer().keep().stream().anyMatch(k -> k instanceof LayerConfig.TokenRef.Token);
        if (tokenStrings && inputs.text().isEmpty() && inputs.vocabulary().isEmpty()) {
            fail("attribution.layer.reference-id / keep give token strings, which need input.text (a tokenizer) or "
                    + "input.vocabulary to find their ids; give ids instead or add one of them");
        }
    }

    /** Layer attribution is Integrated Gradients with a fixed number of steps. */
    private static void checkMethod(AttributionConfig attribution) {
        if (attribution.method() != Method.INTEGRATED_GRADIENTS) {
            fail("attribution.method = " + attribution.method().configName() + " is not available with input.tensors "
                    + "(layer Integrated Gradients); use a quadrature rule such as gausslegendre");
        }
        if (attribution.adaptiveSteps() != null) {
            fail("attribution.steps = auto is not available with input.tensors; give a number of steps, e.g. 50");
        }
        if (attribution.noise() != null) {
            fail("attribution.noise.samples must be 0 with input.tensors: noise cannot be added to ids");
        }
        if (attribution.baseline() instanceof BaselineSpec.White || attribution.baseline() instanceof BaselineSpec.Blur
                || attribution.baseline() instanceof BaselineSpec.Uniform) {
            fail("attribution.baseline = " + attribution.baseline().describe() + " is an image baseline; with input.tensors "
                    + "float tensors take zeros, a number, a list, mean, median or a file");
        }
    }

    private static void fail(String message) {
        throw new ConfigException(message);
    }
}
