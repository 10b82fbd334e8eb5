package io.igaudit.pipeline;

import static org.apache.spark.sql.functions.col;

import io.igaudit.config.ConfigException;
import io.igaudit.config.JobConfig;
import io.igaudit.config.LayerConfig;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.LayerActivations;
import io.igaudit.ig.TensorBaseline;
import io.igaudit.ig.TensorType;
import io.igaudit.io.Baselines;
import io.igaudit.io.CategoryNames;
import io.igaudit.io.CorruptLines;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.RowValidity;
import io.igaudit.io.SmallFiles;
import io.igaudit.io.SparkInternals;
import io.igaudit.io.TensorColumns;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.TensorProfile;
import io.igaudit.io.TextTokenizer;
import io.igaudit.io.TokenizerFile;
import io.igaudit.io.Vocabulary;
import io.igaudit.model.LayerPath;
import io.igaudit.model.ModelException;
import io.igaudit.model.ModelProbe;
import io.igaudit.partition.DriverProbe;
import io.igaudit.partition.EmbeddingParts;
import io.igaudit.partition.LayerPartitionSpec;
import io.igaudit.stats.TextCounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's checks and preparation for a model with several or integer inputs, explained at
 * its layer ({@code input.tensors}): column types, row validity, one scan of the input (lengths,
 * largest ids, mask lengths), the tokenizer and vocabulary, the model's layer split and embedding
 * sizes on real probe rows, the names of the attributed features and the baseline of every
 * tensor. Everything that fails here is a {@link ConfigException} naming the column or key and
 * the fix, before any task runs.
 */
final class LayerInputs {

    private static final Logger LOG = LoggerFactory.getLogger(LayerInputs.class);
    /** Largest tokenizer.json, vocab.txt or category names file read (the first two travel to every executor in a broadcast). */
    private static final long MAX_TEXT_FILE_BYTES = 256L << 20;
    /** Texts tokenized on the driver to check that most rows hold words. */
    private static final int WORDS_CHECK_ROWS = 256;
    /** Valid input rows the model is probed with. */
    private static final int PROBE_ROWS = 4;

    private LayerInputs() {}

    /**
     * Everything the attribution pass needs for the layer path.
     *
     * @param inputs the configured tensors
     * @param valid true for a row that can be attributed
     * @param reason why a row cannot be attributed (null for valid rows)
     * @param profile the input scan
     * @param features the attributed features' names (flat)
     * @param planned the columns the tasks read and where each tensor is among them
     * @param baselines the baseline rule of each tensor
     * @param text the tokenizer and vocabulary for the tasks; null when neither is configured
     * @param tokensOf the tensor whose tokens the output spells out; null for none
     * @param outputWidth the model's outputs per row
     * @param embeddings where tokens and categorical columns lie among the attributions
     * @param categoryNames per categorical column, the name of each code (input.category-names); empty without
     * @param labelNames the class names of input.category-names' {@code label.names}; empty without
     * @param baselineOutsideData a warning naming the float columns whose fixed baseline lies outside
     *     the values of the data; empty when there are none
     */
    record Checked(
            TensorInputs inputs, Column valid, Column reason, TensorProfile profile, FeatureLayout features,
            TensorLayout.Planned planned, InputBaselines baselines, LayerPartitionSpec.TextResources text, String tokensOf,
            int outputWidth, EmbeddingParts embeddings, Map<String, List<String>> categoryNames, List<String> labelNames,
            Optional<String> baselineOutsideData) {

        /** The tensors whose values stand for the attributed features in the report's sample. */
        List<String> sampleTensors() {
            return inputs.featureTensors().stream().map(TensorSpec::name).toList();
        }
    }

