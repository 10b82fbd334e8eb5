package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.testModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.Main;
import io.igaudit.config.ConfigException;
import io.igaudit.config.HistoryLocation;
import io.igaudit.history.HistoryTable;
import io.igaudit.history.RunRecord;
import io.igaudit.history.ThresholdResult;
import java.nio.file.Files;
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
 * Two scheduled runs of linear4 (f = a − 2b + 3c + 0.5d + 0.25, zeros baseline, so attribution i
 * is exactly wᵢ·xᵢ) with a history: the second on data whose d is ten times larger. The drift is
 * known in closed form: d's mean |attribution| grows by 900 % and it moves from rank 4 to rank 1.
 */
class AuditHistoryTest {

    private static final double[] WEIGHTS = {1, -2, 3, 0.5};
    private static final int ROWS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path history;
    private static RunSummary first;
    private static RunSummary second;
    private static Path firstOutput;
    private static Path secondOutput;
    private static double[][] week1;
    private static double[][] week2;

    /** Row r, feature i: 0.5 .. 1.49, spread differently per feature. */
    private static double[][] rows(double dScale) {
        double[][] rows = new double[ROWS][4];
        for (int r = 0; r < ROWS; r++) {
            for (int i = 0; i < 4; i++) {
                rows[r][i] = 0.5 + ((r * (i + 3) * 37) % 100) / 100.0;
            }
            rows[r][3] *= dScale;
        }
        return rows;
    }

