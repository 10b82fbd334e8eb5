package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * input.sample end to end on the breast-cancer sample (569 rows, 30 features, a class per row):
 * half the rows audited, each mean |attribution| with a 95 % interval that holds the full run's
 * mean for most features and classes, the same rows from a Parquet copy and from the CSV read in
 * other partitions, run.json's sample section and the report's statement of the intervals.
 */
class SampledAuditTest {

    private static final int FEATURES = 30;
    private static final double FRACTION = 0.5;

    @TempDir
    static Path tmp;

    private static Path full;
    private static Path sampled;
    private static Path sampledCsv;
    private static boolean cacheEmptyAfterTheSampledRun;

    private static List<String> settings(String input, String format, Path output, String... more) {
        List<String> features = Audits.csvHeader(Samples.file("breast_cancer.csv")).subList(1, 1 + FEATURES);
        return Audits.with(List.of(
                "input.path=" + input,
                "input.format=" + format,
                "input.id-columns=[id]",
                "input.features=" + Audits.list(features),
                "model.path=" + sample("breast_cancer_mlp.pt"),
                "model.device=cpu",
                "attribution.target=predicted",
                // a fixed baseline: a median of the sampled rows would differ from the full input's
                "attribution.baseline=zeros",
                "output.path=" + output), more);
    }

    @BeforeAll
    static void audit() throws Exception {
        Path parquetCopy = tmp.resolve("breast-cancer-parquet");
        Audits.spark().read().option("header", "true").option("inferSchema", "true").csv(sample("breast_cancer.csv"))
                .repartition(3).write().parquet(parquetCopy.toString());
        full = tmp.resolve("full");
        Audits.run(settings(parquetCopy.toString(), "parquet", full));
        sampled = tmp.resolve("sampled");
        Audits.run(settings(parquetCopy.toString(), "parquet", sampled, "input.sample.fraction=" + FRACTION,
                "input.sample.seed=5"));
        cacheEmptyAfterTheSampledRun = Audits.spark().sharedState().cacheManager().isEmpty();
        sampledCsv = tmp.resolve("sampled-csv");
        Audits.run(settings(sample("breast_cancer.csv"), "csv", sampledCsv, "input.sample.fraction=" + FRACTION,
                "input.sample.seed=5", "attribution.partitions=4"));
    }

    private static Set<Long> ids(Path output) {
        Set<Long> ids = new TreeSet<>();
        parquet(output, "attributions").forEach(row -> ids.add(((Number) row.getAs("id")).longValue()));
        return ids;
    }

    /** feature_stats rows by "feature/target" (target "all" for all rows). */
    private static Map<String, Row> stats(Path output) {
        Map<String, Row> byKey = new HashMap<>();
        for (Row row : parquet(output, "feature_stats")) {
            Object target = row.getAs("target");
            byKey.put(row.getAs("feature") + "/" + (target == null ? "all" : target), row);
        }
        return byKey;
    }

    @Test
    void aboutTheFractionOfTheRowsIsAuditedTheSameWhateverTheFormatAndPartitions() {
        Set<Long> ids = ids(sampled);
        double sd = Math.sqrt(569 * FRACTION * (1 - FRACTION));
        assertTrue(Math.abs(ids.size() - 569 * FRACTION) < 4 * sd, ids.size() + " of 569 rows audited");
        assertTrue(ids(full).containsAll(ids));
        assertEquals(ids, ids(sampledCsv), "the CSV (ids as text, 4 partitions) keeps the rows the Parquet copy keeps");
    }

    @Test
    void theSampledRowsKeptForThePassAreReleased() {
        assertTrue(cacheEmptyAfterTheSampledRun, "the checks keep the sampled rows for the pass, which frees them");
    }

    @Test
    void theIntervalsHoldTheFullRunsMeansForMostFeaturesAndClasses() {
        Map<String, Row> all = stats(full);
        Map<String, Row> part = stats(sampled);
        int inside = 0;
        int insideAllRows = 0;
        List<String> outside = new ArrayList<>();
        for (Map.Entry<String, Row> entry : part.entrySet()) {
            Row row = entry.getValue();
            double low = row.getAs("mean_abs_ci_low");
            double high = row.getAs("mean_abs_ci_high");
            double meanAbs = row.getAs("mean_abs");
            assertTrue(low <= meanAbs && meanAbs <= high && low < high, entry.getKey() + ": " + row);
            double truth = all.get(entry.getKey()).getAs("mean_abs");
            if (truth >= low && truth <= high) {
                inside++;
                insideAllRows += entry.getKey().endsWith("/all") ? 1 : 0;
            } else {
                outside.add(entry.getKey());
            }
        }
        assertEquals(FEATURES * 3, part.size(), "30 features for all rows and for each of two classes");
        assertTrue(insideAllRows >= 0.85 * FEATURES, insideAllRows + " of 30 features inside; outside: " + outside);
        assertTrue(inside >= 0.85 * part.size(), inside + " of " + part.size() + " inside; outside: " + outside);
    }

    @Test
    void aRunOfEveryRowHasNoInterval() {
        for (Row row : stats(full).values()) {
            assertTrue(row.isNullAt(row.fieldIndex("mean_abs_ci_low")) && row.isNullAt(row.fieldIndex("mean_abs_ci_high")),
                    "no sampling error, no interval: " + row);
        }
    }

    @Test
    void runJsonStatesTheSample() throws Exception {
        JsonNode sample = Audits.runJson(sampled).get("input").get("sample");
        assertEquals(FRACTION, sample.get("fraction").asDouble());
        assertEquals(5, sample.get("seed").asLong());
        assertEquals("[\"id\"]", sample.get("hashed_columns").toString());
        assertEquals(ids(sampled).size(), sample.get("rows_sampled").asLong());
        assertEquals(569, sample.get("rows_before_sample").asLong(), "a Parquet input counts its rows from its metadata");
        assertEquals(0.95, sample.get("confidence_level").asDouble());
        assertTrue(Audits.runJson(sampledCsv).get("input").get("sample").get("rows_before_sample").isNull(),
                "a CSV would be parsed again to count its rows");
        assertTrue(Audits.runJson(full).get("input").path("sample").isMissingNode(), "no sample section without sampling");
    }

    @Test
    void theReportStatesTheSampleAndEachIntervalBesideItsMean() throws Exception {
        String html = Files.readString(sampled.resolve("report.html"));
        assertTrue(html.contains("the figures come from a sample of 50 % of the rows (" + ids(sampled).size() + " of 569 rows"),
                "the sample sentence");
        assertTrue(html.contains("95 % confidence interval"), "the interval is named");
        Row top = stats(sampled).values().stream().filter(r -> r.isNullAt(r.fieldIndex("target")))
                .filter(r -> r.<Integer>getAs("rank") == 1).findFirst().orElseThrow();
        double meanAbs = top.getAs("mean_abs");
        double half = top.<Double>getAs("mean_abs_ci_high") - meanAbs;
        String stated = io.igaudit.report.Format.number(meanAbs) + " ± " + io.igaudit.report.Format.number(half, 2);
        assertTrue(html.contains(stated), "the top feature's bar states " + stated);
        assertTrue(html.split("class=\"ci\"", -1).length - 1 >= 20, "a whisker on every bar of the global chart");
        String fullHtml = Files.readString(full.resolve("report.html"));
        assertTrue(!fullHtml.contains("class=\"ci\"") && !fullHtml.contains(" ± "), "no interval in a run of every row");
    }
}
