package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.rejected;
import static io.igaudit.pipeline.Audits.testModel;
import static io.igaudit.pipeline.Audits.with;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of a model with several or integer inputs stops the run with a
 * {@link ConfigException} (exit code 2) naming the column or method and the fix, before any task
 * runs and with nothing written: a float column where ids are expected, ids at or beyond the
 * embedding's size, ragged sequences, a mask of another length than its ids, a layer tuple whose
 * parts disagree on rows, a model exporting only one of the two methods (or neither), a split that
 * disagrees with forward, and the text and vocabulary settings that cannot work.
 */
class LayerBadInputTest {

    private static final String TENSORS = "input.tensors=[{name = ids, column = ids, type = int64},"
            + " {name = mask, column = mask, type = int64, mask-for = ids}]";

    @TempDir
    Path tmp;

    private Path output;

    @BeforeEach
    void folders() {
        output = tmp.resolve("out");
    }

    private Path sequences(String name, DataType idType, Object[]... idsAndMasks) {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("ids", DataTypes.createArrayType(idType))
                .add("mask", DataTypes.createArrayType(DataTypes.IntegerType)).add("words", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < idsAndMasks.length; r += 2) {
            rows.add(RowFactory.create((long) r, Arrays.asList(idsAndMasks[r]), Arrays.asList(idsAndMasks[r + 1]), 7L));
        }
        return LayerAuditTest.writeRows(tmp.resolve(name), schema, rows);
    }

    private Path goodSequences() {
        return sequences("good", DataTypes.LongType, new Long[] {2L, 5L, 9L, 0L}, new Integer[] {1, 1, 1, 0},
                new Long[] {2L, 4L, 3L, 0L}, new Integer[] {1, 1, 1, 0});
    }

    private List<String> settings(Path input, String model, String... more) {
        return with(List.of("input.path=" + input, "input.id-columns=[id]", TENSORS, "model.path=" + testModel(model),
                "model.device=cpu", "output.path=" + output), more);
    }

    private String failure(List<String> settings) throws Exception {
        return rejected(output, settings).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    @Test
    void aFloatColumnWhereIdsAreExpected() throws Exception {
        Path input = sequences("floats", DataTypes.DoubleType, new Double[] {2.0, 5.0, 9.0, 0.0}, new Integer[] {1, 1, 1, 0});
        assertMentions(failure(settings(input, "layer_bag.pt")), "tensor ids", "int64", "column 'ids'", "array<double>",
                "cast the column to integers");
    }

    @Test
    void idsAtOrBeyondTheEmbeddingsSize() throws Exception {
        Path input = sequences("large", DataTypes.LongType, new Long[] {2L, 5L, 20L, 0L}, new Integer[] {1, 1, 1, 0},
                new Long[] {2L, 4L, 3L, 0L}, new Integer[] {1, 1, 1, 0});
        assertMentions(failure(settings(input, "layer_bag.pt")), "tensor ids", "ids up to 20", "column 'ids'",
                "embedding for it has 16 rows", "ids 0..15");
    }

    @Test
    void aReferenceIdBeyondTheEmbeddingsSize() throws Exception {
        assertMentions(failure(settings(goodSequences(), "layer_bag.pt", "attribution.layer.reference-id=16")),
                "ids up to 16", "reference-id", "16 rows");
    }

    @Test
    void aCategoryCodeBeyondItsEmbedding() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.IntegerType)
                .add("b", DataTypes.IntegerType).add("c", DataTypes.IntegerType).add("x", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        Path input = LayerAuditTest.writeRows(tmp.resolve("codes"), schema, List.of(
                RowFactory.create(1L, 1, 2, 1, 0.5, 1.0), RowFactory.create(2L, 3, 6, 0, 1.5, -1.0)));
        List<String> settings = List.of("input.path=" + input, "input.id-columns=[id]",
                "input.tensors=[{name = codes, columns = [a, b, c], type = int64}, {name = numbers, columns = [x, y], type = float32}]",
                "attribution.layer.features-from=[codes, numbers]", "model.path=" + testModel("layer_mixed.pt"),
                "model.device=cpu", "output.path=" + output);
        assertMentions(failure(settings), "column 'b' of tensor codes", "codes up to 6", "5 rows", "re-encode");
    }

