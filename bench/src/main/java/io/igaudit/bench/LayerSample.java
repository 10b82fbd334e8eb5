package io.igaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.igaudit.config.BaselineSpec;
import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.config.LayerConfig;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.TensorType;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.TextTokenizer;
import io.igaudit.io.Vocabulary;
import io.igaudit.pipeline.LayerBaselines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A sample configuration of the layer path ({@code input.tensors}) made ready for the engine
 * without Spark: every row's input tensors packed as the job's tasks pack them (the text column
 * tokenized with the configured tokenizer.json at its length, array columns and scalar columns in
 * their configured order and type), and each tensor's baseline rule from the job's own
 * {@link LayerBaselines}, with the reference id and the kept ids (configured, and padding) found in
 * these rows. Every row must be valid (the job would quarantine the others).
 *
 * @param name the configuration file's name without {@code sample-} and {@code .conf}
 * @param config the loaded configuration
 * @param inputs every row of the input, in file order
 * @param baselines the baseline rule of each tensor
 * @param texts the raw texts of a text column, for timing the tokenizer; null without one
 * @param tokenizerJson the tokenizer.json's bytes; null without a text column
 */
record LayerSample(String name, JobConfig config, InputBatch inputs, InputBaselines baselines, String[] texts,
        byte[] tokenizerJson) {

    /** Reads the configuration, its input file and its tokenizer or vocabulary. */
    static LayerSample load(Path configFile) throws IOException {
        JobConfig config = ConfigLoader.load(Optional.of(configFile), List.of());
        TensorInputs tensors = config.tensors();
        if (!tensors.configured()) {
            throw new IllegalArgumentException(configFile + " has no input.tensors: the layer benchmark needs a layer sample");
        }
        List<ObjectNode> rows = SampleTable.read(Path.of(config.input().path()), config.input().format());
        String[] texts = null;
        byte[] tokenizerJson = null;
        TextTokenizer.Encoded encoded = null;
        if (tensors.text().isPresent()) {
            var text = tensors.text().get();
            tokenizerJson = Files.readAllBytes(Path.of(text.tokenizer()));
            texts = new String[rows.size()];
            for (int r = 0; r < texts.length; r++) {
                texts[r] = value(rows.get(r), text.column(), r).asText();
            }
            try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson, text.maxLength(), text.addSpecialTokens())) {
                encoded = tokenizer.encode(texts, texts.length);
            }
        }
        List<InputTensor> packed = new ArrayList<>();
        for (TensorSpec tensor : tensors.tensors()) {
            packed.add(pack(tensor, rows, encoded));
        }
        InputBatch inputs = new InputBatch(packed);
        String name = configFile.getFileName().toString().replaceFirst("\\.conf$", "").replaceFirst("^sample-", "");
        return new LayerSample(name, config, inputs, baselines(config, inputs, tokenizerJson), texts, tokenizerJson);
    }

    /** Rows of the input. */
    int rows() {
        return inputs.rows();
    }

    // ---------------------------------------------------------------- packing

    private static InputTensor pack(TensorSpec tensor, List<ObjectNode> rows, TextTokenizer.Encoded encoded) {
        int count = rows.size();
        if (tensor.source() instanceof TensorSpec.Source.Text text) {
            long[] values = switch (text.part()) {
                case IDS -> encoded.ids();
                case MASK -> encoded.mask();
                case TYPE_IDS -> encoded.typeIds();
            };
            return ofLongs(tensor, values, count, encoded.length());
        }
        List<List<JsonNode>> cells = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            cells.add(cellsOf(tensor, rows.get(r), r));
        }
        int elements = cells.isEmpty() ? 0 : cells.get(0).size();
        long[] longs = new long[count * elements];
        float[] floats = new float[count * elements];
        for (int r = 0; r < count; r++) {
            List<JsonNode> row = cells.get(r);
            if (row.size() != elements) {
                throw new IllegalArgumentException("tensor " + tensor.name() + ": row " + r + " holds " + row.size()
                        + " values, the first row " + elements);
            }
            for (int e = 0; e < elements; e++) {
                // CSV cells are text: parse them as the job's reader does.
                String cell = row.get(e).asText();
                if (tensor.type() == TensorType.INT64) {
                    longs[r * elements + e] = Long.parseLong(cell);
                } else {
                    floats[r * elements + e] = Float.parseFloat(cell);
                }
            }
        }
        return tensor.type() == TensorType.INT64 ? ofLongs(tensor, longs, count, elements)
                : InputTensor.ofFloats(tensor.name(), floats, count, rowShape(tensor, elements));
    }

    private static List<JsonNode> cellsOf(TensorSpec tensor, ObjectNode row, int r) {
        List<JsonNode> cells = new ArrayList<>();
        if (tensor.source() instanceof TensorSpec.Source.Columns columns) {
            columns.columns().forEach(column -> cells.add(value(row, column, r)));
        } else {
            value(row, ((TensorSpec.Source.ArrayColumn) tensor.source()).column(), r).elements().forEachRemaining(cells::add);
        }
        return cells;
    }

    private static JsonNode value(ObjectNode row, String column, int r) {
        JsonNode value = row.get(column);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("column '" + column + "' is empty in row " + r
                    + "; the layer benchmark needs every row valid");
        }
        return value;
    }

    private static InputTensor ofLongs(TensorSpec tensor, long[] values, int rows, int elements) {
        if (tensor.type() == TensorType.INT64) {
            return InputTensor.ofLongs(tensor.name(), values, rows, rowShape(tensor, elements));
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i];
        }
        return InputTensor.ofFloats(tensor.name(), floats, rows, rowShape(tensor, elements));
    }

    private static int[] rowShape(TensorSpec tensor, int elements) {
        return tensor.shape().isEmpty() ? new int[] {elements} : tensor.shape().stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- baselines, the job's driver's rules

    private static InputBaselines baselines(JobConfig config, InputBatch inputs, byte[] tokenizerJson) throws IOException {
        BaselineSpec spec = config.attribution().baseline();
        if (spec instanceof BaselineSpec.Mean || spec instanceof BaselineSpec.Median || spec instanceof BaselineSpec.FromFile) {
            throw new IllegalArgumentException("attribution.baseline = " + spec.describe() + " needs Spark; the layer benchmark "
                    + "takes zeros, a number or a list of numbers");
        }
        TensorInputs tensors = config.tensors();
        Map<String, Integer> lengths = new LinkedHashMap<>();
        for (TensorSpec tensor : tensors.tensors()) {
            if (tensor.source() instanceof TensorSpec.Source.ArrayColumn array) {
                lengths.put(array.column(), inputs.tensor(tensor.name()).elementsPerRow());
            }
        }
        TensorLayout layout = TensorLayout.plan(tensors, 0, lengths, Optional.empty()).layout();
        TokenIds ids = new TokenIds(tensors, tokenizerJson);
        // Fixed baselines read neither the session nor the rows.
        return LayerBaselines.of(null, config, null, layout, ids.id(tensors.layer().referenceId()), ids.keep(inputs));
    }

    /** Token ids of attribution.layer through the tokenizer or the vocabulary, and the ids that keep their place. */
    private static final class TokenIds {
        private final TensorInputs tensors;
        private final byte[] tokenizerJson;
        private final Vocabulary vocabulary;

        TokenIds(TensorInputs tensors, byte[] tokenizerJson) throws IOException {
            this.tensors = tensors;
            this.tokenizerJson = tokenizerJson;
            if (tokenizerJson == null && tensors.vocabulary().isPresent()) {
                try (InputStream in = Files.newInputStream(Path.of(tensors.vocabulary().get()))) {
                    this.vocabulary = Vocabulary.read(in);
                }
            } else {
                this.vocabulary = null;
            }
        }

        long id(LayerConfig.TokenRef ref) {
            if (ref instanceof LayerConfig.TokenRef.Id id) {
                return id.id();
            }
            String token = ((LayerConfig.TokenRef.Token) ref).token();
            OptionalLong found;
            if (tokenizerJson != null) {
                try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson, 1, false)) {
                    found = tokenizer.idOf(token);
                }
            } else if (vocabulary != null) {
                found = vocabulary.idOf(token);
            } else {
                found = OptionalLong.empty();
            }
            return found.orElseThrow(() -> new IllegalArgumentException("the token " + token + " is not one token of the "
                    + "tokenizer or vocabulary"));
        }

        /** The configured keep ids, and the padding id: the tokenizer's, or the one id masked positions hold. */
        long[] keep(InputBatch inputs) {
            Set<Long> keep = new LinkedHashSet<>();
            tensors.layer().keep().forEach(ref -> keep.add(id(ref)));
            if (tokenizerJson != null) {
                var text = tensors.text().orElseThrow();
                try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson, text.maxLength(), text.addSpecialTokens())) {
                    TextTokenizer.Encoded empty = tokenizer.encode(new String[] {""}, 1);
                    for (int i = 0; i < empty.length(); i++) {
                        if (empty.mask()[i] == 0) {
                            keep.add(empty.ids()[i]);
                        }
                    }
                }
            }
            for (TensorSpec mask : tensors.tensors()) {
                mask.maskFor().ifPresent(sequence -> paddingId(inputs.tensor(sequence), inputs.tensor(mask.name()))
                        .ifPresent(keep::add));
            }
            return keep.stream().mapToLong(Long::longValue).toArray();
        }

        /** The id at every masked position of a pre-tokenized sequence, when it is one id. */
        private OptionalLong paddingId(InputTensor sequence, InputTensor mask) {
            if (tokenizerJson != null || sequence.type() != TensorType.INT64) {
                return OptionalLong.empty();
            }
            long[] ids = sequence.toLongArray();
            float[] masks = mask.type() == TensorType.INT64 ? null : mask.toFloatArray();
            long[] longMasks = mask.type() == TensorType.INT64 ? mask.toLongArray() : null;
            Set<Long> found = new LinkedHashSet<>();
            for (int i = 0; i < ids.length; i++) {
                if (masks != null ? masks[i] == 0 : longMasks[i] == 0) {
                    found.add(ids[i]);
                }
            }
            return found.size() == 1 ? OptionalLong.of(found.iterator().next()) : OptionalLong.empty();
        }
    }
}
