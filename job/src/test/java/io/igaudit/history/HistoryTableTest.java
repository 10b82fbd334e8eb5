package io.igaudit.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.AuditConfig.CompareWith;
import io.igaudit.config.AuditConfig.MatchKey;
import io.igaudit.config.ConfigException;
import io.igaudit.config.HistoryLocation;
import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.QuantileSketch;
import io.igaudit.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history table on the shared Spark session: round trip, "previous" by tags, a run by id, bins. */
class HistoryTableTest {

    private static final List<MatchKey> DEFAULT_MATCH = List.of(MatchKey.CONFIG_HASH, MatchKey.TAGS);

    @TempDir
    Path tmp;

    private HistoryTable table(String name) {
        return new HistoryTable(SparkTestSession.get(), new HistoryLocation.Folder(tmp.resolve(name).toString()));
    }

    @Test
    void featuresAndTokensKeepTheLayoutOfEarlierRows() {
        org.apache.spark.sql.types.ArrayType doubles = DataTypes.createArrayType(DataTypes.DoubleType, false);
        StructType feature = new StructType()
                .add("feature", DataTypes.StringType, false)
                .add("index", DataTypes.IntegerType, false)
                .add("target", DataTypes.IntegerType, true)
                .add("count", DataTypes.LongType, false);
        for (String name : List.of("mean", "mean_abs", "std", "min", "max", "p05", "p25", "p50", "p75", "p95", "positive_share",
                "share_of_total_abs")) {
            feature = feature.add(name, DataTypes.DoubleType, true);
        }
        feature = feature.add("rank", DataTypes.IntegerType, false).add("bin_edges", doubles, false).add("bin_shares", doubles, false)
                // Version 3 adds the input values' bins at the end, where earlier rows have none.
                .add("input_bin_edges", doubles, true).add("input_bin_shares", doubles, true);
        assertEquals(feature, HistoryTable.FEATURE);
        StructType token = new StructType()
                .add("token_id", DataTypes.LongType, false)
                .add("token", DataTypes.StringType, false)
                .add("special", DataTypes.BooleanType, false)
                .add("occurrences", DataTypes.LongType, false)
                .add("rows", DataTypes.LongType, false)
                .add("mean", DataTypes.DoubleType, true)
                .add("mean_abs", DataTypes.DoubleType, true)
                .add("std", DataTypes.DoubleType, true)
                .add("positive_share", DataTypes.DoubleType, true)
                .add("total_abs", DataTypes.DoubleType, true)
                .add("rank_total", DataTypes.IntegerType, false)
                .add("rank_mean_abs", DataTypes.IntegerType, false)
                .add("error_bound", DataTypes.DoubleType, false);
        assertEquals(token, HistoryTable.TOKEN);
    }

    @Test
    void aRunComesBackAsItWasAppended() {
        HistoryTable table = table("h");
        List<FeatureRecord> features = new java.util.ArrayList<>(Histories.features(List.of("a", "b"), new double[] {2, 1}));
        features.add(new FeatureRecord(new FeatureRow("a", 0, 1, 40, new FeatureRow.Moments(0.1, 0.2, Double.NaN),
                new FeatureRow.Quantiles(0, 1, 0, 0, 0, 0, 0), 0.5, 0.6, 1), null));
        RunRecord run = Histories.run("r1", Instant.parse("2026-03-01T10:15:30.123456Z"),
                Histories.tags("/data/week1", Map.of("team", "risk")), features);
        table.append(run);
        assertEquals(List.of(run), table.all());
        assertTrue(Double.isNaN(table.all().get(0).features().get(2).stats().moments().std()), "NaN survives");
    }

    @Test
    void aRunsTokenTableComesBackAndOlderRowsHaveNone() throws Exception {
        HistoryTable table = table("h");
        List<io.igaudit.stats.TokenRow> tokens = List.of(
                new io.igaudit.stats.TokenRow(2044, "wheat", null, false, 61, 40, 0.9, 0.92, Double.NaN, 0.98, 56.1, 1, 1, 0),
                new io.igaudit.stats.TokenRow(101, "[CLS]", null, true, 604, 604, 0, 0, 0, 0, 0, 0, 0, 0.5));
        RunRecord run = Histories.run("text", Instant.parse("2026-03-01T10:00:00Z"), Histories.tags("/d", Map.of()),
                Histories.features(List.of("input_ids[0]"), new double[] {1})).withTokens(tokens);
        table.append(run);
        // A row of schema version 1, written before the tokens column existed.
        StructType v1 = new StructType(java.util.Arrays.stream(HistoryTable.SCHEMA.fields())
                .filter(f -> !f.name().equals("tokens")).toArray(org.apache.spark.sql.types.StructField[]::new));
        Row old = HistoryTable.toRow(Histories.run("old", Instant.parse("2026-02-01T10:00:00Z"), Histories.tags("/d", Map.of()),
                Histories.features(List.of("a"), new double[] {1})));
        Object[] values = new Object[v1.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = old.get(i);
        }
        values[v1.fieldIndex("schema_version")] = 1;
        SparkTestSession.get().createDataFrame(List.of(RowFactory.create(values)), v1).coalesce(1).write()
                .parquet(tmp.resolve("h/old-writer").toString());
        try (java.util.stream.Stream<Path> parts = Files.list(tmp.resolve("h/old-writer"))) {
            Path part = parts.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            Files.move(part, tmp.resolve("h/run-old.parquet"));
        }
        org.apache.commons.io.FileUtils.deleteDirectory(tmp.resolve("h/old-writer").toFile());

        List<RunRecord> runs = table.all();
        assertEquals(List.of("old", "text"), runs.stream().map(RunRecord::runId).toList());
        assertEquals(List.of(), runs.get(0).tokens(), "a version-1 row has no token table");
        assertEquals(run, runs.get(1), "the token table survives, NaN std included");
    }

