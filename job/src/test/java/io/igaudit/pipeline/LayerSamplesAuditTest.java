package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.number;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.config.ConfigLoader;
import io.igaudit.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two layer samples end to end, as their configuration files run them, on the rows of their
 * PyTorch references (64 rows each, computed with Captum's layer IG formulas by
 * scripts/make-sample-models.py): conf/sample-text.conf tokenizes raw Reuters articles on the
 * executors, conf/sample-credit.conf feeds category codes and numeric columns. Checked: the
 * attributions, predictions, targets and deltas against the references (1e-4 relative), the
 * completeness of every row, exact zeros at padded and kept positions, and the tokens column.
 */
class LayerSamplesAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    /** A reference file: id → {target, prediction, baseline_prediction, delta, a0, a1, ...}. */
    private static Map<Long, double[]> reference(String name) throws Exception {
        List<String> lines = Files.readAllLines(Samples.file("reference").resolve(name));
        assertTrue(lines.get(0).startsWith("id,target,prediction,baseline_prediction,delta,a0"), "reference header " + lines.get(0));
        Map<Long, double[]> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",");
            double[] values = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                values[i - 1] = Double.parseDouble(parts[i]);
            }
            rows.put(Long.parseLong(parts[0]), values);
        }
        return rows;
    }

    private static Path conf(String name) {
        return Samples.root().resolveSibling("conf").resolve(name);
    }

    /** Checks every output row against its reference row. */
    private static void assertMatchesReference(Map<Long, Row> out, Map<Long, double[]> reference) {
        assertEquals(reference.keySet(), out.keySet(), "the reference rows, each once");
        for (Map.Entry<Long, double[]> entry : reference.entrySet()) {
            Row row = out.get(entry.getKey());
            double[] want = entry.getValue();
            String where = "id " + entry.getKey();
            float[] got = attributions(row);
            assertEquals(want.length - 4, got.length, where + ": attributions per row");
            double scale = 0;
            for (int i = 4; i < want.length; i++) {
                scale = Math.max(scale, Math.abs(want[i]));
            }
            for (int i = 0; i < got.length; i++) {
                assertEquals(want[i + 4], got[i], TOLERANCE * Math.max(Math.abs(want[i + 4]), scale) + 1e-9,
                        where + ", feature " + i);
            }
            assertEquals((int) want[0], ((Number) row.getAs("target")).intValue(), where + ": target");
            assertEquals(want[1], number(row, "prediction"), TOLERANCE * Math.abs(want[1]) + 1e-6, where + ": prediction");
            assertEquals(want[2], number(row, "baseline_prediction"), TOLERANCE * Math.abs(want[2]) + 1e-6,
                    where + ": baseline_prediction");
            double sum = 0;
            for (float a : got) {
                sum += a;
            }
            double gap = sum - (number(row, "prediction") - number(row, "baseline_prediction"));
            assertEquals(gap, number(row, "delta"), 1e-5, where + ": delta is Σ attributions − (F(x) − F(x'))");
            assertTrue(Math.abs(number(row, "delta")) < 1e-4, where + ": layer IG is complete to 50 Gauss–Legendre steps, delta "
                    + number(row, "delta"));
        }
    }

    @Test
    void textSample() throws Exception {
        Map<Long, double[]> reference = reference("text_layer_gausslegendre_50.csv");
        Path input = tmp.resolve("reuters.json");
        Map<Long, JsonNode> articles = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(Samples.file("text").resolve("reuters_grain.json"))) {
            List<String> chosen = new ArrayList<>();
            for (String line : (Iterable<String>) lines::iterator) {
                JsonNode row = JSON.readTree(line);
                if (reference.containsKey(row.get("id").asLong())) {
                    chosen.add(line);
                    articles.put(row.get("id").asLong(), row);
                }
            }
            Files.write(input, chosen);
        }
        Path output = tmp.resolve("text-out");
        AuditPipeline.run(Audits.spark(), ConfigLoader.load(Optional.of(conf("sample-text.conf")), List.of(
                "input.path=" + input.toAbsolutePath(), "input.text.tokenizer=" + sample("text/tokenizer.json"),
                "model.path=" + sample("text/reuters_grain.pt"), "model.device=cpu", "attribution.batch-rows=32",
                "output.path=" + output.toAbsolutePath())));
        Map<Long, Row> out = byId(parquet(output, "attributions"));
        assertMatchesReference(out, reference);
        Set<String> special = Set.of("[CLS]", "[SEP]", "[PAD]");
        int padded = 0;
        for (Map.Entry<Long, Row> entry : out.entrySet()) {
            Row row = entry.getValue();
            List<String> tokens = row.getList(row.fieldIndex("tokens"));
            float[] a = attributions(row);
            assertEquals(128, tokens.size(), "one token per position");
            assertEquals("[CLS]", tokens.get(0));
            JsonNode article = articles.get(entry.getKey());
            for (int t = 0; t < tokens.size(); t++) {
                boolean masked = article.get("attention_mask").get(t).asLong() == 0;
                if (masked) {
                    assertEquals("[PAD]", tokens.get(t), "id " + entry.getKey() + ": the data's own mask agrees, position " + t);
                    padded++;
                }
                if (special.contains(tokens.get(t))) {
                    assertEquals(0f, a[t], "id " + entry.getKey() + ": " + tokens.get(t) + " at position " + t + " gets exactly 0");
                }
            }
        }
        assertTrue(padded > 0, "some articles are shorter than 128 tokens");
        long unpadded = out.values().stream().filter(row -> !row.getList(row.fieldIndex("tokens")).contains("[PAD]")).count();
        JsonNode text = Audits.runJson(output).get("text");
        assertEquals(out.size(), text.get("texts").asLong(), "every text counted once");
        assertEquals(128, text.get("max_length").asInt());
        assertEquals(0, text.get("empty").asLong());
        assertEquals(0, text.get("without_words").asLong());
        long truncated = text.get("truncated").asLong();
        assertTrue(truncated > 0 && truncated <= unpadded, "cut texts fill all 128 positions: " + truncated + " of " + unpadded);
        assertTrue(Files.readString(output.resolve("report.html")).contains(out.size() + " texts tokenized to 128 tokens: "
                + truncated + " ("), "the report's header says how many were cut");
        List<String> features = parquet(output, "feature_stats").stream().map(r -> (String) r.getAs("feature")).distinct()
                .collect(Collectors.toList());
        assertEquals(128, features.size(), "feature_stats: one feature per position");
        assertTrue(features.contains("input_ids[127]"), "positions named after the ids tensor: " + features.subList(0, 3));
    }

    @Test
    void creditSample() throws Exception {
        Map<Long, double[]> reference = reference("credit_layer_gausslegendre_50.csv");
        Path input = tmp.resolve("credit.csv");
        List<String> lines = Files.readAllLines(Samples.file("credit").resolve("credit.csv"));
        List<String> chosen = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank() && reference.containsKey(Long.parseLong(line.substring(0, line.indexOf(','))))) {
                chosen.add(line);
            }
        }
        Files.write(input, chosen);
        Path output = tmp.resolve("credit-out");
        AuditPipeline.run(Audits.spark(), ConfigLoader.load(Optional.of(conf("sample-credit.conf")), List.of(
                "input.path=" + input.toAbsolutePath(), "model.path=" + sample("credit/credit_model.pt"), "model.device=cpu",
                "input.category-names=" + sample("credit/categories.json"), "output.path=" + output.toAbsolutePath())));
        Map<Long, Row> out = byId(parquet(output, "attributions"));
        assertMatchesReference(out, reference);
        Row first = out.get(0L);
        assertEquals(attributions(first)[2], number(first, "attr_purpose"), 0.0, "feature columns named after the input columns");
        assertEquals(attributions(first)[19], number(first, "attr_num_dependents"), 0.0);
        JsonNode report = Audits.runJson(output);
        assertEquals(20, report.at("/input/features").size(), "13 code columns and 7 numeric columns");
        assertTrue(report.at("/attribution/baseline").asText().contains("reference categories"), report.at("/attribution/baseline").asText());
        assertEquals("[\"good\",\"bad\"]", report.at("/model/class_names").toString(), "the label names of categories.json");
        assertEquals(5, report.get("top_categories").size());
        assertTrue(report.get("top_categories").get(0).asText().contains(" = "), "column = category");
    }
}
