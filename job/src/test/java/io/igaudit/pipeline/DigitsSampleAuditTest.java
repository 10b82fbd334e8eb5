package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.chartMarks;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image rows end to end: conf/sample-digits.conf (an array column of 64 pixels reshaped to
 * [1, 8, 8] for a small CNN, target = predicted, black baseline) on the first 200 rows of the
 * digits sample, checked against IG's axioms, the rows' labels and IG computed in PyTorch.
 */
class DigitsSampleAuditTest {

    private static final int ROWS = 200;
    private static final int PIXELS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path output;
    private static Map<Long, Row> rows;
    private static Map<Long, float[]> pixels;
    private static Map<Long, Integer> labels;

    @BeforeAll
    static void audit() throws Exception {
        Path input = tmp.resolve("digits.json");
        pixels = new HashMap<>();
        labels = new HashMap<>();
        try (Stream<String> lines = Files.lines(Samples.file("digits.json"))) {
            List<String> first = lines.limit(ROWS).toList();
            Files.write(input, first);
            for (String line : first) {
                JsonNode row = JSON.readTree(line);
                pixels.put(row.get("id").asLong(), Audits.floats(row.get("pixels")));
                labels.put(row.get("id").asLong(), row.get("label").asInt());
            }
        }
        output = tmp.resolve("out");
        Path conf = Samples.root().resolveSibling("conf").resolve("sample-digits.conf");
        AuditPipeline.run(Audits.spark(), ConfigLoader.load(Optional.of(conf), List.of(
                "input.path=" + input.toAbsolutePath(),
                "model.path=" + sample("digits_cnn.pt"),
                "model.device=cpu",
                "output.path=" + output.toAbsolutePath())));
        rows = byId(parquet(output, "attributions"));
    }

    @Test
    void everyRowIsAttributedWithTheImageShape() throws Exception {
        assertEquals(ROWS, rows.size());
        JsonNode report = Audits.runJson(output);
        assertEquals("[1,8,8]", report.at("/input/row_shape").toString());
        assertEquals(PIXELS, report.at("/input/features").size());
        rows.values().forEach(row -> assertEquals(PIXELS, attributions(row).length));
    }

    @Test
    void attributionsAddUpToTheOutputChange() {
        int close = 0;
        for (Row row : rows.values()) {
            double sum = 0;
            for (float a : attributions(row)) {
                sum += a;
            }
            double change = number(row, "prediction") - number(row, "baseline_prediction");
            assertEquals(sum - change, number(row, "delta"), 1e-4 * Math.max(1, Math.abs(change)), "delta is Σa − (F(x) − F(x′))");
            close += Math.abs(sum - change) <= 0.01 * Math.abs(change) ? 1 : 0;
        }
        assertTrue(close >= 0.95 * ROWS, "completeness within 1 % of F(x) − F(x′) at 50 steps: " + close + " of " + ROWS);
    }

    @Test
    void blackPixelsGetNoAttributionAgainstABlackBaseline() {
        rows.forEach((id, row) -> {
            float[] a = attributions(row);
            float[] x = pixels.get(id);
            for (int i = 0; i < PIXELS; i++) {
                if (x[i] == 0) {
                    assertEquals(0f, a[i], 0f, "row " + id + " pixel " + i + ": x − x′ = 0");
                }
            }
        });
    }

    @Test
    void theModelPredictsTheLabels() {
        long right = rows.entrySet().stream().filter(e -> e.getValue().<Integer>getAs("target").equals(labels.get(e.getKey())))
                .count();
        assertTrue(right >= 0.95 * ROWS, "predicted target = label for " + right + " of " + ROWS);
    }

    @Test
    void matchesIgComputedInPyTorchWithCaptumsFormulas() {
        double[][] reference = Samples.readNumericCsv(Samples.file("reference/digits_gausslegendre_50.csv"));
        for (double[] ref : reference) {
            Row row = rows.get((long) ref[0]);
            assertEquals((int) ref[1], row.<Integer>getAs("target"), "target of row " + (long) ref[0]);
            assertEquals(ref[2], number(row, "prediction"), 1e-4 * Math.max(1, Math.abs(ref[2])));
            assertEquals(ref[3], number(row, "baseline_prediction"), 1e-4 * Math.max(1, Math.abs(ref[3])));
            double scale = 1;
            for (int i = 0; i < PIXELS; i++) {
                scale = Math.max(scale, Math.abs(ref[5 + i]));
            }
            float[] a = attributions(row);
            for (int i = 0; i < PIXELS; i++) {
                assertEquals(ref[5 + i], a[i], 2e-5 * scale, "attribution " + i + " of row " + (long) ref[0]);
            }
        }
    }

    @Test
    void reportDrawsAttributionMapsForEveryPredictedDigit() throws Exception {
        String html = Files.readString(output.resolve("report.html"));
        assertTrue(html.contains("<section id=\"images\">"));
        assertEquals(PIXELS, chartMarks(html, "image-mean"));
        Set<String> targets = new HashSet<>();
        Matcher caption = Pattern.compile("</strong> · target (\\d+) · F\\(x\\)").matcher(html);
        List<String> shown = new ArrayList<>();
        while (caption.find()) {
            shown.add(caption.group(1));
            targets.add(caption.group(1));
        }
        assertEquals(12, shown.size(), "12 sampled rows");
        assertEquals(10, targets.size(), "one row of each predicted digit before any twice: " + shown);
        for (int r = 0; r < shown.size(); r++) {
            assertEquals(PIXELS, chartMarks(html, "image-row-" + r + "-attribution"));
        }
        for (String digit : targets) {
            assertEquals(PIXELS, chartMarks(html, "image-mean-class-" + digit));
        }
    }

    @Test
    void attributionValuesAreWrittenWithoutDictionary() throws Exception {
        // Black pixels get exactly 0: with this test's 200 rows per run Parquet's default would
        // dictionary-encode these values (checked by removing the options).
        Audits.assertAttributionValuesWrittenPlain(output);
    }
}
