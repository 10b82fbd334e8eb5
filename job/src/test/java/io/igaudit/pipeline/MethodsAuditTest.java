package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.LINEAR4_WEIGHTS;
import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.number;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.sample;
import static io.igaudit.pipeline.Audits.testModel;
import static io.igaudit.pipeline.Audits.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.config.ConfigException;
import io.igaudit.testing.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The methods beyond plain IG end to end: Expected Gradients, the noise tunnel, several targets
 * per row, and that seeded results do not depend on partitioning.
 */
class MethodsAuditTest {

    private static final int WINE_FEATURES = 13;
    /** Inputs of the linear model, one row each; the last column is the id. */
    private static final float[][] LINEAR_ROWS = {
        {1f, 2f, 3f, 4f},
        {-1f, 0.5f, 0f, 2f},
        {10f, -20f, 30f, -40f},
    };
    private static final float[] BACKGROUND = {0.5f, -1f, 2f, 1f};

    @TempDir
    static Path tmp;

    private static Path linearCsv;
    private static List<String> wine;

    @BeforeAll
    static void inputs() {
        List<String> lines = new ArrayList<>(List.of("id,x0,x1,x2,x3"));
        for (int r = 0; r < LINEAR_ROWS.length; r++) {
            lines.add(r + "," + join(LINEAR_ROWS[r]));
        }
        linearCsv = Audits.write(tmp.resolve("linear.csv"), lines.toArray(String[]::new));
        Path csv = Samples.file("wine.csv");
        wine = List.of(
                "input.path=" + sample("wine.csv"),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=" + Audits.list(Audits.csvHeader(csv).subList(1, 1 + WINE_FEATURES)),
                "model.path=" + sample("wine_mlp.pt"),
                "model.device=cpu");
    }

    private static List<String> linear(String output, String... more) {
        return with(List.of(
                "input.path=" + linearCsv,
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=[x0, x1, x2, x3]",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.path=" + tmp.resolve(output)), more);
    }

    @Test
    void expectedGradientsOfALinearModelAreWeightTimesDistanceFromTheReference() throws Exception {
        // Two identical reference rows: every draw is the same reference, so EG is exact.
        Path background = Audits.write(tmp.resolve("background.csv"), "x0,x1,x2,x3", join(BACKGROUND), join(BACKGROUND));
        Audits.run(linear("eg-linear", "attribution.method=expected_gradients", "attribution.samples=7",
                "attribution.background-path=" + background));
        Map<Long, Row> rows = byId(parquet(tmp.resolve("eg-linear"), "attributions"));
        for (int r = 0; r < LINEAR_ROWS.length; r++) {
            Row row = rows.get((long) r);
            float[] a = attributions(row);
            for (int i = 0; i < 4; i++) {
                double expected = LINEAR4_WEIGHTS[i] * ((double) LINEAR_ROWS[r][i] - BACKGROUND[i]);
                assertEquals(expected, a[i], 1e-5 * Math.max(1, Math.abs(expected)), "row " + r + " feature " + i);
            }
            assertEquals(Audits.linear4(BACKGROUND), number(row, "baseline_prediction"), 1e-5);
            assertEquals(0, number(row, "delta"), 1e-4);
            assertEquals(7, ((Number) row.getAs("steps")).intValue());
        }
        JsonNode attribution = Audits.runJson(tmp.resolve("eg-linear")).path("attribution");
        assertEquals("expected_gradients", attribution.path("method").asText());
        assertEquals(2, attribution.path("background").path("rows").asInt());
        String report = java.nio.file.Files.readString(tmp.resolve("eg-linear").resolve("report.html"));
        assertTrue(report.contains("delta measures sampling noise"), "the report says what delta means for EG");
    }

