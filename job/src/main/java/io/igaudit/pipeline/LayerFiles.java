package io.igaudit.pipeline;

import static org.apache.spark.sql.functions.col;

import io.igaudit.config.ConfigException;
import io.igaudit.config.JobConfig;
import io.igaudit.config.LayerConfig;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.TensorType;
import io.igaudit.io.CategoryNames;
import io.igaudit.io.RowValidity;
import io.igaudit.io.SmallFiles;
import io.igaudit.io.TensorProfile;
import io.igaudit.io.TextTokenizer;
import io.igaudit.io.TokenizerFile;
import io.igaudit.io.Vocabulary;
import io.igaudit.partition.LayerPartitionSpec;
import io.igaudit.stats.TextCounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small files of a layer model (tokenizer, vocabulary, category names) and the ids they give:
 * read, parsed and checked against the input on the driver; what the tasks need of them is
 * broadcast.
 */
final class LayerFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LayerFiles.class);
    /** Largest tokenizer.json, vocab.txt or category names file read (the first two travel to every executor in a broadcast). */
    private static final long MAX_TEXT_FILE_BYTES = 256L << 20;
    /** Texts tokenized on the driver to check that most rows hold words. */
    private static final int WORDS_CHECK_ROWS = 256;

    private LayerFiles() {}

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
    static void requireWords(Dataset<Row> validRows, TensorInputs inputs, LayerPartitionSpec.TextResources text,
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

    static LayerPartitionSpec.TextResources textResources(TensorInputs inputs, Configuration hadoop) {
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
    record TokenLookup(LayerPartitionSpec.TextResources text) {
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
    static long[] keepIds(TensorInputs inputs, TokenLookup lookup, long[] padding) {
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
    static long[] paddingIds(TensorProfile profile, LayerPartitionSpec.TextResources text) {
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
    static String tokensOf(TensorInputs inputs, LayerPartitionSpec.TextResources text) {
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

    /** What input.category-names holds: the codes' names per column, and the class names. */
    record NamesFile(Map<String, List<String>> codes, List<String> labels) {}

    /**
     * input.category-names, read and checked against the categorical columns and the largest code
     * of each (every code of the data needs a name); empty without one.
     */
    static NamesFile categoryNames(TensorInputs inputs, Configuration hadoop, TensorProfile profile) {
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
