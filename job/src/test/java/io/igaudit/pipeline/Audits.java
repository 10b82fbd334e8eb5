package io.igaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.config.ConfigException;
import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.TargetRule;
import io.igaudit.io.OutputSchemas;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.stats.QuantileSketch;
import io.igaudit.stats.StatsSpec;
import io.igaudit.testing.Samples;
import io.igaudit.testing.SparkTestSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the pipeline tests share: configs in --set form, runs, reading outputs, reference values. */
final class Audits {

    /** f(x) = x0 - 2 x1 + 3 x2 + 0.5 x3 + 0.25 of test-models/linear4.pt. */
    static final float[] LINEAR4_WEIGHTS = {1f, -2f, 3f, 0.5f};
    static final float LINEAR4_BIAS = 0.25f;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Audits() {}

    static SparkSession spark() {
        return SparkTestSession.get();
    }

    /** An absolute path string of a file in data-samples. */
    static String sample(String name) {
        return Samples.file(name).toAbsolutePath().normalize().toString();
    }

    /** An absolute path string of a model in data-samples/test-models. */
    static String testModel(String name) {
        return Samples.testModel(name).toAbsolutePath().normalize().toString();
    }

    /** The configuration made from defaults and {@code KEY=VALUE} settings (the --set form). */
    static JobConfig config(List<String> settings) {
        return ConfigLoader.load(Optional.empty(), settings);
    }

    /** Runs the audit on the shared session. */
    static RunSummary run(List<String> settings) throws Exception {
        return AuditPipeline.run(spark(), config(settings));
    }

    /** Settings joined: a base list and more. */
    static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    /**
     * Runs the audit expecting a {@link ConfigException}; checks that nothing was written: the
     * output folder does not exist and its parent holds nothing new (no write probe left over).
     */
    static ConfigException rejected(Path output, List<String> settings) throws IOException {
        Path parent = output.getParent();
        List<String> before = listing(parent);
        ConfigException error = assertThrows(ConfigException.class, () -> run(settings));
        assertFalse(Files.exists(output), "nothing may be written to " + output + " after: " + error.getMessage());
        assertEquals(before, listing(parent), "the output's parent folder changed after: " + error.getMessage());
        return error;
    }

