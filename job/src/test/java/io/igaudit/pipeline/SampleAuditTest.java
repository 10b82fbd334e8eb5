package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.assertFeatureStats;
import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.column;
import static io.igaudit.pipeline.Audits.floats;
import static io.igaudit.pipeline.Audits.lowerMedian;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.sample;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.TargetRule;
import io.igaudit.stats.QuantileSketch;
import io.igaudit.stats.StatsSpec;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import io.igaudit.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the breast-cancer sample as conf/sample.conf runs it: 569 rows, 30 named
 * features, target = predicted (per-class statistics), median baseline, attr_ columns. One run;
 * each test checks one part of its output against values computed here independently.
 */
class SampleAuditTest {

    private static final int FEATURES = 30;

    @TempDir
    static Path tmp;

    private static Path output;
    private static List<String> features;
    private static double[][] table;
    private static RunSummary summary;
    private static boolean cacheEmptyAfterTheRun;
    private static List<Row> rows;
    private static JsonNode report;

    @BeforeAll
    static void audit() throws Exception {
        Path csv = Samples.file("breast_cancer.csv");
        features = Audits.csvHeader(csv).subList(1, 1 + FEATURES);
        table = Samples.readNumericCsv(csv);
        output = tmp.resolve("breast-cancer");
        summary = Audits.run(List.of(
                "input.path=" + sample("breast_cancer.csv"),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=" + Audits.list(features),
                "model.path=" + sample("breast_cancer_mlp.pt"),
                "model.device=cpu",
                "attribution.target=predicted",
                "attribution.baseline=median",
                "output.path=" + output,
                "output.feature-columns=true"));
        cacheEmptyAfterTheRun = Audits.spark().sharedState().cacheManager().isEmpty();
        rows = parquet(output, "attributions");
        report = Audits.runJson(output);
    }

    @Test
    void everyInputRowComesOutOnceWithItsId() {
        assertEquals(table.length, rows.size());
        Set<Long> expected = new HashSet<>();
        for (double[] row : table) {
            expected.add((long) row[0]);
        }
        assertEquals(expected, byId(rows).keySet());
        assertFalse(Files.exists(output.resolve("rejected")), "no rows were invalid, so no rejected/ folder");
    }

    @Test
    void theParsedCsvRowsKeptForThePassAreReleased() {
        assertTrue(cacheEmptyAfterTheRun, "the run leaves nothing in the session's cache");
    }

    @Test
    void summaryCountsRows() {
        assertEquals(569, summary.inputRows());
        assertEquals(569, summary.attributedRows());
        assertEquals(0, summary.rejectedRows());
        assertEquals(output.toAbsolutePath().toString(), java.net.URI.create(summary.outputPath()).getPath());
    }

    @Test
    void medianBaselineIsTheMedianOfEachFeature() {
        float[] expected = new float[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            expected[i] = (float) lowerMedian(column(table, 1 + i)); // 569 rows: the exact median
        }
        assertArrayEquals(expected, floats(report.at("/attribution/baseline_values")));
    }

    @Test
    void attributionsEqualTheEnginesForTheSameRows() {
        long[] ids = new long[table.length];
        float[] inputs = Samples.columns(table, table.length, 1, 1 + FEATURES);
        float[] baseline = new float[FEATURES];
        for (int r = 0; r < table.length; r++) {
            ids[r] = (long) table[r][0];
        }
        for (int i = 0; i < FEATURES; i++) {
            baseline[i] = (float) lowerMedian(column(table, 1 + i));
        }
        Attributions reference = Audits.engine(sample("breast_cancer_mlp.pt"), inputs, table.length, baseline, 1,
                new TargetRule.Predicted(), Defaults.integration());
        Audits.assertMatchesEngine(byId(rows), ids, reference);
    }