    @Test
    void previousIsTheLatestRunWithTheSameTags() {
        HistoryTable table = table("h");
        List<FeatureRecord> features = Histories.features(List.of("a"), new double[] {1});
        table.append(Histories.run("old", Instant.parse("2026-01-01T00:00:00Z"), Histories.tags("/w1", Map.of("team", "risk")), features));
        table.append(Histories.run("latest", Instant.parse("2026-01-08T00:00:00Z"), Histories.tags("/w2", Map.of("team", "risk")), features));
        table.append(Histories.run("other-team", Instant.parse("2026-01-09T00:00:00Z"), Histories.tags("/w2", Map.of("team", "ops")), features));

        RunTags now = Histories.tags("/w3", Map.of("team", "risk"));
        assertEquals("latest", table.find(new CompareWith.Previous(), now, DEFAULT_MATCH).orElseThrow().runId(),
                "another dataset path still matches on config hash and tags");
        assertEquals(Optional.empty(), table.find(new CompareWith.Previous(), now, List.of(MatchKey.DATASET)),
                "no run had dataset /w3");
        assertEquals("other-team", table.find(new CompareWith.Previous(), now, List.of()).orElseThrow().runId(),
                "matching on nothing: the latest run");
        assertEquals("old", table.find(new CompareWith.RunId("old"), now, DEFAULT_MATCH).orElseThrow().runId());
    }

    @Test
    void aMissingRunIdIsABadConfigurationNamingTheLatestRuns() {
        HistoryTable table = table("h");
        RunTags tags = Histories.tags("/w", Map.of());
        String noHistory = assertThrows(ConfigException.class,
                () -> table.find(new CompareWith.RunId("nope"), tags, DEFAULT_MATCH)).getMessage();
        assertTrue(noHistory.contains("nope") && noHistory.contains("no history yet"), noHistory);
        table.append(Histories.run("r1", Instant.EPOCH, tags, Histories.features(List.of("a"), new double[] {1})));
        String message = assertThrows(ConfigException.class,
                () -> table.find(new CompareWith.RunId("nope"), tags, DEFAULT_MATCH)).getMessage();
        assertTrue(message.contains("audit.compare-with") && message.contains("r1"), message);
        assertEquals(Optional.empty(), table("empty").find(new CompareWith.Previous(), tags, DEFAULT_MATCH));
    }

    @Test
    void historyInsideTheOutputOrAFileIsRejected() throws Exception {
        String inside = assertThrows(ConfigException.class, () -> new HistoryTable(SparkTestSession.get(),
                new HistoryLocation.Folder(tmp.resolve("out/history").toString())).check(tmp.resolve("out").toString())).getMessage();
        assertTrue(inside.contains("inside output.path"), inside);
        Path file = Files.writeString(tmp.resolve("file"), "x");
        String notFolder = assertThrows(ConfigException.class,
                () -> new HistoryTable(SparkTestSession.get(), new HistoryLocation.Folder(file.toString())).check(tmp.resolve("o").toString())).getMessage();
        assertTrue(notFolder.contains("is a file"), notFolder);
    }

    @Test
    void binsPutRowsOnDecileEdges() {
        QuantileSketch ramp = new QuantileSketch(200);
        QuantileSketch constant = new QuantileSketch(200);
        for (int i = 1; i <= 100; i++) {
            ramp.update(i);
            constant.update(7f);
        }
        Bins bins = AttributionBins.of(ramp);
        assertArrayEquals(new double[] {10, 20, 30, 40, 50, 60, 70, 80, 90}, bins.edges(), "deciles of 1..100 (inclusive ranks)");
        for (double share : bins.shares()) {
            assertEquals(0.1, share, 1e-12, "ten rows per decile bin");
        }
        Bins flat = AttributionBins.of(constant);
        assertArrayEquals(new double[] {7}, flat.edges(), "a constant feature has one edge");
        assertArrayEquals(new double[] {1, 0}, flat.shares(), 1e-12, "7 <= its own edge 7");
        assertEquals(Bins.EMPTY, AttributionBins.of(new QuantileSketch(200)), "no values, no bins");
    }

    /**
     * Runs that append at the same time each land their row, whole: 4 threads, 3 appends each, all
     * released together. Spark's committer shares one _temporary folder per table, which the first
     * job to finish deletes, so plain concurrent appends lose rows or fail; each row here lands as a
     * file of its own, and no staging folder is left behind.
     */
    @Test
    void concurrentAppendsEachLandTheirRow() throws Exception {
        HistoryTable table = table("h");
        int threads = 4;
        int perThread = 3;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        java.util.Set<String> appended = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    String id = "t" + thread + "-" + i;
                    table.append(Histories.run(id, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * (thread * perThread + i)),
                            Histories.tags("/w", Map.of("thread", Integer.toString(thread))),
                            Histories.features(List.of("a", "b"), new double[] {2, 1})));
                    appended.add(id);
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (java.util.concurrent.Future<?> f : done) {
                f.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        List<RunRecord> runs = table.all();
        assertEquals(threads * perThread, runs.size(), "one row per append");
        assertEquals(appended, runs.stream().map(RunRecord::runId).collect(java.util.stream.Collectors.toSet()));
        for (RunRecord run : runs) {
            assertEquals(2, run.features().size(), run.runId() + ": whole row");
        }
        try (java.util.stream.Stream<Path> files = Files.list(tmp.resolve("h"))) {
            List<String> left = files.map(f -> f.getFileName().toString())
                    .filter(name -> !name.endsWith(".parquet") && !name.endsWith(".parquet.crc")).toList();
            assertEquals(List.of(), left, "nothing but run files in the table");
        }
    }
}