    /** The names in a folder, sorted. */
    static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** A "[...]" HOCON list of quoted strings. */
    static String list(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    /** Writes lines to a file, creating folders. */
    static Path write(Path file, String... lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, List.of(lines));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header names of a CSV file. */
    static List<String> csvHeader(Path csv) {
        try (Stream<String> lines = Files.lines(csv)) {
            return List.of(lines.findFirst().orElseThrow().split(","));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode runJson(Path output) throws IOException {
        Path file = output.resolve("run.json");
        assertTrue(Files.isRegularFile(file), "run.json missing in " + output);
        return JSON.readTree(file.toFile());
    }

    /** A top-level text field of run.json. */
    static String runJsonText(Path output, String field) {
        try {
            return runJson(output).path(field).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a Parquet folder under the output. */
    static List<Row> parquet(Path output, String child) {
        return spark().read().parquet(output.resolve(child).toString()).collectAsList();
    }

    /** Rows keyed by their {@code id} column (as a long), checking each id occurs once. */
    static Map<Long, Row> byId(List<Row> rows) {
        Map<Long, Row> map = new TreeMap<>();
        for (Row row : rows) {
            long id = ((Number) row.getAs("id")).longValue();
            assertTrue(map.put(id, row) == null, "id " + id + " occurs more than once");
        }
        return map;
    }

    /** The attributions array of an output row. */
    static float[] attributions(Row row) {
        List<Object> values = row.getList(row.fieldIndex("attributions"));
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = ((Number) values.get(i)).floatValue();
        }
        return floats;
    }

    static double number(Row row, String column) {
        return ((Number) row.getAs(column)).doubleValue();
    }

    static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            sha.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The engine run directly (no Spark) on {@code rows} with the given baseline rows. */
    static Attributions engine(String model, float[] rows, int count, float[] baselines, int baselineRows,
            TargetRule target, IgOptions options) {
        int elements = rows.length / count;
        IntegratedGradients ig = new IntegratedGradients(ModelCache.get(Path.of(model), DeviceChoice.CPU), options);
        return ig.attribute(FeatureBatch.of(rows, count, elements), FeatureBatch.of(baselines, baselineRows, elements), target);
    }

    /**
     * Compares output rows with the engine's results for the same inputs: target, prediction,
     * baseline prediction, delta and every attribution, to 1e-5 relative (relative to the row's
     * largest attribution for single values, which may be near zero).
     *
     * @param output rows by id
     * @param ids the ids in the order of the engine's rows
     */
    static void assertMatchesEngine(Map<Long, Row> output, long[] ids, Attributions reference) {
        assertEquals(ids.length, output.size(), "rows out");
        for (int k = 0; k < ids.length; k++) {
            Row row = output.get(ids[k]);
            String where = "id " + ids[k];
            float[] expected = reference.row(k);
            float[] actual = attributions(row);
            assertEquals(expected.length, actual.length, where + ": attributions per row");
            double scale = 0;
            for (float v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5 * Math.max(Math.abs(expected[i]), scale) + 1e-12,
                        where + ", feature " + i);
            }
            assertEquals(reference.targets()[k], ((Number) row.getAs("target")).intValue(), where + ": target");
            float prediction = reference.predictions()[k];
            float baselinePrediction = reference.baselinePredictions()[k];
            assertEquals(prediction, number(row, "prediction"), 1e-5 * Math.abs(prediction) + 1e-7, where + ": prediction");
            assertEquals(baselinePrediction, number(row, "baseline_prediction"), 1e-5 * Math.abs(baselinePrediction) + 1e-7,
                    where + ": baseline_prediction");
            double magnitude = Math.abs(prediction) + Math.abs(baselinePrediction) + scale;
            assertEquals(reference.deltas()[k], number(row, "delta"), 1e-5 * magnitude + 1e-7, where + ": delta");
        }
    }

    /** The lower median (percentile_approx semantics on small inputs): sorted[ceil(n/2) - 1]. */
    static double lowerMedian(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.5) - 1];
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Column {@code c} of a table. */
    static double[] column(double[][] table, int c) {
        return Arrays.stream(table).mapToDouble(r -> r[c]).toArray();
    }

    /** linear4 at one row. */
    static double linear4(float[] x) {
        double f = LINEAR4_BIAS;
        for (int i = 0; i < 4; i++) {
            f += (double) LINEAR4_WEIGHTS[i] * x[i];
        }
        return f;
    }

    /** The quantiles feature_stats reports, with their percentages. */
    private static final String[] QUANTILES = {"p05", "p25", "p50", "p75", "p95"};
    private static final double[] PERCENTAGES = {0.05, 0.25, 0.5, 0.75, 0.95};

    /**
     * Checks every feature_stats row against statistics recomputed here, in plain Java, from the
     * written attribution rows: one group of all rows (target null) and, with {@code perClass},
     * one per target; count, mean, mean_abs, std (sample), min, max, positive_share,
     * share_of_total_abs and rank exactly or to rounding (sums in another order), quantiles within
     * the KLL sketch's stated rank error (exact while a group holds no more values than the sketch's k).
     */
    static void assertFeatureStats(List<Row> attributionRows, List<Row> stats, List<String> names, boolean perClass) {
        Map<Integer, List<float[]>> groups = new java.util.HashMap<>();
        for (Row row : attributionRows) {
            float[] a = attributions(row);
            groups.computeIfAbsent(null, k -> new ArrayList<>()).add(a);
            if (perClass) {
                groups.computeIfAbsent(((Number) row.getAs("target")).intValue(), k -> new ArrayList<>()).add(a);
            }
        }
        assertEquals(names.size() * groups.size(), stats.size(), "feature_stats rows: one per feature and group "
                + groups.keySet());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map.Entry<Integer, List<float[]>> group : groups.entrySet()) {
            Integer target = group.getKey();
            List<float[]> rows = group.getValue();
            int n = rows.size();
            int features = names.size();
            double[] meanAbs = new double[features];
            for (int i = 0; i < features; i++) {
                for (float[] a : rows) {
                    meanAbs[i] += Math.abs((double) a[i]);
                }
                meanAbs[i] /= n;
            }
            double totalMeanAbs = Arrays.stream(meanAbs).sum();
            Integer[] order = new Integer[features];
            for (int i = 0; i < features; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> meanAbs[x] != meanAbs[y] ? Double.compare(meanAbs[y], meanAbs[x]) : Integer.compare(x, y));
            int[] rank = new int[features];
            for (int r = 0; r < features; r++) {
                rank[order[r]] = r + 1;
            }
            for (int i = 0; i < features; i++) {
                Row row = statsRow(stats, target, i);
                String where = "feature_stats target=" + target + " feature " + names.get(i);
                assertTrue(seen.add(target + "/" + i), where + " twice");
                assertEquals(names.get(i), row.getAs("feature"), where + ": name");
                float[] values = new float[n];
                double sum = 0;
                int positive = 0;
                for (int r = 0; r < n; r++) {
                    values[r] = rows.get(r)[i];
                    sum += values[r];
                    positive += values[r] > 0 ? 1 : 0;
                }
                double mean = sum / n;
                double squares = 0;
                for (float v : values) {
                    squares += (v - mean) * (v - mean);
                }
                double std = Math.sqrt(squares / (n - 1));
                float[] sorted = values.clone();
                Arrays.sort(sorted);
                double tolerance = 1e-9 * meanAbs[i] + 1e-15;
                assertEquals(n, ((Number) row.getAs("count")).longValue(), where + ": count");
                assertEquals(mean, number(row, "mean"), tolerance, where + ": mean");
                assertEquals(meanAbs[i], number(row, "mean_abs"), tolerance, where + ": mean_abs");
                assertEquals(std, number(row, "std"), 1e-9 * std + 1e-15, where + ": std");
                assertEquals(sorted[0], (float) number(row, "min"), where + ": min");
                assertEquals(sorted[n - 1], (float) number(row, "max"), where + ": max");
                assertEquals((double) positive / n, number(row, "positive_share"), 1e-12, where + ": positive_share");
                assertEquals(meanAbs[i] / totalMeanAbs, number(row, "share_of_total_abs"), 1e-9, where + ": share_of_total_abs");
                assertEquals(rank[i], ((Number) row.getAs("rank")).intValue(), where + ": rank");
                long rankError = (long) Math.ceil(QuantileSketch.rankError(StatsSpec.DEFAULT_K) * n);
                for (int q = 0; q < QUANTILES.length; q++) {
                    int k = (int) Math.ceil(PERCENTAGES[q] * n) - 1;
                    float low = sorted[(int) Math.max(0, k - rankError)];
                    float high = sorted[(int) Math.min(n - 1, k + rankError)];
                    float actual = (float) number(row, QUANTILES[q]);
                    assertTrue(actual >= low && actual <= high, where + ": " + QUANTILES[q] + " = " + actual
                            + ", expected the value at rank " + (k + 1) + " of " + n + " (" + sorted[k] + ")");
                }
            }
        }
    }

    /** The stats row of one group and feature index. */
    private static Row statsRow(List<Row> stats, Integer target, int index) {
        for (Row row : stats) {
            boolean sameTarget = target == null ? row.isNullAt(row.fieldIndex("target"))
                    : !row.isNullAt(row.fieldIndex("target")) && ((Number) row.getAs("target")).intValue() == target;
            if (sameTarget && ((Number) row.getAs("index")).intValue() == index) {
                return row;
            }
        }
        throw new AssertionError("feature_stats has no row for target " + target + ", index " + index);
    }

    /** The {@code k} features with the largest mean |attribution| over all rows, largest first. */
    static List<String> topFeatures(List<Row> attributionRows, List<String> names, int k) {
        double[] meanAbs = new double[names.size()];
        for (Row row : attributionRows) {
            float[] a = attributions(row);
            for (int i = 0; i < a.length; i++) {
                meanAbs[i] += Math.abs((double) a[i]);
            }
        }
        return java.util.stream.IntStream.range(0, names.size()).boxed()
                .sorted((x, y) -> meanAbs[x] != meanAbs[y] ? Double.compare(meanAbs[y], meanAbs[x]) : Integer.compare(x, y))
                .limit(k).map(names::get).collect(Collectors.toList());
    }

    /**
     * The number of marks ({@code data-mark} elements) of one chart of report.html, checked
     * against the chart's own {@code data-marks}.
     */
    static int chartMarks(String html, String chart) {
        String opening = "data-chart=\"" + chart + "\" data-marks=\"";
        int start = html.indexOf(opening);
        assertTrue(start >= 0, "report.html has no chart " + chart);
        int declared = Integer.parseInt(html.substring(start + opening.length(), html.indexOf('"', start + opening.length())));
        String svg = html.substring(start, html.indexOf("</svg>", start));
        int counted = svg.split("data-mark=\"1\"", -1).length - 1;
        assertEquals(declared, counted, chart + ": data-marks against the marked elements");
        return counted;
    }

    /**
     * Asserts that the attribution values of every part file under {@code output}/attributions are
     * written without a dictionary and, where this Parquet can leave them out (1.15+, Spark 4),
     * without statistics, while the prediction column keeps its statistics. Parquet abandons the
     * dictionary of values that are mostly distinct by itself, so only outputs with many repeated
     * values (DigitsSampleAuditTest) catch a dictionary regression.
     */
    static void assertAttributionValuesWrittenPlain(Path output) throws IOException {
        boolean statisticsCanBeOff = Arrays.stream(ParquetOutputFormat.class.getFields())
                .anyMatch(field -> field.getName().equals("STATISTICS_ENABLED"));
        Path folder = output.resolve("attributions");
        List<Path> parts = listing(folder).stream().filter(name -> name.endsWith(".parquet")).map(folder::resolve).toList();
        assertFalse(parts.isEmpty(), "attribution part files in " + output);
        int valueChunks = 0;
        for (Path part : parts) {
            var file = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(part.toUri()), new Configuration());
            try (ParquetFileReader reader = ParquetFileReader.open(file)) {
                for (BlockMetaData block : reader.getFooter().getBlocks()) {
                    for (ColumnChunkMetaData chunk : block.getColumns()) {
                        String path = chunk.getPath().toDotString();
                        if (path.equals(OutputSchemas.ATTRIBUTION_VALUES_PATH)) {
                            valueChunks++;
                            assertFalse(chunk.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
                                    || chunk.getEncodings().contains(Encoding.RLE_DICTIONARY),
                                    part + ": attribution values dictionary-encoded " + chunk.getEncodings());
                            if (statisticsCanBeOff) {
                                assertTrue(chunk.getStatistics().isEmpty(), part + ": attribution values have statistics");
                            }
                        } else if (path.equals(OutputSchemas.PREDICTION)) {
                            assertFalse(chunk.getStatistics().isEmpty(), part + ": prediction lost its statistics");
                        }
                    }
                }
            }
        }
        assertTrue(valueChunks > 0, "no column " + OutputSchemas.ATTRIBUTION_VALUES_PATH + " in " + parts);
    }
}