    /**
     * Checks the tensors against the input and the model.
     *
     * @param model the model, loaded on the driver
     * @param targetColumn the per-row target column, if any
     */
    static Checked validate(SparkSession spark, JobConfig config, Dataset<Row> frame, ModelProbe model,
            Optional<String> targetColumn, Configuration hadoop) {
        TensorInputs inputs = config.tensors();
        TensorColumns.checkTypes(frame, inputs, config.input().idColumns());
        Column valid = CorruptLines.valid(frame.schema(), TensorColumns.isValid(inputs));
        Column reason = CorruptLines.reason(frame.schema(), TensorColumns.invalidReason(inputs));
        LOG.info("checks: scanning the input (rows, invalid rows, lengths, largest ids)");
        TensorProfile profile = TensorProfile.scan(frame, valid, inputs, targetColumn);
        Map<String, Integer> lengths = sequenceLengths(inputs, profile);
        checkMasks(inputs, profile);
        TensorLayout.Planned planned = TensorLayout.plan(inputs, config.input().idColumns().size(), lengths, targetColumn);
        checkShapes(inputs, planned.layout(), lengths);
        LayerPartitionSpec.TextResources text = textResources(inputs, hadoop);
        requireWords(frame.filter(valid), inputs, text, config.input().encoding());
        TokenLookup lookup = new TokenLookup(text);
        String tokensOf = tokensOf(inputs, text);
        LOG.info("checks: {} rows found; probing the model on a few rows", profile.base().rows());
        LayerPath layer = layerPath(config, model);
        InputBatch probe = probeRows(frame, valid, config, planned, text);
        long referenceId = lookup.id("attribution.layer.reference-id", inputs.layer().referenceId());
        long[] padding = paddingIds(profile, text);
        long[] keep = keepIds(inputs, lookup, padding);
        checkEmbeddings(config, inputs, profile, text, layer, probe, referenceId, keep);
        check(config, () -> layer.checkSplit(probe));
        check(config, () -> layer.requireIndependentRows(probe));
        int width = check(config, () -> layer.evaluate(probe).width());
        FeatureLayout features = featureNames(inputs, planned.layout(), check(config, () -> layer.layer(probe)));
        Dataset<Row> validRows = frame.filter(valid);
        InputBaselines baselines = LayerBaselines.of(spark, config, validRows, planned.layout(), referenceId, keep);
        LOG.info("layer attribution: {} input tensors, {} attributed features, baselines: {}", inputs.tensors().size(),
                features.elementsPerRow(), baselines.description());
        NamesFile names = categoryNames(inputs, hadoop, profile);
        Optional<String> outside = baselineOutsideData(inputs, baselines, profile);
        outside.ifPresent(warning -> LOG.warn("{}", warning));
        return new Checked(inputs, valid, reason, profile, features, planned, baselines, text, tokensOf, width,
                embeddingParts(inputs, planned.layout(), keep, padding, tokensOf), names.codes(), names.labels(), outside);
    }

    // ---------------------------------------------------------------- the data

    /** The length of every array column a tensor reads, checked: present, one length, not empty. */
    private static Map<String, Integer> sequenceLengths(TensorInputs inputs, TensorProfile profile) {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        for (TensorSpec tensor : inputs.tensors()) {
            if (!(tensor.source() instanceof TensorSpec.Source.ArrayColumn array)) {
                continue;
            }
            int[] range = profile.lengths().get(array.column());
            String what = "tensor " + tensor.name() + " (column '" + array.column() + "')";
            if (range[0] < 0) {
                throw new ConfigException(what + " is null in every row");
            }
            if (range[0] != range[1]) {
                throw new ConfigException(what + " has sequences of " + range[0] + " to " + range[1] + " values; every row "
                        + "must hold the same number: pad the sequences to one length (with a mask column, mask-for = "
                        + tensor.name() + ", marking the padding) or give raw text with input.text");
            }
            if (range[0] == 0) {
                throw new ConfigException(what + " holds empty arrays");
            }
            lengths.put(array.column(), range[0]);
        }
        return lengths;
    }

    private static void checkMasks(TensorInputs inputs, TensorProfile profile) {
        profile.maskMismatches().forEach((mask, rows) -> {
            if (rows > 0) {
                String sequence = inputs.tensor(mask).orElseThrow().maskFor().orElseThrow();
                throw new ConfigException("tensor " + mask + " (mask-for = " + sequence + ") has another length than "
                        + sequence + " in " + rows + " row(s); a mask needs one value per id, the same length in every row");
            }
        });
    }

