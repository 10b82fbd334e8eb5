package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.AdaptiveIntegratedGradients;
import io.igaudit.ig.AdaptiveSteps;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.TargetRule;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code attribution.steps = auto} end to end on the wine sample: steps per row, equal to the engine's. */
class AdaptiveStepsAuditTest {

    private static final int FEATURES = 13;
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path tmp;

    private static double[][] table;
    private static List<Row> rows;
    private static JsonNode report;

    @BeforeAll
    static void audit() throws Exception {
        Path csv = Samples.file("wine.csv");
        table = Samples.readNumericCsv(csv);
        Path output = tmp.resolve("wine-auto");
        Audits.run(List.of(
                "input.path=" + sample("wine.csv"),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=" + Audits.list(Audits.csvHeader(csv).subList(1, 1 + FEATURES)),
                "model.path=" + sample("wine_mlp.pt"),
                "model.device=cpu",
                "attribution.target=predicted",
                "attribution.steps=auto",
                "attribution.max-steps=64",
                "attribution.delta-tolerance=" + TOLERANCE,
                "output.path=" + output));
        rows = parquet(output, "attributions");
        report = Audits.runJson(output);
    }

    @Test
    void everyRowEqualsTheAdaptiveEngineOnTheSameRow() {
        float[] inputs = Samples.columns(table, table.length, 1, 1 + FEATURES);
        AdaptiveAttributions expected = new AdaptiveIntegratedGradients(
                ModelCache.get(Samples.file("wine_mlp.pt"), DeviceChoice.CPU), Defaults.integration(),
                new AdaptiveSteps(AdaptiveSteps.DEFAULT_INITIAL_STEPS, 64, TOLERANCE))
                .attribute(FeatureBatch.of(inputs, table.length, FEATURES), FeatureBatch.of(new float[FEATURES], 1, FEATURES),
                        new TargetRule.Predicted());
        Map<Long, Row> byId = byId(rows);
        for (int r = 0; r < table.length; r++) {
            Row row = byId.get((long) table[r][0]);
            assertEquals(expected.stepsUsed()[r], (int) row.getAs("steps"), "steps of row " + r);
            assertEquals(expected.converged()[r], row.getAs("delta_ok"), "delta_ok of row " + r);
            float[] actual = Audits.attributions(row);
            for (int i = 0; i < FEATURES; i++) {
                assertEquals(expected.attributions().row(r)[i], actual[i], 1e-5 * (1 + Math.abs(actual[i])), "row " + r + " feature " + i);
            }
        }
    }

    @Test
    void stepCountsArePowersOfTwoFromTheSecondRoundUpToTheMaximum() {
        for (Row row : rows) {
            int steps = row.getAs("steps");
            assertTrue(steps >= 8 && steps <= 64 && Integer.bitCount(steps) == 1, "steps " + steps);
        }
    }

    @Test
    void runJsonGivesTheDistributionOfSteps() {
        JsonNode attribution = report.get("attribution");
        assertEquals("auto", attribution.get("steps").asText());
        JsonNode used = attribution.get("steps_used");
        long total = 0;
        var counts = used.get("rows_by_steps").fields();
        while (counts.hasNext()) {
            total += counts.next().getValue().asLong();
        }
        assertEquals(table.length, total);
        int min = rows.stream().mapToInt(r -> r.getAs("steps")).min().orElseThrow();
        int max = rows.stream().mapToInt(r -> r.getAs("steps")).max().orElseThrow();
        assertEquals(min, used.get("min").asInt());
        assertEquals(max, used.get("max").asInt());
    }
}
