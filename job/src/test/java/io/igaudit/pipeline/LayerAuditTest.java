package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.number;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.testModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.LayerExplainer;
import io.igaudit.ig.TargetRule;
import io.igaudit.ig.TensorBaseline;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.testing.Defaults;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job end to end on models with several and integer inputs, explained at their layer:
 * pre-tokenized ids with a mask and a vocabulary, raw text through a tokenizer.json, and
 * categorical codes beside numeric columns. The bag-of-embeddings model is linear in its
 * embeddings, so layer IG is exact there: token t of target c gets
 * {@code mask_t Σ_d W[d][c] (e(id_t)[d] − e(ref_t)[d]) / n}, n the unmasked tokens.
 */
class LayerAuditTest {

    /** test-models/layer_bag.pt: e(i)[d] = (((7i + 3d) mod 11) − 5) / 4, W and b as in make-sample-models.py. */
    private static final float[][] W = {{1f, -1f}, {-2f, 0.25f}, {0.5f, 2f}, {3f, -0.5f}};
    private static final float[] B = {0.1f, -0.2f};
    static final String[] VOCABULARY = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat", "sat", "on", "mat", "a",
        "w10", "w11", "w12", "w13", "w14", "w15"};

    @TempDir
    static Path tmp;

    static final StructType SEQUENCES = new StructType().add("id", DataTypes.LongType)
            .add("ids", DataTypes.createArrayType(DataTypes.LongType)).add("mask", DataTypes.createArrayType(DataTypes.IntegerType));

    static double embedding(long id, int d) {
        return (Math.floorMod(7 * id + 3 * d, 11) - 5) / 4.0;
    }

    /** The exact layer attribution of the bag model for one row and target. */
    static double[] bagAttribution(long[] ids, long[] mask, long referenceId, List<Long> keep, int target) {
        double n = Arrays.stream(mask).sum();
        double[] expected = new double[ids.length];
        for (int t = 0; t < ids.length; t++) {
            long reference = keep.contains(ids[t]) ? ids[t] : referenceId;
            for (int d = 0; d < W.length; d++) {
                expected[t] += mask[t] * W[d][target] * (embedding(ids[t], d) - embedding(reference, d)) / n;
            }
        }
        return expected;
    }

    static Row sequenceRow(long id, long[] ids, long[] mask) {
        return RowFactory.create(id, Arrays.stream(ids).boxed().toList(), Arrays.stream(mask).mapToInt(m -> (int) m).boxed().toList());
    }

    static Path writeRows(Path folder, StructType schema, List<Row> rows) {
        Audits.spark().createDataFrame(rows, schema).coalesce(1).write().parquet(folder.toString());
        return folder;
    }

    static Path tokenizerJson(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (InputStream in = LayerAuditTest.class.getResourceAsStream("/io/igaudit/io/tokenizer.json")) {
            Path file = folder.resolve("tokenizer.json");
            Files.copy(in, file);
            return file;
        }
    }

    private static void assertClose(double[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where + ": attributions per row");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.abs(expected[i]) + 1e-6, where + ", position " + i);
        }
    }

    @Test
    void preTokenizedIdsWithAMaskAndAVocabularyAreExactAndPaddingGetsZero() throws Exception {
        long[][] ids = {{2, 5, 9, 0, 0}, {2, 4, 5, 6, 3}, {2, 11, 3, 0, 0}};
        long[][] masks = {{1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < ids.length; r++) {
            rows.add(sequenceRow(r + 1, ids[r], masks[r]));
        }
        Path input = writeRows(tmp.resolve("sequences"), SEQUENCES, rows);
        Path vocabulary = Audits.write(tmp.resolve("vocab.txt"), VOCABULARY);
        Path output = tmp.resolve("out-sequences");
        RunSummary summary = Audits.run(List.of("input.path=" + input, "input.id-columns=[id]",
                "input.tensors=[{name = ids, column = ids, type = int64}, {name = mask, column = mask, type = int64, mask-for = ids}]",
                "input.vocabulary=" + vocabulary, "attribution.layer.reference-id=\"[UNK]\"",
                "attribution.layer.keep=[\"[CLS]\", 3]", "attribution.target=1",
                "model.path=" + testModel("layer_bag.pt"), "model.device=cpu", "output.path=" + output));
        assertEquals(3, summary.attributedRows());
        Map<Long, Row> out = byId(parquet(output, "attributions"));
        for (int r = 0; r < ids.length; r++) {
            Row row = out.get(r + 1L);
            float[] actual = attributions(row);
            assertClose(bagAttribution(ids[r], masks[r], 1, List.of(2L, 3L), 1), actual, "row " + (r + 1));
            for (int t = 0; t < ids[r].length; t++) {
                if (masks[r][t] == 0 || ids[r][t] == 2 || ids[r][t] == 3) {
                    assertEquals(0f, actual[t], "row " + (r + 1) + ": padded and kept positions get exactly 0, position " + t);
                }
            }
            double sum = 0;
            for (float a : actual) {
                sum += a;
            }
            double gap = sum - (number(row, "prediction") - number(row, "baseline_prediction"));
            assertEquals(gap, number(row, "delta"), 1e-5, "delta is Σ attributions − (F(x) − F(x'))");
            assertTrue(Math.abs(number(row, "delta")) < 1e-5, "layer IG of a linear model is complete: " + number(row, "delta"));
            List<String> tokens = row.getList(row.fieldIndex("tokens"));
            assertEquals(Arrays.stream(ids[r]).mapToObj(i -> VOCABULARY[(int) i]).toList(), tokens, "tokens from the vocabulary");
        }
        double n = 3;
        double f = B[1];
        for (int t = 0; t < 3; t++) {
            for (int d = 0; d < 4; d++) {
                f += W[d][1] * embedding(ids[0][t], d) / n;
            }
        }
        assertEquals(f, number(out.get(1L), "prediction"), 1e-5, "F(x) of the bag model");
        List<Row> stats = parquet(output, "feature_stats");
        assertTrue(stats.stream().anyMatch(s -> "ids[4]".equals(s.getAs("feature"))), "positions are named ids[i]");
    }

    @Test
    void rawTextIsTokenizedOnTheExecutorsWithItsTokensAndSpecialTokensKept() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("review", DataTypes.StringType);
        String[] texts = {"The cat sat", "a cat on the mat", "cat", "the mat sat on a cat and more words"};
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < texts.length; r++) {
            rows.add(RowFactory.create(r + 1L, texts[r]));
        }
        rows.add(RowFactory.create(99L, null));
        Path input = writeRows(tmp.resolve("texts"), schema, rows);
        Path tokenizer = tokenizerJson(tmp.resolve("tokenizer"));
        Path output = tmp.resolve("out-texts");
        Audits.run(List.of("input.path=" + input, "input.id-columns=[id]",
                "input.tensors=[{name = input_ids, text = ids, type = int64},"
                        + " {name = attention_mask, text = mask, type = int64, mask-for = input_ids}]",
                "input.text.column=review", "input.text.tokenizer=" + tokenizer, "input.text.max-length=7",
                "attribution.layer.reference-id=\"[UNK]\"", "attribution.layer.keep=[\"[CLS]\", \"[SEP]\"]",
                "attribution.target=0", "attribution.batch-rows=3",
                "model.path=" + testModel("layer_bag.pt"), "model.device=cpu", "output.path=" + output));
        Map<Long, Row> out = byId(parquet(output, "attributions"));
        List<String> firstTokens = out.get(1L).getList(out.get(1L).fieldIndex("tokens"));
        assertEquals(List.of("[CLS]", "the", "cat", "sat", "[SEP]", "[PAD]", "[PAD]"), firstTokens);
        long[][] ids = {{2, 4, 5, 6, 3, 0, 0}, {2, 9, 5, 7, 4, 8, 3}, {2, 5, 3, 0, 0, 0, 0}, {2, 4, 8, 6, 7, 9, 3}};
        long[][] masks = {{1, 1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1}};
        for (int r = 0; r < texts.length; r++) {
            float[] actual = attributions(out.get(r + 1L));
            assertClose(bagAttribution(ids[r], masks[r], 1, List.of(0L, 2L, 3L), 0), actual, "text " + (r + 1));
            assertEquals(0f, actual[0], "[CLS] keeps its place: exactly 0");
        }
        assertEquals(0f, attributions(out.get(3L))[6], "padding gets exactly 0");
        List<Row> rejected = parquet(output, "rejected");
        assertEquals(1, rejected.size(), "the row without text is quarantined");
        assertEquals("null text in column 'review'", rejected.get(0).getAs("reason"));
    }

    @Test
    void aJsonLineInAnotherCharacterSetIsQuarantinedAsSuch() throws Exception {
        Path input = tmp.resolve("latin1-lines.json");
        Files.write(input, ("{\"id\": 1, \"review\": \"the cat sat\"}\n{\"id\": 2, \"review\": \"caf\u00e9 au lait\"}\n"
                + "{\"id\": 3, \"review\": \"a mat\"}\n{\"id\": 4, \"review\": \"broken\n").getBytes(StandardCharsets.ISO_8859_1));
        Path output = tmp.resolve("out-latin1");
        Audits.run(List.of("input.path=" + input, "input.format=json", "input.id-columns=[id]",
                "input.tensors=[{name = input_ids, text = ids, type = int64},"
                        + " {name = attention_mask, text = mask, type = int64, mask-for = input_ids}]",
                "input.text.column=review", "input.text.tokenizer=" + tokenizerJson(tmp.resolve("tokenizer-latin1")),
                "input.text.max-length=7", "model.path=" + testModel("layer_bag.pt"), "model.device=cpu", "output.path=" + output));
        assertEquals(2, parquet(output, "attributions").size(), "the two good lines");
        Map<String, String> reasons = new java.util.TreeMap<>();
        for (Row row : parquet(output, "rejected")) {
            reasons.put(row.getAs("_corrupt_record"), row.getAs("reason"));
        }
        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.values().contains("line is not valid UTF-8 (set input.encoding to the file's character set) nor JSON"),
                reasons.toString());
        assertTrue(reasons.values().contains("line is not valid JSON"), reasons.toString());
    }

    @Test
    void aFloatBaselineOutsideTheDataIsSaidInTheLogRunJsonAndTheReport() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.LongType)
                .add("b", DataTypes.LongType).add("c", DataTypes.LongType).add("x", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        Path input = writeRows(tmp.resolve("mixed-range"), schema, List.of(RowFactory.create(1L, 1L, 4L, 2L, 0.5, -1.0),
                RowFactory.create(2L, 3L, 0L, 1L, 2.0, 0.25), RowFactory.create(3L, 2L, 2L, 0L, -0.75, 1.5)));
        List<String> settings = List.of("input.path=" + input, "input.id-columns=[id]",
                "input.tensors=[{name = codes, columns = [a, b, c], type = int64}, {name = numbers, columns = [x, y], type = float32}]",
                "attribution.layer.features-from=[codes, numbers]", "model.path=" + testModel("layer_mixed.pt"), "model.device=cpu");
        Path outside = tmp.resolve("out-outside");
        Audits.run(Audits.with(settings, "attribution.baseline=[5, 0]", "output.path=" + outside));
        String warning = Audits.runJson(outside).at("/attribution/baseline_warning").asText();
        assertTrue(warning.contains("x 5 (the data -0.75 to 2)") && !warning.contains("y "), warning);
        assertTrue(Files.readString(outside.resolve("report.html")).contains("Baseline: the baseline lies outside"), "in the report");
        Path inside = tmp.resolve("out-inside");
        Audits.run(Audits.with(settings, "attribution.baseline=[0.5, 0.25]", "output.path=" + inside));
        assertEquals("", Audits.runJson(inside).at("/attribution/baseline_warning").asText());
    }

    @Test
    void categoricalCodesBesideNumericColumnsMatchTheEngine() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.IntegerType)
                .add("b", DataTypes.IntegerType).add("c", DataTypes.LongType).add("x", DataTypes.DoubleType)
                .add("y", DataTypes.FloatType);
        long[][] codes = {{1, 4, 2}, {3, 0, 1}, {2, 2, 0}, {0, 3, 2}};
        float[][] numbers = {{0.5f, -1f}, {2f, 0.25f}, {-0.75f, 1.5f}, {1f, 1f}};
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < codes.length; r++) {
            rows.add(RowFactory.create(r + 1L, (int) codes[r][0], (int) codes[r][1], codes[r][2], (double) numbers[r][0],
                    numbers[r][1]));
        }
        Path input = writeRows(tmp.resolve("mixed"), schema, rows);
        Path output = tmp.resolve("out-mixed");
        Audits.run(List.of("input.path=" + input, "input.id-columns=[id]",
                "input.tensors=[{name = codes, columns = [a, b, c], type = int64}, {name = numbers, columns = [x, y], type = float32}]",
                "attribution.layer.features-from=[codes, numbers]", "attribution.layer.reference-categories.b=1",
                "attribution.baseline=[0.5, 0.5]", "attribution.target=all", "output.feature-columns=true",
                "model.path=" + testModel("layer_mixed.pt"), "model.device=cpu", "output.path=" + output));
        List<Row> written = parquet(output, "attributions");
        assertEquals(codes.length * 3, written.size(), "one output row per input row and target");
        long[] flatCodes = Arrays.stream(codes).flatMapToLong(Arrays::stream).toArray();
        float[] flatNumbers = new float[numbers.length * 2];
        for (int r = 0; r < numbers.length; r++) {
            System.arraycopy(numbers[r], 0, flatNumbers, 2 * r, 2);
        }
        InputBatch batch = InputBatch.of(InputTensor.ofLongs("codes", flatCodes, codes.length, 3),
                InputTensor.ofFloats("numbers", flatNumbers, numbers.length, 2));
        InputBaselines baselines = new InputBaselines(Map.of(
                "codes", new TensorBaseline.ReferenceCategories(new long[] {0, 1, 0}),
                "numbers", new TensorBaseline.Floats(new io.igaudit.ig.FixedBaselines(new float[] {0.5f, 0.5f}, 1, new int[] {2}, "values"))));
        LayerExplainer engine = new LayerExplainer(ModelCache.get(Path.of(testModel("layer_mixed.pt")), DeviceChoice.CPU).layerPath(),
                Defaults.integration(), baselines);
        AdaptiveAttributions expected = engine.explain(batch, new TargetRule.Several(new int[] {0, 1, 2}));
        Attributions reference = expected.attributions();
        for (Row row : written) {
            long id = ((Number) row.getAs("id")).longValue();
            int target = ((Number) row.getAs("target")).intValue();
            float[] want = reference.row((int) (id - 1) * 3 + target);
            float[] got = attributions(row);
            assertEquals(5, got.length, "3 code columns and 2 numeric columns");
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5 * Math.abs(want[i]) + 1e-7, "id " + id + " target " + target + " feature " + i);
            }
            assertEquals(got[0], number(row, "attr_a"), 0.0, "feature columns are named after the input columns");
            assertEquals(got[4], number(row, "attr_y"), 0.0);
            assertTrue(Math.abs(number(row, "delta")) < 0.05, "delta " + number(row, "delta"));
        }
        assertArrayEquals(new String[] {"a", "b", "c", "x", "y"}, jsonStrings(Audits.runJson(output).path("input").path("features")),
                "run.json names the attributed features after the input columns");
    }

    private static String[] jsonStrings(com.fasterxml.jackson.databind.JsonNode array) {
        String[] values = new String[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asText();
        }
        return values;
    }
}