    /** A configured shape must hold the array's values; a mask has the length of its sequence. */
    private static void checkShapes(TensorInputs inputs, TensorLayout layout, Map<String, Integer> lengths) {
        for (TensorSpec tensor : inputs.tensors()) {
            TensorLayout.Slot slot = layout.slot(tensor.name());
            if (tensor.source() instanceof TensorSpec.Source.ArrayColumn array && slot.elementsPerRow() != lengths.get(array.column())) {
                throw new ConfigException("tensor " + tensor.name() + ": shape " + tensor.shape() + " holds " + slot.elementsPerRow()
                        + " values but column '" + array.column() + "' holds " + lengths.get(array.column())
                        + " per row; make the dimensions multiply to " + lengths.get(array.column()));
            }
            if (tensor.maskFor().isPresent()) {
                TensorLayout.Slot sequence = layout.slot(tensor.maskFor().get());
                if (slot.elementsPerRow() != sequence.elementsPerRow()) {
                    throw new ConfigException("tensor " + tensor.name() + " has " + slot.elementsPerRow() + " values per row but "
                            + sequence.name() + ", which it masks, has " + sequence.elementsPerRow() + "; a mask needs one value per id");
                }
            }
        }
    }

    // ---------------------------------------------------------------- tokenizer, vocabulary, ids

    /**
     * Reads and parses the small files of a layer model (tokenizer, vocabulary, category names)
     * before Spark reads the input, so that a missing or broken one is named within a second, not
     * after the input's scan.
     *
     * @throws ConfigException naming the file's key and what is wrong with it
     */
    static void checkFiles(JobConfig config, Configuration hadoop) {
        TensorInputs inputs = config.tensors();
        if (!inputs.configured()) {
            return;
        }
        textResources(inputs, hadoop);
        inputs.statistics().categoryNames().ifPresent(location -> {
            byte[] bytes = SmallFiles.read("input.category-names", location, hadoop, MAX_TEXT_FILE_BYTES);
            String source = "input.category-names " + location;
            CategoryNames.read(new ByteArrayInputStream(bytes), source);
            CategoryNames.labels(new ByteArrayInputStream(bytes), source);
        });
    }

    /**
     * Tokenizes the first {@link #WORDS_CHECK_ROWS} valid texts as the tasks will, and stops when
     * most of them hold no token of their own (only special tokens and padding): empty texts, or a
     * max-length that leaves no room for a word. Warns when they hold characters that could not be
     * decoded (a file in another character set than input.encoding).
     */
    private static void requireWords(Dataset<Row> validRows, TensorInputs inputs, LayerPartitionSpec.TextResources text,
            String encoding) {
        if (inputs.text().isEmpty() || text == null || text.tokenizerJson() == null) {
            return;
        }
        var spec = inputs.text().get();
        String[] texts = validRows.select(col(RowValidity.quote(spec.column())).cast("string")).limit(WORDS_CHECK_ROWS)
                .collectAsList().stream().map(row -> row.isNullAt(0) ? "" : row.getString(0)).toArray(String[]::new);
        if (texts.length == 0) {
            return;
        }
        long undecoded = Arrays.stream(texts).filter(t -> t.indexOf('\uFFFD') >= 0).count();
        if (undecoded > 0) {
            LOG.warn("input.text.column '{}' holds U+FFFD, the mark of bytes that could not be decoded, in {} of the first {} "
                    + "texts: is the file in another character set than input.encoding {}? (e.g. ISO-8859-1 or windows-1252)",
                    spec.column(), undecoded, texts.length, encoding);
        }
        TextCounts counts;
        try (TextTokenizer tokenizer = TextTokenizer.of(text.tokenizerJson(), text.maxLength(), text.addSpecialTokens())) {
            counts = tokenizer.encode(texts, texts.length).counts();
        }
        if (!counts.mostWithoutWords()) {
            return;
        }
        String checked = counts.withoutWords() + " of the first " + counts.texts() + " texts";
        if (2 * counts.empty() > counts.texts()) {
            throw new ConfigException("input.text.column '" + spec.column() + "' is empty in " + counts.empty() + " of the first "
                    + counts.texts() + " rows; there are no words to attribute (fill the column, or filter those rows out)");
        }
        throw new ConfigException("input.text.max-length = " + spec.maxLength() + " leaves " + checked
                + " without a word of their own (only the tokenizer's special tokens fit); raise input.text.max-length"
                + (spec.addSpecialTokens() ? " (or set input.text.add-special-tokens = false)" : ""));
    }