    @Test
    void predictedTargetGivesPerClassAndAllClassesStatistics() {
        List<Row> stats = parquet(output, "feature_stats");
        Set<Integer> classes = new HashSet<>();
        rows.forEach(r -> classes.add(((Number) r.getAs("target")).intValue()));
        assertEquals(Set.of(0, 1), classes, "the model predicts both classes on this data");
        long allClassRows = stats.stream().filter(r -> r.isNullAt(r.fieldIndex("target"))).count();
        assertEquals(FEATURES, allClassRows, "one target-null row per feature");
        assertFeatureStats(rows, stats, features, true);
    }

    /**
     * The exactness contract of the tasks' summaries: Spark SQL over the written attributions/
     * gives the same counts, min, max and positive shares to the bit, and the same means to the
     * rounding of a sum in another order; the delta figures of run.json likewise.
     */
    @Test
    void featureStatsEqualWhatSparkRecomputesFromTheWrittenRows() {
        Dataset<Row> values = SparkTestSession.get().read().parquet(output.resolve("attributions").toString())
                .select(col("target"), posexplode(col("attributions")).as(new String[] {"index", "value"}));
        Column[] aggregates = {count(lit(1)).as("n"), avg(col("value")).as("mean"), avg(abs(col("value"))).as("mean_abs"),
            min(col("value")).as("min"), max(col("value")).as("max"), sum(when(col("value").gt(0), 1L).otherwise(0L)).as("positive")};
        List<Row> overall = values.groupBy(col("index")).agg(aggregates[0], java.util.Arrays.copyOfRange(aggregates, 1, 6))
                .withColumn("target", lit(null).cast("int")).collectAsList();
        List<Row> perClass = values.groupBy(col("index"), col("target")).agg(aggregates[0], java.util.Arrays.copyOfRange(aggregates, 1, 6))
                .collectAsList();
        List<Row> stats = parquet(output, "feature_stats");
        List<Row> recomputed = new ArrayList<>(overall);
        recomputed.addAll(perClass);
        assertEquals(recomputed.size(), stats.size(), "one feature_stats row per feature and group");
        for (Row expected : recomputed) {
            Integer target = expected.isNullAt(expected.fieldIndex("target")) ? null : expected.<Integer>getAs("target");
            int index = expected.<Integer>getAs("index");
            Row actual = stats.stream().filter(r -> java.util.Objects.equals(r.getAs("target"), target)
                    && r.<Integer>getAs("index") == index).findFirst().orElseThrow();
            String where = "target " + target + ", feature " + index;
            long n = expected.<Long>getAs("n");
            assertEquals(n, actual.<Long>getAs("count"), where);
            assertEquals(expected.<Float>getAs("min"), actual.<Float>getAs("min"), where);
            assertEquals(expected.<Float>getAs("max"), actual.<Float>getAs("max"), where);
            assertEquals((double) expected.<Long>getAs("positive") / n, actual.<Double>getAs("positive_share"), 0.0, where);
            double mean = expected.getAs("mean");
            assertEquals(mean, actual.<Double>getAs("mean"), 1e-12 * Math.abs(mean) + 1e-18, where);
            double meanAbs = expected.getAs("mean_abs");
            assertEquals(meanAbs, actual.<Double>getAs("mean_abs"), 1e-12 * meanAbs + 1e-18, where);
        }
        Row delta = SparkTestSession.get().read().parquet(output.resolve("attributions").toString())
                .agg(count(lit(1)), max(abs(col("delta"))), sum(when(col("delta_ok"), 0L).otherwise(1L))).first();
        assertEquals(delta.getLong(0), summary.attributedRows());
        assertEquals(delta.getFloat(1), report.at("/delta/max_abs").asDouble(), 0.0);
        assertEquals(delta.getLong(2), report.at("/delta/rows_over_tolerance").asLong());
    }

    @Test
    void featureColumnsHoldEachAttribution() {
        for (Row row : rows) {
            float[] a = attributions(row);
            for (int i = 0; i < FEATURES; i++) {
                assertEquals(a[i], ((Number) row.getAs("attr_" + features.get(i))).floatValue(),
                        "attr_" + features.get(i) + " of id " + row.getAs("id"));
            }
        }
    }

