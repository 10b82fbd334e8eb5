package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.testModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.config.ConfigException;
import io.igaudit.config.HistoryLocation;
import io.igaudit.history.HistoryTable;
import io.igaudit.history.RunRecord;
import io.igaudit.history.ThresholdResult;
import io.igaudit.stats.SliceSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slices (audit.slices) of linear4 (zeros baseline: attribution i is exactly wᵢ·xᵢ) over 150 rows in
 * three regions and an age condition. The second week is the first with d ten times larger in
 * region apac only: the reasons move in that slice alone, and the per-slice checks say so.
 */
class SlicedAuditTest {

    private static final double[] WEIGHTS = {1, -2, 3, 0.5};
    private static final String[] REGIONS = {"eu", "us", "apac"};
    private static final int ROWS = 150;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static double[][] week1;
    private static double[][] week2;
    private static RunSummary first;
    private static RunSummary second;

    private static String region(int row) {
        return REGIONS[row % 3];
    }

    private static int age(int row) {
        return 20 + (row * 7) % 60;
    }

    private static double[][] rows(double apacScale) {
        double[][] rows = new double[ROWS][4];
        for (int r = 0; r < ROWS; r++) {
            for (int i = 0; i < 4; i++) {
                rows[r][i] = 0.5 + ((r * (i + 3) * 37) % 100) / 100.0;
            }
            if (region(r).equals("apac")) {
                rows[r][3] *= apacScale;
            }
        }
        return rows;
    }

    private static Path csv(String name, double[][] rows) {
        List<String> lines = new ArrayList<>(List.of("id,region,age,a,b,c,d"));
        for (int r = 0; r < rows.length; r++) {
            lines.add(r + "," + region(r) + "," + age(r) + "," + rows[r][0] + "," + rows[r][1] + "," + rows[r][2] + "," + rows[r][3]);
        }
        return Audits.write(tmp.resolve(name), lines.toArray(String[]::new));
    }

    private static List<String> settings(Path input, Path output, String... more) {
        return Audits.with(List.of(
                "input.path=" + input.toAbsolutePath(),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.path=" + output,
                "audit.history-path=" + tmp.resolve("history"),
                "audit.compare-with=previous",
                "audit.top-k=2",
                "audit.slices=[region, \"age >= 60\"]",
                "audit.slice-min-rows=20",
                "audit.fail-on.ndcg-below=0.9",
                "audit.fail-on.mean-abs-change-above=0.5"), more);
    }

    @BeforeAll
    static void twoWeeks() throws Exception {
        week1 = rows(1);
        week2 = rows(10);
        first = Audits.run(settings(csv("week1.csv", week1), tmp.resolve("week1")));
        second = Audits.run(settings(csv("week2.csv", week2), tmp.resolve("week2")));
    }