    @Test
    void expectedGradientsDoNotDependOnPartitioningAndFollowTheSeed() throws Exception {
        List<String> eg = with(wine, "attribution.method=expected_gradients", "attribution.samples=8",
                "attribution.background-rows=40", "attribution.target=predicted");
        Audits.run(with(eg, "attribution.seed=7", "attribution.partitions=1", "attribution.batch-rows=256",
                "output.path=" + tmp.resolve("eg-one")));
        Audits.run(with(eg, "attribution.seed=7", "attribution.partitions=3", "attribution.batch-rows=7",
                "output.path=" + tmp.resolve("eg-three")));
        Audits.run(with(eg, "attribution.seed=8", "attribution.partitions=1",
                "output.path=" + tmp.resolve("eg-other-seed")));
        Map<Long, Row> one = byId(parquet(tmp.resolve("eg-one"), "attributions"));
        Map<Long, Row> three = byId(parquet(tmp.resolve("eg-three"), "attributions"));
        Map<Long, Row> otherSeed = byId(parquet(tmp.resolve("eg-other-seed"), "attributions"));
        assertEquals(one.keySet(), three.keySet());
        // The draws are the same; the model's batched arithmetic may round the last bit differently
        // for other batch sizes, so the results agree to float precision, not bit for bit.
        int differentUnderOtherSeed = 0;
        for (long id : one.keySet()) {
            float[] expected = attributions(one.get(id));
            float[] actual = attributions(three.get(id));
            float[] reseeded = attributions(otherSeed.get(id));
            double scale = 0;
            for (float value : expected) {
                scale = Math.max(scale, Math.abs(value));
            }
            double largestChange = 0;
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6 * Math.max(1e-3, scale), "row " + id + " feature " + i);
                largestChange = Math.max(largestChange, Math.abs(expected[i] - reseeded[i]));
            }
            if (largestChange > 1e-3 * scale) {
                differentUnderOtherSeed++;
            }
        }
        assertTrue(differentUnderOtherSeed > one.size() / 2, differentUnderOtherSeed + " of " + one.size()
                + " rows changed with the seed");
    }

    @Test
    void smoothGradOfTheGradientOfALinearModelIsItsWeightsAndVarGradIsZero() throws Exception {
        List<String> noisy = List.of("attribution.multiply-by-inputs=false", "attribution.noise.samples=6",
                "attribution.noise.stdev=0.5", "attribution.steps=8");
        Audits.run(linear("smoothgrad", with(noisy, "attribution.noise.type=smoothgrad").toArray(String[]::new)));
        Audits.run(linear("vargrad", with(noisy, "attribution.noise.type=vargrad").toArray(String[]::new)));
        for (Row row : parquet(tmp.resolve("smoothgrad"), "attributions")) {
            float[] a = attributions(row);
            for (int i = 0; i < 4; i++) {
                assertEquals(LINEAR4_WEIGHTS[i], a[i], 1e-5, "smoothgrad feature " + i);
            }
        }
        for (Row row : parquet(tmp.resolve("vargrad"), "attributions")) {
            for (float value : attributions(row)) {
                assertEquals(0, value, 1e-5);
            }
        }
        assertEquals("smoothgrad",
                Audits.runJson(tmp.resolve("smoothgrad")).path("attribution").path("noise").path("type").asText());
        assertFalse(java.nio.file.Files.readString(tmp.resolve("smoothgrad").resolve("report.html"))
                .contains("sampling noise"), "IG's delta is quadrature error");
    }

    @Test
    void severalTargetsGiveOneRowPerTargetEqualToSingleTargetRuns() throws Exception {
        Audits.run(with(wine, "attribution.target=[0, 2]", "output.path=" + tmp.resolve("targets-0-2")));
        Audits.run(with(wine, "attribution.target=2", "output.path=" + tmp.resolve("target-2")));
        List<Row> several = parquet(tmp.resolve("targets-0-2"), "attributions");
        Map<Long, Row> single = byId(parquet(tmp.resolve("target-2"), "attributions"));
        assertEquals(2 * single.size(), several.size());
        Map<Long, List<Integer>> targetsById = new TreeMap<>();
        for (Row row : several) {
            long id = ((Number) row.getAs("id")).longValue();
            int target = row.getAs("target");
            targetsById.computeIfAbsent(id, k -> new ArrayList<>()).add(target);
            if (target == 2) {
                float[] expected = attributions(single.get(id));
                float[] actual = attributions(row);
                for (int i = 0; i < WINE_FEATURES; i++) {
                    assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "row " + id + " feature " + i);
                }
                assertEquals(number(single.get(id), "prediction"), number(row, "prediction"), 1e-6);
            }
        }
        for (List<Integer> targets : targetsById.values()) {
            targets.sort(null);
            assertEquals(List.of(0, 2), targets);
        }
        JsonNode report = Audits.runJson(tmp.resolve("targets-0-2"));
        assertEquals(single.size(), report.path("counts").path("attributed_rows").asLong());
        assertEquals(2, report.path("attribution").path("targets_per_row").asInt());
    }

    @Test
    void allTargetsExplainEveryOutputWithStatisticsPerOutput() throws Exception {
        Audits.run(with(wine, "attribution.target=all", "output.path=" + tmp.resolve("all")));
        List<Row> rows = parquet(tmp.resolve("all"), "attributions");
        long inputRows = Audits.runJson(tmp.resolve("all")).path("counts").path("input_rows").asLong();
        assertEquals(3 * inputRows, rows.size());
        List<Row> stats = parquet(tmp.resolve("all"), "feature_stats");
        long perTarget = stats.stream().filter(r -> !r.isNullAt(r.fieldIndex("target"))).count();
        assertEquals(3 * WINE_FEATURES, perTarget, "one statistics row per feature and output");
    }

    @Test
    void badSettingsOfTheNewMethodsAreRejectedBeforeAnythingIsWritten() throws Exception {
        ConfigException blurOnFlatRows = Audits.rejected(tmp.resolve("blur-flat"),
                linear("blur-flat", "attribution.baseline=blur"));
        assertTrue(blurOnFlatRows.getMessage().contains("input.shape"), blurOnFlatRows.getMessage());
        ConfigException targetTooLarge = Audits.rejected(tmp.resolve("target-3"),
                with(wine, "attribution.target=[1, 3]", "output.path=" + tmp.resolve("target-3")));
        assertTrue(targetTooLarge.getMessage().contains("output 3"), targetTooLarge.getMessage());
        ConfigException missingBackground = Audits.rejected(tmp.resolve("eg-missing"),
                linear("eg-missing", "attribution.method=expected_gradients",
                        "attribution.background-path=" + tmp.resolve("no-such-background.csv")));
        assertTrue(missingBackground.getMessage().contains("attribution.background-path"), missingBackground.getMessage());
        assertFalse(java.nio.file.Files.exists(tmp.resolve("eg-missing")));
    }

    private static String join(float[] values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            line.append(i == 0 ? "" : ",").append(values[i]);
        }
        return line.toString();
    }
}