    private static LayerPartitionSpec.TextResources textResources(TensorInputs inputs, Configuration hadoop) {
        if (inputs.text().isPresent()) {
            var text = inputs.text().get();
            byte[] json = SmallFiles.read("input.text.tokenizer", text.tokenizer(), hadoop, MAX_TEXT_FILE_BYTES);
            try (TextTokenizer ignored = TextTokenizer.of(json, text.maxLength(), text.addSpecialTokens())) {
                TokenizerFile.largestId(json);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("input.text.tokenizer " + text.tokenizer() + " is " + e.getMessage()
                        + " (save it with tokenizers' Tokenizer.save or transformers' save_pretrained)", e);
            }
            return new LayerPartitionSpec.TextResources(json, text.maxLength(), text.addSpecialTokens(), null);
        }
        if (inputs.vocabulary().isPresent()) {
            String location = inputs.vocabulary().get();
            byte[] bytes = SmallFiles.read("input.vocabulary", location, hadoop, MAX_TEXT_FILE_BYTES);
            try {
                return new LayerPartitionSpec.TextResources(null, 0, false, Vocabulary.read(new ByteArrayInputStream(bytes)));
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("input.vocabulary " + location + ": " + e.getMessage(), e);
            }
        }
        return null;
    }

    /** Token strings to ids, through the tokenizer or the vocabulary. */
    private record TokenLookup(LayerPartitionSpec.TextResources text) {
        long id(String key, LayerConfig.TokenRef ref) {
            if (ref instanceof LayerConfig.TokenRef.Id id) {
                return id.id();
            }
            String token = ((LayerConfig.TokenRef.Token) ref).token();
            java.util.OptionalLong found;
            String source;
            if (text.tokenizerJson() != null) {
                try (TextTokenizer tokenizer = TextTokenizer.of(text.tokenizerJson(), text.maxLength(), false)) {
                    found = tokenizer.idOf(token);
                }
                source = "input.text.tokenizer";
            } else {
                found = text.vocabulary().idOf(token);
                source = "input.vocabulary";
            }
            return found.orElseThrow(() -> new ConfigException(key + ": the token \"" + token + "\" is not one token of "
                    + source + "; give its id or a token string the vocabulary holds"));
        }
    }