    @Test
    void runJsonHasCountsModelAndAttributionSettings() throws Exception {
        assertEquals("complete", report.path("status").asText());
        assertFalse(report.path("run_id").asText().isEmpty());
        assertFalse(report.path("started").asText().isEmpty());
        assertFalse(report.path("finished").asText().isEmpty());
        assertEquals(569, report.at("/counts/input_rows").asLong());
        assertEquals(569, report.at("/counts/attributed_rows").asLong());
        assertEquals(0, report.at("/counts/rejected_rows").asLong());
        assertEquals(Audits.sha256(Samples.file("breast_cancer_mlp.pt")), report.at("/model/sha256").asText());
        assertEquals(2, report.at("/model/output_width").asInt());
        assertEquals(sample("breast_cancer_mlp.pt"), report.at("/model/path").asText());
        assertEquals("gausslegendre", report.at("/attribution/method").asText());
        assertEquals(50, report.at("/attribution/steps").asInt());
        assertEquals("predicted", report.at("/attribution/target").asText());
        assertEquals(1, report.at("/attribution/baseline_rows").asInt());
        List<String> reported = new ArrayList<>();
        report.at("/input/features").forEach(n -> reported.add(n.asText()));
        assertEquals(features, reported);
        assertEquals(sample("breast_cancer.csv"), report.at("/config/input/path").asText());
        assertEquals(1, report.at("/input/row_shape").size());
        assertEquals(FEATURES, report.at("/input/row_shape/0").asInt());
    }

    @Test
    void runJsonSplitsTheTasksTimeIntoModelAndTheRest() {
        JsonNode timings = report.path("timings_seconds");
        double tasks = timings.path("attribution_tasks").asDouble();
        double model = timings.path("attribution_tasks_in_model").asDouble();
        assertTrue(model > 0, "time in the model: " + timings);
        assertTrue(tasks >= model, "the tasks' time holds the model's: " + timings);
        // Two task slots at most work at once during the pass.
        assertTrue(tasks <= 2 * timings.path("attribution").asDouble() + 0.01, "tasks' time within the pass: " + timings);
        assertEquals(summary.modelSeconds() / summary.taskSeconds(), summary.modelShareOfTasks(), 1e-9);
        assertEquals(summary.taskSeconds(), tasks, 0.001);
        assertEquals(summary.modelSeconds(), model, 0.001);
    }

    @Test
    void runJsonNamesVersionsAndExecutors() {
        JsonNode versions = report.path("versions");
        assertEquals(Audits.spark().version(), versions.path("spark").asText());
        assertEquals(System.getProperty("java.version"), versions.path("java").asText());
        assertFalse(versions.path("djl").asText().isBlank(), "djl version");
        assertTrue(versions.path("pytorch").asText().matches("\\d+\\.\\d+.*"), "pytorch version " + versions.path("pytorch"));
        assertFalse(versions.path("ig_audit").asText().isBlank(), "ig_audit version");
        JsonNode executors = report.path("executors");
        assertTrue(executors.isArray() && executors.size() >= 1, "executors: " + executors);
        int tasks = 0;
        for (JsonNode executor : executors) {
            assertTrue(executor.path("models_loaded").asInt() >= 1, "models_loaded: " + executor);
            assertFalse(executor.path("device").asText().isBlank(), "device: " + executor);
            assertFalse(executor.path("pid").asText().isBlank(), "pid: " + executor);
            tasks += executor.path("tasks").asInt();
        }
        // The one CSV file is split into a byte range per task slot of local[2] (a last range of a
        // few bytes may make a third, empty task): no shuffle, and every slot reads and attributes.
        assertTrue(tasks == 2 || tasks == 3, "attribution tasks: " + executors);
    }