    @Test
    void raggedSequences() throws Exception {
        Path input = sequences("ragged", DataTypes.LongType, new Long[] {2L, 5L, 9L, 0L}, new Integer[] {1, 1, 1, 0},
                new Long[] {2L, 4L, 3L}, new Integer[] {1, 1, 1});
        assertMentions(failure(settings(input, "layer_bag.pt")), "tensor ids", "column 'ids'", "3 to 4 values", "pad");
    }

    @Test
    void aMaskOfAnotherLengthThanItsIds() throws Exception {
        Path input = sequences("masks", DataTypes.LongType, new Long[] {2L, 5L, 9L, 0L}, new Integer[] {1, 1, 1},
                new Long[] {2L, 4L, 3L, 0L}, new Integer[] {1, 1, 1});
        assertMentions(failure(settings(input, "layer_bag.pt")), "mask", "another length than ids", "2 row(s)");
    }

    @Test
    void aLayerTupleWhosePartsDisagreeOnRows() throws Exception {
        assertMentions(failure(settings(goodSequences(), "layer_ragged_tuple.pt")), "layer_ragged_tuple.pt", "ig_layer",
                "disagree on rows");
    }

    @Test
    void aModelExportingOnlyOneOfTheTwoMethods() throws Exception {
        assertMentions(failure(settings(goodSequences(), "layer_without_rest.pt")), "model.path", "ig_from_layer");
    }

    @Test
    void aModelExportingNeither() throws Exception {
        Path input = goodSequences();
        assertMentions(failure(with(List.of("input.path=" + input, "input.id-columns=[id]",
                "input.tensors=[{name = x, columns = [words, id], type = float32}]", "model.path=" + testModel("linear4.pt"),
                "model.device=cpu", "output.path=" + output))), "model.path", "neither ig_layer nor ig_from_layer", "docs/models.md");
    }

    @Test
    void aSplitThatDisagreesWithForward() throws Exception {
        assertMentions(failure(settings(goodSequences(), "layer_mismatch.pt")), "ig_from_layer(ig_layer(x), x)", "forward(x)");
    }

    @Test
    void layerPartsMustMatchTheTensorsThatNameThem() throws Exception {
        assertMentions(failure(settings(goodSequences(), "layer_bag.pt", "attribution.layer.features-from=[ids, mask]")),
                "ig_layer returns 1 tensor(s)", "features-from names 2");
    }

    @Test
    void aVocabularySmallerThanTheIds() throws Exception {
        Path vocabulary = Audits.write(tmp.resolve("vocab.txt"), "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat");
        assertMentions(failure(settings(goodSequences(), "layer_bag.pt", "input.vocabulary=" + vocabulary)),
                "ids up to 9", "input.vocabulary", "6 tokens");
    }

    @Test
    void aTokenStringTheVocabularyLacks() throws Exception {
        Path vocabulary = Audits.write(tmp.resolve("vocab.txt"), LayerAuditTest.VOCABULARY);
        assertMentions(failure(settings(goodSequences(), "layer_bag.pt", "input.vocabulary=" + vocabulary,
                "attribution.layer.keep=[\"[CLZ]\"]")), "attribution.layer.keep", "[CLZ]", "input.vocabulary");
    }

    @Test
    void aTextColumnThatHoldsNoStrings() throws Exception {
        Path tokenizer = LayerAuditTest.tokenizerJson(tmp.resolve("tokenizer"));
        assertMentions(failure(with(List.of("input.path=" + goodSequences(), "input.id-columns=[id]",
                "input.tensors=[{name = input_ids, text = ids, type = int64}, {name = attention_mask, text = mask, type = int64}]",
                "input.text.column=words", "input.text.tokenizer=" + tokenizer, "model.path=" + testModel("layer_bag.pt"),
                "model.device=cpu", "output.path=" + output))), "input.text.column 'words'", "bigint", "strings");
    }