    /** The ids that keep their place in the baseline: the configured ones and the padding ids. */
    private static long[] keepIds(TensorInputs inputs, TokenLookup lookup, long[] padding) {
        Set<Long> keep = new LinkedHashSet<>();
        for (LayerConfig.TokenRef ref : inputs.layer().keep()) {
            keep.add(lookup.id("attribution.layer.keep", ref));
        }
        Arrays.stream(padding).forEach(keep::add);
        return keep.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The ids that pad a row, kept in the baseline so that padded positions get exactly 0: the
     * tokenizer's pad id, or the one id the data holds at masked positions.
     */
    private static long[] paddingIds(TensorProfile profile, LayerPartitionSpec.TextResources text) {
        Set<Long> padding = new LinkedHashSet<>();
        if (text != null && text.tokenizerJson() != null) {
            try (TextTokenizer tokenizer = TextTokenizer.of(text.tokenizerJson(), text.maxLength(), text.addSpecialTokens())) {
                TextTokenizer.Encoded empty = tokenizer.encode(new String[] {""}, 1);
                for (int i = 0; i < empty.length(); i++) {
                    if (empty.mask()[i] == 0) {
                        padding.add(empty.ids()[i]);
                    }
                }
            }
        }
        profile.paddingIds().forEach((sequence, range) -> {
            if (range[0] == range[1]) {
                padding.add(range[0]);
            } else {
                LOG.warn("tensor {}: masked positions hold ids {} to {}; only ids in attribution.layer.keep keep their place "
                        + "there, so padded positions may get attributions", sequence, range[0], range[1]);
            }
        });
        return padding.stream().mapToLong(Long::longValue).toArray();
    }

    /** The tensor whose ids the tokens column spells out: the text's ids, or with a vocabulary the first feature tensor. */
    private static String tokensOf(TensorInputs inputs, LayerPartitionSpec.TextResources text) {
        if (text == null) {
            return null;
        }
        TensorSpec first = inputs.featureTensors().get(0);
        if (text.tokenizerJson() != null) {
            return inputs.tensors().stream().filter(t -> t.source() instanceof TensorSpec.Source.Text s
                    && s.part() == TensorSpec.TextPart.IDS).findFirst().orElseThrow().name();
        }
        if (first.type() != TensorType.INT64 || !(first.source() instanceof TensorSpec.Source.ArrayColumn)) {
            throw new ConfigException("input.vocabulary spells out the ids of a sequence, but the tensor that names the "
                    + "attributed features (" + first.name() + ") is not an int64 array column; set "
                    + "attribution.layer.features-from to the id sequence first, or remove input.vocabulary");
        }
        return first.name();
    }

    // ---------------------------------------------------------------- the model

    private static LayerPath layerPath(JobConfig config, ModelProbe model) {
        if (!model.exportsLayer()) {
            throw new ConfigException("model.path " + config.model().path() + ": input.tensors explains the model at a layer, "
                    + "but it exports neither " + LayerPath.LAYER_METHOD + " nor " + LayerPath.FROM_LAYER_METHOD
                    + "; export both (@torch.jit.export, with forward(x) == " + LayerPath.FROM_LAYER_METHOD + "("
                    + LayerPath.LAYER_METHOD + "(x), x); README, \"Models with several inputs and integer inputs\")");
        }
        return model.layerPath();
    }

    /** A few valid input rows packed exactly as the tasks pack them. */
    private static InputBatch probeRows(Dataset<Row> frame, Column valid, JobConfig config, TensorLayout.Planned planned,
            LayerPartitionSpec.TextResources text) {
        List<Column> columns = new ArrayList<>();
        config.input().idColumns().forEach(id -> columns.add(col(RowValidity.quote(id))));
        columns.addAll(planned.columns());
        Dataset<Row> selected = frame.filter(valid).select(columns.toArray(Column[]::new)).limit(PROBE_ROWS);
        List<Row> rows = selected.collectAsList();
        if (rows.isEmpty()) {
            throw new ConfigException("input.path " + config.input().path() + " holds no valid row to attribute; every row "
                    + "has a null, NaN, infinite or negative value in a tensor column");
        }
        return DriverProbe.pack(rows.stream().map(r -> SparkInternals.internalRow(r, selected.schema())).toList(),
                planned.layout(), text);
    }

    /**
     * Ids at or beyond an embedding's size: the model runs on a probe row holding, in each integer
     * input, the largest id of the data (and of the baseline); when it fails, the first failing id
     * is the embedding's size.
     */
    private static void checkEmbeddings(JobConfig config, TensorInputs inputs, TensorProfile profile,
            LayerPartitionSpec.TextResources text, LayerPath layer, InputBatch probe, long referenceId, long[] keep) {
        InputBatch one = probe.firstRows(1);
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.type() != TensorType.INT64 || tensor.maskFor().isPresent() || isTextSide(tensor)) {
                continue;
            }
            if (tensor.source() instanceof TensorSpec.Source.Columns columns) {
                for (int c = 0; c < columns.columns().size(); c++) {
                    String column = columns.columns().get(c);
                    long dataLargest = profile.largest().getOrDefault(column, 0L);
                    long reference = inputs.layer().referenceCategories().getOrDefault(column, inputs.layer().referenceCategory());
                    long largest = Math.max(dataLargest, reference);
                    int index = c;
                    String found = reference > dataLargest
                            ? "the reference category " + reference + " of column '" + column + "' (attribution.layer."
                                    + (inputs.layer().referenceCategories().containsKey(column) ? "reference-categories" : "reference-category")
                                    + "; the data's codes go up to " + dataLargest + ")"
                            : "column '" + column + "' of tensor " + tensor.name() + " holds codes up to " + dataLargest
                                    + " in the data";
                    checkLargest(config, layer, one, tensor.name(), v -> setColumn(one, tensor.name(), index, v), largest, found,
                            reference > dataLargest ? "choose a reference category below that"
                                    : "every code of the column must be below that; re-encode the column");
                }
                continue;
            }
            long dataLargest = tensor.source() instanceof TensorSpec.Source.ArrayColumn array
                    ? profile.largest().getOrDefault(array.column(), 0L)
                    : TokenizerFile.largestId(text.tokenizerJson());
            long largest = Math.max(dataLargest, Math.max(referenceId, Arrays.stream(keep).max().orElse(0)));
            if (text != null && text.vocabulary() != null && dataLargest >= text.vocabulary().size()) {
                throw new ConfigException("tensor " + tensor.name() + " holds ids up to " + dataLargest + " but input.vocabulary "
                        + "has " + text.vocabulary().size() + " tokens (ids 0.." + (text.vocabulary().size() - 1)
                        + "); the ids and the vocabulary do not belong together");
            }
            String source = tensor.source() instanceof TensorSpec.Source.ArrayColumn array
                    ? "column '" + array.column() + "'" : "input.text.tokenizer";
            checkLargest(config, layer, one, tensor.name(), v -> setAll(one, tensor.name(), v), largest,
                    "tensor " + tensor.name() + " gets ids up to " + largest + " (from " + source
                            + ", attribution.layer.reference-id and keep)",
                    "the tokenizer or vocabulary and the model must belong together");
        }
    }

    private static boolean isTextSide(TensorSpec tensor) {
        return tensor.source() instanceof TensorSpec.Source.Text text && text.part() != TensorSpec.TextPart.IDS;
    }

    private static void checkLargest(JobConfig config, LayerPath layer, InputBatch row, String tensor,
            Function<Long, InputBatch> withValue, long largest, String found, String fix) {
        if (runs(layer, withValue.apply(largest))) {
            return;
        }
        long low = 0;
        long high = largest; // runs(low) is assumed, runs(high) is false: find the first failing value
        if (!runs(layer, withValue.apply(low))) {
            return; // fails whatever the id: the split check that follows names the problem
        }
        while (high - low > 1) {
            long middle = low + (high - low) / 2;
            if (runs(layer, withValue.apply(middle))) {
                low = middle;
            } else {
                high = middle;
            }
        }
        throw new ConfigException(found + ", but the model's embedding for it has " + high + " rows (ids 0.." + (high - 1)
                + ") [model.path " + config.model().path() + "]; " + fix);
    }

    private static boolean runs(LayerPath layer, InputBatch batch) {
        try {
            layer.evaluate(batch);
            return true;
        } catch (ModelException e) {
            return false;
        }
    }

    private static InputBatch setAll(InputBatch batch, String name, long value) {
        return replace(batch, name, values -> Arrays.fill(values, value));
    }

    private static InputBatch setColumn(InputBatch batch, String name, int column, long value) {
        return replace(batch, name, values -> values[column] = value);
    }

    private static InputBatch replace(InputBatch batch, String name, java.util.function.Consumer<long[]> change) {
        List<InputTensor> tensors = new ArrayList<>();
        for (InputTensor tensor : batch.tensors()) {
            if (tensor.name().equals(name)) {
                long[] values = tensor.toLongArray();
                change.accept(values);
                tensors.add(InputTensor.ofLongs(name, values, tensor.rows(), tensor.rowShape()));
            } else {
                tensors.add(tensor);
            }
        }
        return new InputBatch(tensors);
    }

    /** Runs a model call, turning its errors into configuration errors that name the model file. */
    private static <T> T check(JobConfig config, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ModelException e) {
            throw new ConfigException("model.path " + config.model().path() + ": " + e.getMessage(), e);
        }
    }

    private static void check(JobConfig config, Runnable call) {
        check(config, () -> {
            call.run();
            return null;
        });
    }

    // ---------------------------------------------------------------- names and baselines

    /**
     * The attributed features' names: each part of the layer takes them from its tensor of
     * attribution.layer.features-from (columns: their names; a sequence: NAME[i]).
     */
    private static FeatureLayout featureNames(TensorInputs inputs, TensorLayout layout, LayerActivations layer) {
        List<TensorSpec> named = inputs.featureTensors();
        if (layer.size() != named.size()) {
            throw new ConfigException(LayerPath.LAYER_METHOD + " returns " + layer.size() + " tensor(s) but "
                    + "attribution.layer.features-from names " + named.size() + " input tensor(s) ("
                    + String.join(", ", named.stream().map(TensorSpec::name).toList()) + "); name one input tensor per part, "
                    + "in " + LayerPath.LAYER_METHOD + "'s order, whose columns or positions name that part's features");
        }
        List<String> names = new ArrayList<>();
        Optional<String> sequence = Optional.empty();
        for (int p = 0; p < named.size(); p++) {
            TensorSpec tensor = named.get(p);
            TensorLayout.Slot slot = layout.slot(tensor.name());
            int features = layer.part(p).rowShape()[0];
            if (slot.rowShape().length != 1 || features != slot.elementsPerRow()) {
                throw new ConfigException("part " + p + " of " + LayerPath.LAYER_METHOD + " has " + features + " features (its "
                        + "second dimension) but tensor " + tensor.name() + ", which attribution.layer.features-from gives it, "
                        + "has rows of shape " + Arrays.toString(slot.rowShape()) + "; name a flat tensor with one value per feature");
            }
            if (tensor.source() instanceof TensorSpec.Source.Columns columns) {
                names.addAll(columns.columns());
            } else {
                for (int i = 0; i < features; i++) {
                    names.add(tensor.name() + "[" + i + "]");
                }
                sequence = sequence.or(() -> Optional.of(tensor.name()));
            }
        }
        return new FeatureLayout(names, sequence, new int[] {names.size()});
    }

    /**
     * The float columns whose fixed baseline (zeros, a constant, a list) lies outside the smallest and
     * largest value of the valid rows: attributions then measure the change from values no row
     * holds (an age of 0, say), which is rarely what a user means.
     */
    static Optional<String> baselineOutsideData(TensorInputs inputs, InputBaselines baselines, TensorProfile profile) {
        List<String> outside = new ArrayList<>();
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.type() != TensorType.FLOAT32 || !(tensor.source() instanceof TensorSpec.Source.Columns columns)
                    || !(baselines.rule(tensor.name()) instanceof TensorBaseline.Floats floats)
                    || !(floats.source() instanceof FixedBaselines fixed) || fixed.rows() != 1) {
                continue;
            }
            for (int c = 0; c < columns.columns().size(); c++) {
                double[] range = profile.ranges().get(columns.columns().get(c));
                float value = fixed.values()[c];
                if (range != null && (value < range[0] || value > range[1])) {
                    outside.add(columns.columns().get(c) + " " + Baselines.sixDigits(value) + " (the data "
                            + Baselines.sixDigits(range[0]) + " to " + Baselines.sixDigits(range[1]) + ")");
                }
            }
        }
        if (outside.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the baseline lies outside the values of the data for " + String.join(", ", outside)
                + ": attributions measure the change from values no row holds; set attribution.baseline (mean, median or"
                + " values within the data) unless that is meant");
    }

    // ---------------------------------------------------------------- token and category statistics

    /**
     * Where the tasks find tokens and categories among the attributions: the first int64 sequence
     * of attribution.layer.features-from (its positions are tokens), and every int64 tensor of
     * columns there (each column a categorical feature). Features follow the tensors' order.
     */
    private static EmbeddingParts embeddingParts(TensorInputs inputs, TensorLayout layout, long[] keep, long[] padding,
            String tokensOf) {
        EmbeddingParts.TokenPart tokens = null;
        List<String> categoryTensors = new ArrayList<>();
        List<String> categoryColumns = new ArrayList<>();
        List<Integer> categoryIndex = new ArrayList<>();
        int offset = 0;
        for (TensorSpec tensor : inputs.featureTensors()) {
            int features = layout.slot(tensor.name()).elementsPerRow();
            if (tensor.type() == TensorType.INT64 && tensor.source() instanceof TensorSpec.Source.Columns columns) {
                categoryTensors.add(tensor.name());
                for (int c = 0; c < columns.columns().size(); c++) {
                    categoryColumns.add(columns.columns().get(c));
                    categoryIndex.add(offset + c);
                }
            } else if (tensor.type() == TensorType.INT64 && tokens == null) {
                String mask = inputs.tensors().stream().filter(t -> t.maskFor().filter(tensor.name()::equals).isPresent())
                        .map(TensorSpec::name).findFirst().orElse(null);
                tokens = new EmbeddingParts.TokenPart(tensor.name(), mask, offset, features, keep, padding,
                        inputs.statistics().tokenCapacity(), tensor.name().equals(tokensOf));
            }
            offset += features;
        }
        EmbeddingParts.CategoryPart categories = categoryTensors.isEmpty() ? null : new EmbeddingParts.CategoryPart(
                categoryTensors, categoryColumns, categoryIndex.stream().mapToInt(Integer::intValue).toArray());
        return new EmbeddingParts(tokens, categories);
    }

    /** What input.category-names holds: the codes' names per column, and the class names. */
    private record NamesFile(Map<String, List<String>> codes, List<String> labels) {}

    /**
     * input.category-names, read and checked against the categorical columns and the largest code
     * of each (every code of the data needs a name); empty without one.
     */
    private static NamesFile categoryNames(TensorInputs inputs, Configuration hadoop, TensorProfile profile) {
        if (inputs.statistics().categoryNames().isEmpty()) {
            return new NamesFile(Map.of(), List.of());
        }
        String location = inputs.statistics().categoryNames().get();
        byte[] bytes = SmallFiles.read("input.category-names", location, hadoop, MAX_TEXT_FILE_BYTES);
        String source = "input.category-names " + location;
        Map<String, List<String>> names = CategoryNames.read(new ByteArrayInputStream(bytes), source);
        Set<String> categorical = new LinkedHashSet<>();
        for (TensorSpec tensor : inputs.featureTensors()) {
            if (tensor.type() == TensorType.INT64 && tensor.source() instanceof TensorSpec.Source.Columns columns) {
                categorical.addAll(columns.columns());
            }
        }
        for (String column : names.keySet()) {
            if (!categorical.contains(column)) {
                throw new ConfigException("input.category-names " + location + " names the codes of '" + column + "', which is "
                        + "no categorical column of attribution.layer.features-from (int64 tensors of columns: "
                        + String.join(", ", categorical) + "); remove it from the file or fix its name");
            }
        }
        for (Map.Entry<String, List<String>> column : names.entrySet()) {
            long largest = profile.largest().getOrDefault(column.getKey(), -1L);
            if (largest >= column.getValue().size()) {
                throw new ConfigException(source + " names " + column.getValue().size() + " codes of column '" + column.getKey()
                        + "' (0.." + (column.getValue().size() - 1) + ") but the data holds codes up to " + largest
                        + "; name every code, or the report and category_stats/ would show codes " + column.getValue().size()
                        + ".." + largest + " without a name");
            }
        }
        return new NamesFile(names, CategoryNames.labels(new ByteArrayInputStream(bytes), source));
    }
}