    @Test
    void runJsonDeltaSummaryAndTopFeaturesMatchTheRows() {
        double[] absDelta = rows.stream().mapToDouble(r -> Math.abs(((Number) r.getAs("delta")).floatValue())).sorted().toArray();
        double mean = java.util.Arrays.stream(absDelta).average().orElseThrow();
        assertEquals(mean, report.at("/delta/mean_abs").asDouble(), 1e-9 * mean);
        assertEquals(absDelta[absDelta.length - 1], report.at("/delta/max_abs").asDouble(), 0.0);
        // p95 from the KLL sketch: within its rank error of the value at rank ⌈0.95 n⌉.
        int k = (int) Math.ceil(0.95 * absDelta.length) - 1;
        int error = (int) Math.ceil(QuantileSketch.rankError(StatsSpec.DEFAULT_K) * absDelta.length);
        double p95 = report.at("/delta/p95_abs").asDouble();
        assertTrue(p95 >= (float) absDelta[Math.max(0, k - error)] && p95 <= (float) absDelta[Math.min(absDelta.length - 1, k + error)],
                "p95 " + p95 + " vs " + absDelta[k]);
        assertEquals(mean, summary.meanAbsDelta(), 1e-9 * mean);
        List<String> top = new ArrayList<>();
        report.path("top_features").forEach(n -> top.add(n.asText()));
        assertEquals(Audits.topFeatures(rows, features, 5), top);
        assertEquals(top, summary.topFeatures());
    }

    @Test
    void deltaOkFlagsRowsOverTheToleranceAndRunJsonCountsThem() {
        long over = 0;
        for (Row row : rows) {
            boolean within = Math.abs(((Number) row.getAs("delta")).floatValue()) <= 0.05;
            assertEquals(within, row.getAs("delta_ok"), "delta_ok of id " + row.getAs("id"));
            over += within ? 0 : 1;
        }
        assertTrue(over > 0 && over < rows.size(), "the sample has rows on both sides of 0.05: " + over);
        assertEquals(0.05, report.at("/delta/tolerance").asDouble());
        assertEquals(over, report.at("/delta/rows_over_tolerance").asLong());
        assertEquals((double) over / rows.size(), report.at("/delta/share_over_tolerance").asDouble(), 1e-12);
        assertEquals(over, summary.rowsOverTolerance());
    }

    @Test
    void reportHasEveryChartWithTheRightNumberOfMarks() throws Exception {
        String html = Files.readString(output.resolve("report.html"));
        assertEquals(20, Audits.chartMarks(html, "importance"), "top 20 features; the other 10 in a note under the chart");
        assertTrue(html.contains("+ 10 other features, not drawn"), "the note on the other 10");
        assertEquals(569 * 10, Audits.chartMarks(html, "beeswarm"), "every row (569 < 2,000) for the top 10 features");
        assertEquals(10, Audits.chartMarks(html, "class-0"));
        assertEquals(10, Audits.chartMarks(html, "class-1"));
        assertTrue(Audits.chartMarks(html, "delta-histogram") > 5);
        assertFalse(html.contains("<script"), "no scripts");
        assertTrue(html.contains(report.path("run_id").asText()), "the run id");
        assertTrue(html.contains(report.at("/model/sha256").asText()), "the model's SHA-256");
        for (String feature : Audits.topFeatures(rows, features, 5)) {
            assertTrue(html.contains(">" + feature + "<"), feature);
        }
        assertFalse(Files.exists(output.resolve("drift")), "no comparison configured, so no drift/");
    }

    @Test
    void attributionRowsHaveTheDocumentedColumns() {
        Row first = rows.get(0);
        List<String> columns = List.of(first.schema().fieldNames());
        assertEquals(List.of("id", "target", "prediction", "baseline_prediction", "attributions", "delta", "steps", "delta_ok"),
                columns.subList(0, 8));
        assertEquals(8 + FEATURES, columns.size());
        assertEquals(50, (int) first.getAs("steps"), "fixed steps: every row gets attribution.steps");
        Map<Long, Row> map = byId(rows);
        assertEquals(FEATURES, attributions(map.get(0L)).length);
    }

    @Test
    void attributionValuesAreWrittenWithoutStatisticsWhereParquetAllowsIt() throws Exception {
        Audits.assertAttributionValuesWrittenPlain(output);
    }
}