    @Test
    void aTokenizerFileThatIsMissingOrBroken() throws Exception {
        Path broken = Audits.write(tmp.resolve("broken.json"), "{\"model\": 3}");
        List<String> text = List.of("input.path=" + LayerAuditTest.writeRows(tmp.resolve("texts"),
                        new StructType().add("id", DataTypes.LongType).add("review", DataTypes.StringType),
                        List.of(RowFactory.create(1L, "the cat"))),
                "input.id-columns=[id]",
                "input.tensors=[{name = input_ids, text = ids, type = int64}, {name = attention_mask, text = mask, type = int64}]",
                "input.text.column=review", "model.path=" + testModel("layer_bag.pt"), "model.device=cpu", "output.path=" + output);
        assertMentions(failure(with(text, "input.text.tokenizer=" + tmp.resolve("absent.json"))), "input.text.tokenizer",
                "does not exist");
        assertMentions(failure(with(text, "input.text.tokenizer=" + broken)), "input.text.tokenizer", "tokenizer.json");
    }

    /** Texts in a "review" column over layer_bag.pt, tokenized with the test tokenizer. */
    private List<String> texts(String folder, String... reviews) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < reviews.length; i++) {
            rows.add(RowFactory.create((long) i, reviews[i]));
        }
        return List.of("input.path=" + LayerAuditTest.writeRows(tmp.resolve(folder),
                        new StructType().add("id", DataTypes.LongType).add("review", DataTypes.StringType), rows),
                "input.id-columns=[id]",
                "input.tensors=[{name = input_ids, text = ids, type = int64}, {name = attention_mask, text = mask, type = int64}]",
                "input.text.column=review", "input.text.tokenizer=" + LayerAuditTest.tokenizerJson(tmp.resolve("tokenizer")),
                "model.path=" + testModel("layer_bag.pt"), "model.device=cpu", "output.path=" + output);
    }

    @Test
    void aMaxLengthThatLeavesNoRoomForAWord() throws Exception {
        List<String> text = texts("short", "the cat sat", "a cat", "the mat");
        assertMentions(failure(with(text, "input.text.max-length=1")), "input.text.max-length = 1",
                "3 of the first 3 texts without a word of their own", "raise input.text.max-length");
        assertMentions(failure(with(text, "input.text.max-length=2")), "input.text.max-length = 2");
    }

    @Test
    void textsThatAreMostlyEmpty() throws Exception {
        assertMentions(failure(texts("empty", "", "  ", "the cat")), "input.text.column 'review' is empty in 2 of the first 3 rows",
                "no words to attribute");
    }

    @Test
    void aReferenceCategoryBeyondTheEmbeddingIsNamedAsTheReferenceNotAsData() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.LongType)
                .add("b", DataTypes.LongType).add("c", DataTypes.LongType).add("x", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        Path input = LayerAuditTest.writeRows(tmp.resolve("codes"), schema,
                List.of(RowFactory.create(1L, 1L, 4L, 2L, 0.5, -1.0), RowFactory.create(2L, 3L, 0L, 1L, 2.0, 0.25)));
        String message = failure(with(List.of("input.path=" + input, "input.id-columns=[id]",
                "input.tensors=[{name = codes, columns = [a, b, c], type = int64}, {name = numbers, columns = [x, y], type = float32}]",
                "attribution.layer.features-from=[codes, numbers]", "attribution.layer.reference-categories.b=40",
                "attribution.baseline=[0.5, 0.5]", "model.path=" + testModel("layer_mixed.pt"), "model.device=cpu",
                "output.path=" + output)));
        assertMentions(message, "the reference category 40 of column 'b'", "attribution.layer.reference-categories",
                "the data's codes go up to 4", "embedding for it has 5 rows", "choose a reference category below that");
        assertTrue(!message.contains("holds codes up to 40"), message);
    }

    @Test
    void aCodeSpeltNaNamesItsValueAndRow() throws Exception {
        Path csv = Audits.write(tmp.resolve("codes.csv"), "id,a,b,c,x,y", "1,1,4,2,0.5,-1.0", "2,NA,0,1,2.0,0.25");
        String message = failure(with(List.of("input.path=" + csv, "input.format=csv", "input.id-columns=[id]",
                "input.tensors=[{name = codes, columns = [a, b, c], type = int64}, {name = numbers, columns = [x, y], type = float32}]",
                "attribution.layer.features-from=[codes, numbers]", "model.path=" + testModel("layer_mixed.pt"),
                "model.device=cpu", "output.path=" + output)));
        assertMentions(message, "column 'a' of type string", "it holds 'NA' (the row with id 2), which is no number",
                "encode missing values as a code of their own");
    }
}
