package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.assertFeatureStats;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.TargetRule;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the wine sample with {@code attribution.target = column:label}: each row explains
 * the output its label names (three classes), with 3 partitions asked for.
 */
class TargetColumnAuditTest {

    private static final int FEATURES = 13;

    @TempDir
    static Path tmp;

    private static Path output;
    private static List<String> features;
    private static double[][] table;
    private static List<Row> rows;
    private static JsonNode report;

    @BeforeAll
    static void audit() throws Exception {
        Path csv = Samples.file("wine.csv");
        features = Audits.csvHeader(csv).subList(1, 1 + FEATURES);
        table = Samples.readNumericCsv(csv);
        output = tmp.resolve("wine");
        Audits.run(List.of(
                "input.path=" + sample("wine.csv"),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=" + Audits.list(features),
                "model.path=" + sample("wine_mlp.pt"),
                "model.device=cpu",
                "attribution.target=column:label",
                "attribution.partitions=3",
                "output.path=" + output));
        rows = parquet(output, "attributions");
        report = Audits.runJson(output);
    }

    @Test
    void eachRowExplainsTheOutputItsLabelNames() {
        Map<Long, Row> byId = byId(rows);
        assertEquals(table.length, byId.size());
        int[] seen = new int[3];
        for (double[] row : table) {
            int label = (int) row[1 + FEATURES];
            assertEquals(label, ((Number) byId.get((long) row[0]).getAs("target")).intValue(), "id " + (long) row[0]);
            seen[label]++;
        }
        assertTrue(seen[0] > 0 && seen[1] > 0 && seen[2] > 0, "all three classes occur");
    }

    @Test
    void attributionsEqualTheEnginesWithPerRowTargets() {
        long[] ids = new long[table.length];
        int[] labels = new int[table.length];
        for (int r = 0; r < table.length; r++) {
            ids[r] = (long) table[r][0];
            labels[r] = (int) table[r][1 + FEATURES];
        }
        float[] inputs = Samples.columns(table, table.length, 1, 1 + FEATURES);
        Attributions reference = Audits.engine(sample("wine_mlp.pt"), inputs, table.length, new float[FEATURES], 1,
                new TargetRule.PerRow(labels), Defaults.integration());
        Audits.assertMatchesEngine(byId(rows), ids, reference);
    }

    @Test
    void statisticsHaveOnlyAllRowsGroupsForAColumnTarget() {
        List<Row> stats = parquet(output, "feature_stats");
        assertTrue(stats.stream().allMatch(r -> r.isNullAt(r.fieldIndex("target"))), "no per-class rows");
        assertFeatureStats(rows, stats, features, false);
    }

    @Test
    void runJsonReportsTheTargetColumnAndThreePartitions() {
        assertEquals("column:label", report.at("/attribution/target").asText());
        assertEquals(3, report.at("/model/output_width").asInt());
        assertEquals(178, report.at("/counts/attributed_rows").asLong());
        int tasks = 0;
        for (JsonNode executor : report.path("executors")) {
            tasks += executor.path("tasks").asInt();
        }
        assertEquals(3, tasks, "attribution.partitions = 3: " + report.path("executors"));
    }
}