    private static Path csv(String name, double[][] rows) {
        List<String> lines = new ArrayList<>(List.of("id,a,b,c,d"));
        for (int r = 0; r < rows.length; r++) {
            lines.add(r + "," + rows[r][0] + "," + rows[r][1] + "," + rows[r][2] + "," + rows[r][3]);
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
                "audit.history-path=" + history,
                "audit.tags.team=risk",
                "audit.compare-with=previous",
                "audit.top-k=2",
                "audit.fail-on.top-k-overlap-below=0.6",
                "audit.fail-on.mean-abs-change-above=0.5",
                "audit.fail-on.psi-above=0.25",
                "audit.fail-on.share-over-tolerance-above=0.01"), more);
    }

    @BeforeAll
    static void twoRuns() throws Exception {
        history = tmp.resolve("history");
        week1 = rows(1);
        week2 = rows(10);
        firstOutput = tmp.resolve("week1");
        secondOutput = tmp.resolve("week2");
        first = Audits.run(settings(csv("week1.csv", week1), firstOutput));
        second = Audits.run(settings(csv("week2.csv", week2), secondOutput));
    }

    private static double meanAbsAttribution(double[][] rows, int feature) {
        double sum = 0;
        for (double[] row : rows) {
            sum += Math.abs(WEIGHTS[feature] * row[feature]);
        }
        return sum / rows.length;
    }

    @Test
    void theFirstRunHasNothingToCompareWithAndPasses() throws Exception {
        assertEquals(java.util.Optional.empty(), first.comparedWith());
        assertEquals(List.of(ThresholdResult.Status.NOT_EVALUATED, ThresholdResult.Status.NOT_EVALUATED,
                ThresholdResult.Status.NOT_EVALUATED, ThresholdResult.Status.PASSED),
                first.thresholds().stream().map(ThresholdResult::status).toList());
        assertEquals(Main.OK, Main.exitCode(first));
        assertFalse(Files.exists(firstOutput.resolve("drift")));
        String html = Files.readString(firstOutput.resolve("report.html"));
        assertTrue(html.contains("nothing to compare with yet"), "the report says so");
        assertTrue(html.contains("1 passed, 3 not evaluated"), "verdict");
        JsonNode violations = JSON.readTree(firstOutput.resolve("violations.json").toFile());
        assertEquals(Audits.runJson(firstOutput).path("run_id").asText(), violations.path("run_id").asText());
        assertEquals(0, violations.path("violations").size(), "written, and empty, when nothing failed: " + violations);
    }

    @Test
    void violationsJsonListsEveryFailedThresholdWithWhatItComparedWith() throws Exception {
        String firstId = Audits.runJson(firstOutput).path("run_id").asText();
        JsonNode list = JSON.readTree(secondOutput.resolve("violations.json").toFile()).path("violations");
        List<String> failed = second.thresholds().stream().filter(ThresholdResult::failed).map(ThresholdResult::key).toList();
        assertEquals(failed.size(), list.size(), "one entry per failed threshold: " + list);
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            ThresholdResult result = second.thresholds().stream().filter(t -> t.key().equals(entry.path("metric").asText()))
                    .findFirst().orElseThrow();
            assertEquals(result.actual(), entry.path("value").asDouble(), 1e-12);
            assertEquals(result.threshold(), entry.path("threshold").asDouble(), 0.0);
            assertEquals("previous", entry.path("comparison").asText());
            assertEquals(firstId, entry.path("compared_with_run_id").asText());
        }
        JsonNode psi = java.util.stream.StreamSupport.stream(list.spliterator(), false)
                .filter(e -> e.path("metric").asText().equals("psi-above")).findFirst().orElseThrow();
        assertEquals("d", psi.path("subject").asText(), "names the feature");
        // The history keeps the same rows beside each run.
        List<RunRecord> runs = new HistoryTable(Audits.spark(), new HistoryLocation.Folder(history.toString())).all();
        assertEquals(List.of(), runs.get(0).violations(), "the first run failed nothing");
        assertEquals(failed, runs.get(1).violations().stream().map(v -> v.metric()).toList());
        io.igaudit.history.Violation kept = runs.get(1).violations().stream().filter(v -> v.metric().equals("psi-above"))
                .findFirst().orElseThrow();
        assertEquals(psi.path("value").asDouble(), kept.value(), 0.0);
        assertEquals("d", kept.subject());
        assertEquals(firstId, kept.comparedWithRunId());
    }

    @Test
    void theSecondRunsInputsAndPredictionsMovedWithItsReasons() throws Exception {
        assertFalse(Audits.runJson(firstOutput).path("audit").has("prediction_psi"), "nothing to compare with");
        double psi = Audits.runJson(secondOutput).path("audit").path("prediction_psi").asDouble(Double.NaN);
        // d ten times larger shifts F(x) = w·x + b far beyond its earlier deciles.
        assertTrue(psi > 0.25, "prediction_psi " + psi);
        // The input values: only d moved (the other features' values are the same rows).
        JsonNode inputs = Audits.runJson(secondOutput).path("audit").path("largest_input_psi");
        assertEquals("d", inputs.path("feature").asText(), inputs.toString());
        assertTrue(inputs.path("psi").asDouble() > 0.25, inputs.toString());
        List<Row> drift = Audits.spark().read().parquet(secondOutput.resolve("drift/features").toString())
                .select("feature", "input_psi").collectAsList();
        for (Row row : drift) {
            if (!row.getString(0).equals("d")) {
                assertTrue(row.getDouble(1) < 0.02, "unchanged inputs of " + row.getString(0) + ": " + row.getDouble(1));
            }
        }
        String html = Files.readString(secondOutput.resolve("report.html"));
        assertTrue(html.contains("the inputs, the predictions and the reasons moved"), "the report says what moved");
    }

    @Test
    void theSecondRunShowsTheDriftAndFailsWithExitCode3() throws Exception {
        JsonNode firstJson = Audits.runJson(firstOutput);
        String firstId = firstJson.path("run_id").asText();
        assertEquals(java.util.Optional.of(firstId), second.comparedWith());
        assertEquals(Main.THRESHOLDS_FAILED, Main.exitCode(second));
        Map<String, ThresholdResult> checks = new TreeMap<>();
        second.thresholds().forEach(c -> checks.put(c.key(), c));
        assertEquals(0.5, checks.get("top-k-overlap-below").actual(), 1e-12, "top 2 was c, b; now d, c");
        assertTrue(checks.get("top-k-overlap-below").failed());
        assertEquals("d", checks.get("mean-abs-change-above").subject());
        assertEquals(9.0, checks.get("mean-abs-change-above").actual(), 1e-5, "ten times larger: +900 %");
        assertTrue(checks.get("psi-above").failed());
        assertEquals("d", checks.get("psi-above").subject());
        assertFalse(checks.get("share-over-tolerance-above").failed(), "IG is exact on a linear model");

        JsonNode audit = Audits.runJson(secondOutput).path("audit");
        assertEquals(firstId, audit.path("compared_with_run_id").asText());
        assertTrue(audit.path("checks_failed").asBoolean());
        assertEquals(0.5, audit.path("top_k_overlap").asDouble(), 1e-12);
        double ndcg = audit.path("ndcg").asDouble(Double.NaN);
        assertTrue(ndcg > 0 && ndcg < 1, "the ranking changed, so its NDCG is below 1: " + audit);
        assertEquals("risk", audit.at("/tags/team").asText());
        assertEquals(firstJson.at("/audit/config_hash").asText(), audit.path("config_hash").asText(),
                "another dataset path, the same configuration hash");
    }

    @Test
    void driftFeaturesMatchTheClosedForm() throws Exception {
        Map<String, Row> drift = new TreeMap<>();
        Audits.parquet(secondOutput, "drift/features").forEach(r -> drift.put(r.getAs("feature"), r));
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(drift.keySet()));
        for (int i = 0; i < 4; i++) {
            Row row = drift.get(List.of("a", "b", "c", "d").get(i));
            double before = meanAbsAttribution(week1, i);
            double now = meanAbsAttribution(week2, i);
            assertEquals(before, Audits.number(row, "mean_abs_before"), 1e-6 * before);
            assertEquals(now, Audits.number(row, "mean_abs_now"), 1e-6 * now);
            assertEquals((now - before) / before, Audits.number(row, "relative_change"), 1e-5);
        }
        Row d = drift.get("d");
        assertEquals(4, (int) d.getAs("rank_before"));
        assertEquals(1, (int) d.getAs("rank_now"));
        assertEquals(3, (int) d.getAs("rank_change"));
        assertTrue(Audits.number(d, "psi") > 5, "every row of d left its old bins");
        assertEquals(0, Audits.number(drift.get("a"), "psi"), 1e-12, "a did not change at all");
        JsonNode summary = JSON.readTree(secondOutput.resolve("drift/summary.json").toFile());
        assertEquals(List.of("d", "c"), List.of(summary.at("/top_now/0").asText(), summary.at("/top_now/1").asText()));
        assertEquals("d", summary.at("/largest_psi/feature").asText());
    }

    @Test
    void theReportShowsTheDrift() throws Exception {
        String html = Files.readString(secondOutput.resolve("report.html"));
        assertEquals(8, Audits.chartMarks(html, "drift"), "two bars for each of the 4 features");
        assertTrue(html.contains("3 of 4 checks failed"), "verdict");
        assertTrue(html.contains("id=\"drift-table\""));
        assertTrue(html.contains(second.comparedWith().orElseThrow()));
    }

    @Test
    void theHistoryHoldsBothRunsWithTheirBins() {
        List<RunRecord> runs = new HistoryTable(Audits.spark(), new HistoryLocation.Folder(history.toString())).all();
        assertTrue(runs.size() >= 2, "both runs (and any later test's)");
        RunRecord run = runs.get(0);
        assertEquals(Audits.runJsonText(firstOutput, "run_id"), run.runId());
        assertEquals(ROWS, run.rows().attributed());
        assertEquals(Map.of("team", "risk"), run.tags().tags());
        assertEquals(4, run.allRowsFeatures().size());
        assertEquals(9, run.allRowsFeatures().get(0).bins().edges().length, "deciles of 120 distinct-ish values");
        assertEquals(1.0, java.util.Arrays.stream(run.allRowsFeatures().get(0).bins().shares()).sum(), 1e-12);
    }

    @Test
    void aRunIdComparesWithThatRunAndAnUnknownOneIsRejectedBeforeWork() throws Exception {
        String firstId = Audits.runJsonText(firstOutput, "run_id");
        Path third = tmp.resolve("week3");
        RunSummary summary = Audits.run(Audits.with(settings(tmp.resolve("week1.csv"), third), "audit.compare-with=" + firstId));
        assertEquals(java.util.Optional.of(firstId), summary.comparedWith());
        assertFalse(summary.thresholdsFailed(), "the same data as the first run: no drift");

        ConfigException error = Audits.rejected(tmp.resolve("week4"),
                Audits.with(settings(tmp.resolve("week1.csv"), tmp.resolve("week4")), "audit.compare-with=no-such-run"));
        assertTrue(error.getMessage().contains("no-such-run"), error.getMessage());
    }

    @Test
    void aPinnedReferenceIsComparedBesideThePreviousRunAndEachCheckNamesItsComparison() throws Exception {
        Path refHistory = tmp.resolve("ref-history");
        List<String> withHistory = List.of("audit.history-path=" + refHistory);
        // A: the reference (week 1), tagged so; B: week 2; C: week 2 again. C's previous run is B (no drift),
        // its reference A (d ten times larger).
        Path a = tmp.resolve("ref-a");
        Audits.run(Audits.with(settings(csv("ref-week1.csv", week1), a, withHistory.toArray(String[]::new)), "audit.tags.role=reference",
                "audit.compare-on=[config-hash]"));
        List<String> later = Audits.with(withHistory, "audit.reference=role=reference", "audit.compare-on=[config-hash]");
        Audits.run(settings(csv("ref-week2.csv", week2), tmp.resolve("ref-b"), later.toArray(String[]::new)));
        Path c = tmp.resolve("ref-c");
        RunSummary third = Audits.run(settings(csv("ref-week2.csv", week2), c, later.toArray(String[]::new)));
        String aId = Audits.runJson(a).path("run_id").asText();
        String bId = Audits.runJson(tmp.resolve("ref-b")).path("run_id").asText();

        assertEquals(java.util.Optional.of(bId), third.comparedWith());
        List<ThresholdResult> previous = third.thresholds().stream()
                .filter(t -> t.comparison().equals(ThresholdResult.COMPARE_WITH)).toList();
        List<ThresholdResult> reference = third.thresholds().stream()
                .filter(t -> t.comparison().equals(ThresholdResult.REFERENCE)).toList();
        assertEquals(3, previous.size(), "top-k overlap, mean |attribution| change, PSI against the previous run");
        assertEquals(3, reference.size(), "and the same three against the reference");
        assertFalse(previous.stream().anyMatch(ThresholdResult::failed), "the same data as the previous run: " + previous);
        assertTrue(reference.stream().filter(t -> t.key().equals("mean-abs-change-above")).findFirst().orElseThrow().failed(),
                "d ten times larger than in the reference: " + reference);
        assertEquals(9.0, reference.stream().filter(t -> t.key().equals("mean-abs-change-above")).findFirst().orElseThrow().actual(),
                1e-5);
        assertEquals(Main.THRESHOLDS_FAILED, Main.exitCode(third));

        JsonNode audit = Audits.runJson(c).path("audit");
        assertEquals(bId, audit.path("compared_with_run_id").asText());
        assertEquals(aId, audit.path("reference").path("run_id").asText());
        assertEquals("role=reference", audit.path("reference").path("configured").asText());
        JsonNode violations = JSON.readTree(c.resolve("violations.json").toFile()).path("violations");
        assertTrue(violations.size() > 0);
        for (JsonNode v : violations) {
            assertEquals("reference", v.path("comparison").asText(), v.toString());
            assertEquals(aId, v.path("compared_with_run_id").asText(), v.toString());
        }
        String html = java.nio.file.Files.readString(c.resolve("report.html"));
        assertTrue(html.contains("id=\"reference-drift\"") && html.contains("against the reference run"), "the report's reference section");

        ConfigException missing = assertThrows(ConfigException.class, () -> Audits.run(settings(csv("ref-week2.csv", week2),
                tmp.resolve("ref-d"), Audits.with(withHistory, "audit.reference=no-such-run").toArray(String[]::new))));
        assertTrue(missing.getMessage().startsWith("audit.reference = no-such-run: audit.history-path " + refHistory
                + " holds no such run (latest runs: "), missing.getMessage());
        assertTrue(missing.getMessage().contains(aId), "names the runs it holds: " + missing.getMessage());
    }
}