    private static double meanAbs(double[][] rows, int feature, IntPredicate inSlice) {
        double sum = 0;
        int n = 0;
        for (int r = 0; r < rows.length; r++) {
            if (inSlice.test(r)) {
                sum += Math.abs(WEIGHTS[feature] * rows[r][feature]);
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void sliceStatsHoldEverySlicesMeanAttributionsInClosedForm() {
        List<Row> rows = Audits.spark().read().parquet(tmp.resolve("week1/slice_stats").toString())
                .select("slice", "feature", "index", "count", "mean_abs", "rank").collectAsList();
        Map<String, IntPredicate> slices = new HashMap<>();
        for (String region : REGIONS) {
            slices.put("region=" + region, r -> region(r).equals(region));
        }
        slices.put("age >= 60", r -> age(r) >= 60);
        assertEquals(slices.size() * 4, rows.size(), "one row per slice and feature: " + rows);
        for (Row row : rows) {
            IntPredicate inSlice = slices.get(row.getString(0));
            long count = java.util.stream.IntStream.range(0, ROWS).filter(inSlice).count();
            assertEquals(count, row.getLong(3), row.toString());
            assertEquals(meanAbs(week1, row.getInt(2), inSlice), row.getDouble(4), 1e-5, row.toString());
        }
    }

    @Test
    void theReasonsMovedInOneSliceOnlyAndTheChecksNameIt() throws Exception {
        List<ThresholdResult> failedInSlices = second.thresholds().stream().filter(t -> !t.slice().isEmpty() && t.failed()).toList();
        assertFalse(failedInSlices.isEmpty(), "the apac slice fails: " + second.thresholds());
        // The age condition holds for some apac rows, so it may move too; the other regions may not.
        assertTrue(failedInSlices.stream().allMatch(t -> t.slice().equals("region=apac") || t.slice().equals("age >= 60")),
                failedInSlices.toString());
        ThresholdResult change = failedInSlices.stream().filter(t -> t.key().equals("mean-abs-change-above")).findFirst().orElseThrow();
        assertEquals("d", change.subject());
        double before = meanAbs(week1, 3, r -> region(r).equals("apac"));
        double now = meanAbs(week2, 3, r -> region(r).equals("apac"));
        assertEquals((now - before) / before, change.actual(), 1e-4, "d's mean |attribution| in apac: +900 %");
        // The slices whose rows did not change pass every check.
        for (String region : List.of("region=eu", "region=us")) {
            List<ThresholdResult> checks = second.thresholds().stream().filter(t -> t.slice().equals(region)).toList();
            assertEquals(2, checks.size(), "ndcg and mean-abs-change in " + region + ": " + checks);
            assertTrue(checks.stream().noneMatch(ThresholdResult::failed), checks.toString());
        }
        JsonNode violations = JSON.readTree(tmp.resolve("week2/violations.json").toFile()).path("violations");
        boolean named = false;
        for (JsonNode v : violations) {
            named |= v.path("slice").asText().equals("region=apac") && v.path("metric").asText().equals("mean-abs-change-above")
                    && v.path("subject").asText().equals("d");
        }
        assertTrue(named, "violations.json names the slice: " + violations);
    }

    @Test
    void runJsonAndTheHistoryKeepTheSlices() throws Exception {
        JsonNode slices = Audits.runJson(tmp.resolve("week2")).path("slices");
        assertEquals(4, slices.size(), slices.toString());
        JsonNode apac = null;
        for (JsonNode s : slices) {
            if (s.path("slice").asText().equals("region=apac")) {
                apac = s;
            }
        }
        assertEquals(50, apac.path("rows").asLong());
        assertEquals(50, apac.path("rows_before").asLong());
        assertEquals("d", apac.path("top_features").get(0).asText(), "d leads in apac now: " + apac);
        assertTrue(apac.path("ndcg").asDouble() < 0.9, apac.toString());
        List<RunRecord> runs = new HistoryTable(Audits.spark(), new HistoryLocation.Folder(tmp.resolve("history").toString())).all();
        SliceSummary kept = runs.get(1).slices().stream().filter(s -> s.slice().equals("region=apac")).findFirst().orElseThrow();
        assertEquals(50, kept.rows());
        assertEquals("d", kept.features().get(0).feature());
        assertEquals(meanAbs(week2, 3, r -> region(r).equals("apac")), kept.features().get(0).meanAbs(), 1e-5);
        assertTrue(runs.get(1).violations().stream().anyMatch(v -> "region=apac".equals(v.slice())));
    }

    @Test
    void theReportHasASliceTable() throws Exception {
        String html = Files.readString(tmp.resolve("week2/report.html"));
        assertTrue(html.contains("id=\"slices\""), "a slice section");
        assertTrue(html.contains("region=apac"), "names the slice");
    }

    @Test
    void badSlicesStopTheRunBeforeAnyWork() throws Exception {
        Path input = tmp.resolve("week1.csv");
        ConfigException missing = Audits.rejected(tmp.resolve("bad1"),
                settings(input, tmp.resolve("bad1"), "audit.slices=[regoin]"));
        assertTrue(missing.getMessage().contains("regoin") && missing.getMessage().contains("did you mean 'region'"),
                missing.getMessage());
        ConfigException unparsed = Audits.rejected(tmp.resolve("bad2"),
                settings(input, tmp.resolve("bad2"), "audit.slices=[\"age >>= 60\"]"));
        assertTrue(unparsed.getMessage().contains("does not parse"), unparsed.getMessage());
        ConfigException tooMany = Audits.rejected(tmp.resolve("bad3"),
                settings(input, tmp.resolve("bad3"), "audit.slices=[age]", "audit.slice-max-distinct=20"));
        assertTrue(tooMany.getMessage().contains("distinct values") && tooMany.getMessage().contains("audit.slice-max-distinct"),
                tooMany.getMessage());
    }
}
