package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.LINEAR4_WEIGHTS;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.testModel;
import static io.igaudit.pipeline.Audits.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad inputs of issue 13 that are not about the output folder or the model: CSV cells spelt
 * as numpy and pandas write them, text in a feature column, folders mixing formats, an empty
 * folder, a baseline file lacking a feature column. Each either runs as documented or stops with
 * a {@link ConfigException} (exit code 2 in Main) whose message is one line naming the culprit and
 * the fix; nothing is written, and every input file is left as it was.
 */
class BadInput13Test {

    @TempDir
    Path tmp;

    private Path output;
    private Path inputs;
    private Map<Path, byte[]> inputsBefore;

    @BeforeEach
    void folders() {
        output = tmp.resolve("out");
        inputs = tmp.resolve("in");
    }

    /** Every input file is still there, byte for byte. */
    @AfterEach
    void inputsUntouched() {
        if (inputsBefore != null) {
            assertEquals(inputsBefore.keySet(), snapshot().keySet(), "input files after the run");
            inputsBefore.forEach((file, bytes) -> assertTrue(java.util.Arrays.equals(bytes, snapshot().get(file)), file + " changed"));
        }
    }

    /** Records the input files (call once they are all written). */
    private void recordInputs() {
        inputsBefore = snapshot();
    }

    private Map<Path, byte[]> snapshot() {
        Map<Path, byte[]> files = new TreeMap<>();
        if (!Files.exists(inputs)) {
            return files;
        }
        try (Stream<Path> all = Files.walk(inputs)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(file, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** linear4 over a CSV of (id, a, b, c, d), or the given input and format. */
    private List<String> settings(Path input, String format, String... more) {
        return with(List.of(
                "input.path=" + input.toAbsolutePath(),
                "input.format=" + format,
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.path=" + output), more);
    }

    /** The run's message, checked to be one line mentioning every part; nothing was written. */
    private String failure(List<String> settings, String... parts) throws IOException {
        recordInputs();
        String message = Audits.rejected(output, settings).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
        return message;
    }

    // ------------------------------------------------------------------ CSV cells as numpy and pandas write them

    /** Rows 2 to 8 spell a missing or special value in each way numpy and pandas write them. */
    private static final String[] SPELLED = {
        "id,a,b,c,d",
        "1,1.0,2.0,3.0,4.0",
        "2,nan,1.0,1.0,1.0",
        "3,1.0,inf,1.0,1.0",
        "4,1.0,1.0,-inf,1.0",
        "5,1.0,1.0,1.0,",
        "6,NaN,1.0,1.0,1.0",
        "7,1.0,Infinity,1.0,1.0",
        "8, NA ,1.0,-Infinity,1.0",
        "9,0.5,-1.0,2.0,1.0",
    };

    private static final String BEYOND_FLOAT32 = " (or beyond float32's range, which the model computes in)";

    @Test
    void numpyAndPandasSpellingsAreQuarantinedAndCounted() throws Exception {
        Path csv = Audits.write(inputs.resolve("spelled.csv"), SPELLED);
        recordInputs();
        RunSummary summary = Audits.run(settings(csv, "csv"));
        assertEquals(9, summary.inputRows());
        assertEquals(2, summary.attributedRows());
        assertEquals(7, summary.rejectedRows());
        Map<Long, Row> rejected = byId(parquet(output, "rejected"));
        Map<Long, String> reasons = Map.of(
                2L, "NaN in column 'a'",
                3L, "infinite value in column 'b'" + BEYOND_FLOAT32,
                4L, "infinite value in column 'c'" + BEYOND_FLOAT32,
                5L, "null in column 'd'",
                6L, "NaN in column 'a'",
                7L, "infinite value in column 'b'" + BEYOND_FLOAT32,
                8L, "null in column 'a'");
        assertEquals(reasons.keySet(), rejected.keySet());
        reasons.forEach((id, reason) -> assertEquals(reason, rejected.get(id).getAs("reason"), "reason of id " + id));
        assertEquals(Double.NEGATIVE_INFINITY, Audits.number(rejected.get(4L), "c"), "-inf is read as -infinity");
        // The valid rows: linear4 with a zero baseline attributes w_i x_i.
        Map<Long, Row> attributed = byId(parquet(output, "attributions"));
        assertEquals(java.util.Set.of(1L, 9L), attributed.keySet());
        float[] row9 = {0.5f, -1f, 2f, 1f};
        float[] a = Audits.attributions(attributed.get(9L));
        for (int i = 0; i < 4; i++) {
            assertEquals(LINEAR4_WEIGHTS[i] * row9[i], a[i], 1e-5, "id 9 feature " + i);
        }
    }

    /**
     * A CSV is read without Spark's schema inference: features parsed by the reader, or (once a cell
     * such as NA stops it) the file read again as text. Either way the other columns get the types
     * inference gives them, in attributions/ and rejected/, and the attributions are the same.
     */
    @Test
    void otherColumnsGetTheTypesSchemaInferenceGivesOnBothReadings() throws Exception {
        String header = "id,ref,group,flag,score,a,b,c,d";
        String[] rows = {"1,3000000000,x,true,0.5,1.0,2.0,3.0,4.0", "2,7,y,false,1,0.5,-1.0,2.0,1.0"};
        Path plain = Audits.write(inputs.resolve("plain.csv"), header, rows[0], rows[1]);
        Path spelled = Audits.write(inputs.resolve("spelled.csv"), header, rows[0], rows[1], "3,8,z,TRUE,2.5,NA,1.0,1.0,1.0");
        StructType inferred = Audits.spark().read().option("header", "true").option("inferSchema", "true")
                .csv(spelled.toString()).schema();
        recordInputs();
        Map<Long, Row> plainRows = byId(parquet(runOn(plain, "plain"), "attributions"));
        Path spelledOutput = runOn(spelled, "spelled");
        Map<Long, Row> spelledRows = byId(parquet(spelledOutput, "attributions"));
        assertEquals(plainRows.keySet(), spelledRows.keySet());
        for (long id : plainRows.keySet()) {
            assertTrue(java.util.Arrays.equals(Audits.attributions(plainRows.get(id)), Audits.attributions(spelledRows.get(id))),
                    "attributions of id " + id);
        }
        StructType attributions = Audits.spark().read().parquet(runOn(plain, "again").resolve("attributions").toString()).schema();
        assertEquals(inferred.apply("id").dataType(), attributions.apply("id").dataType(), "id in attributions/");
        StructType rejected = Audits.spark().read().parquet(spelledOutput.resolve("rejected").toString()).schema();
        for (String column : List.of("id", "ref", "group", "flag", "score")) {
            assertEquals(inferred.apply(column).dataType(), rejected.apply(column).dataType(), column + " in rejected/");
        }
        Row third = parquet(spelledOutput, "rejected").get(0);
        assertEquals(List.of(3, 8L, "z", true, 2.5), List.of(third.getAs("id"), third.getAs("ref"), third.getAs("group"),
                third.getAs("flag"), third.getAs("score")));
    }

    @Test
    void aColumnNamedLikeAHiddenColumnIsRefused() throws Exception {
        Path csv = Audits.write(inputs.resolve("hidden.csv"), "id,a,b,c,d,__IG_AUDIT_unparsed_line", "1,1.0,2.0,3.0,4.0,x");
        failure(settings(csv, "csv"), "'__IG_AUDIT_unparsed_line'", "_ig_audit_", "rename it");
    }

    private Path runOn(Path csv, String name) throws Exception {
        Path out = tmp.resolve("out-" + name);
        Audits.run(with(settings(csv, "csv"), "output.path=" + out));
        return out;
    }

    @Test
    void numpyAndPandasSpellingsUnderFailNameTheFirstRow() throws Exception {
        Path csv = Audits.write(inputs.resolve("spelled.csv"), SPELLED);
        failure(settings(csv, "csv", "input.on-invalid-row=fail"),
                "7 input row(s)", "id=2", "NaN in column 'a'", "input.on-invalid-row");
    }

    @Test
    void textInAFeatureColumnNamesTheValueItsLineAndTheFix() throws Exception {
        Path csv = Audits.write(inputs.resolve("text.csv"),
                "id,a,b,c,d",
                "1,1.0,2.0,3.0,4.0",
                "2,0.5,nan,2.0,1.0",
                "3,2.0,high,0.0,-1.0",
                "4,2.0,low,0.0,-1.0");
        failure(settings(csv, "csv"), "feature column 'b'", "'high'", "line 4 of", csv.toString(), "(id=3)",
                "holds text", "2 row(s) hold text", "numeric", "drop 'b' from input.features");
    }

    // ------------------------------------------------------------------ folders

    /** A Parquet file of (id, a, b, c, d) rows written by Spark into {@code folder}. */
    private static void parquetRows(Path folder) {
        StructType schema = new StructType().add("id", "int").add("a", "double").add("b", "double").add("c", "double")
                .add("d", "double");
        Audits.spark().createDataFrame(List.of(RowFactory.create(7, 1.0, 2.0, 3.0, 4.0)), schema).coalesce(1)
                .write().parquet(folder.toString());
    }

    /** The one Parquet data file Spark wrote into a folder. */
    private static Path parquetPart(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
    }

    @Test
    void aCsvFolderWithAParquetFileNamesTheParquetFile() throws Exception {
        Path folder = inputs.resolve("mixed");
        parquetRows(folder);
        Path parquet = parquetPart(folder);
        Audits.write(folder.resolve("rows.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0");
        String message = failure(settings(folder, "csv"), "input.path", "mixes formats", parquet.getFileName().toString(),
                "is a Parquet file but input.format = csv", "move the files that are not CSV out");
        assertFalse(message.contains("rows.csv"), "the valid CSV file is not blamed: " + message);
    }

    @Test
    void aParquetFolderWithACsvFileNamesTheCsvFile() throws Exception {
        Path folder = inputs.resolve("mixed");
        parquetRows(folder);
        Path csv = Audits.write(folder.resolve("extra.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0");
        failure(settings(folder, "parquet"), "input.path", "mixes formats", csv.toString(),
                "is a CSV file but input.format = parquet", "move the files that are not Parquet out");
    }

    @Test
    void aFolderOfCsvFilesReadAsParquetSuggestsTheFormat() throws Exception {
        Path folder = inputs.resolve("csvs");
        Audits.write(folder.resolve("part-1.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0");
        Audits.write(folder.resolve("part-2.csv"), "id,a,b,c,d", "2,1.0,2.0,3.0,4.0");
        failure(settings(folder, "parquet"), "input.path", "holds CSV files", "set input.format = csv");
    }

    @Test
    void anEmptyFolderHoldsNoDataFiles() throws Exception {
        Path folder = Files.createDirectories(inputs.resolve("empty"));
        Audits.write(folder.resolve("_SUCCESS"));
        Audits.write(folder.resolve(".part-00000.crc"), "x");
        failure(settings(folder, "parquet"), "input.path " + folder, "holds no data files");
    }

    // ------------------------------------------------------------------ baseline file

    @Test
    void aBaselineFileLackingAFeatureColumnIsNamedAsTheCulprit() throws Exception {
        Path csv = Audits.write(inputs.resolve("rows.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0");
        Path baseline = Audits.write(inputs.resolve("baseline.csv"), "a,b,c", "0.0,0.0,0.0");
        String message = failure(settings(csv, "csv", "attribution.baseline=" + baseline),
                "attribution.baseline file " + baseline, "lacks the feature column 'd'", "columns: a, b, c");
        assertFalse(message.contains("the input does not have"), message);
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void stepsOutOfRangeOffersAuto() {
        for (String steps : List.of("0", "lots", "2.5")) {
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            java.io.PrintStream original = System.err;
            int code;
            try (java.io.PrintStream err = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8)) {
                System.setErr(err);
                // The loader refuses the value before any Spark session starts.
                code = new picocli.CommandLine(new io.igaudit.Main()).execute("--set", "input.path=" + tmp.resolve("in.csv"),
                        "--set", "input.features=[a]", "--set", "model.path=" + testModel("linear4.pt"),
                        "--set", "output.path=" + output, "--set", "attribution.steps=" + steps);
            } finally {
                System.setErr(original);
            }
            String err = captured.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
            assertEquals(io.igaudit.Main.BAD_INPUT, code, err);
            assertFalse(err.contains("\n"), "one line: " + err);
            assertTrue(err.contains("attribution.steps") && err.contains(steps) && err.contains("or set it to auto"), err);
        }
    }

    // ------------------------------------------------------------------ history under concurrent runs

    /**
     * Two audits at once (one JVM, one session) into one history: both rows land, whole. Whether the
     * two appends themselves overlap depends on timing here; HistoryTableTest overlaps appends for sure.
     */
    @Test
    void twoAuditsAtOnceBothLandInTheHistory() throws Exception {
        Path csv = Audits.write(inputs.resolve("rows.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0", "2,0.5,-1.0,2.0,1.0");
        recordInputs();
        Path history = tmp.resolve("history");
        List<Path> outputs = List.of(tmp.resolve("out-a"), tmp.resolve("out-b"));
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(outputs.size());
        List<java.util.concurrent.Future<RunSummary>> runs = new java.util.ArrayList<>();
        for (Path out : outputs) {
            List<String> settings = with(settings(csv, "csv"), "output.path=" + out, "audit.history-path=" + history,
                    "audit.tags.job=" + out.getFileName());
            runs.add(pool.submit(() -> {
                start.await();
                return Audits.run(settings);
            }));
        }
        start.countDown();
        try {
            for (java.util.concurrent.Future<RunSummary> run : runs) {
                assertEquals(2, run.get(5, java.util.concurrent.TimeUnit.MINUTES).attributedRows());
            }
        } finally {
            pool.shutdownNow();
        }
        java.util.Set<String> runIds = new java.util.TreeSet<>();
        for (Path out : outputs) {
            runIds.add(Audits.runJsonText(out, "run_id"));
        }
        List<Row> rows = Audits.spark().read().parquet(history.toString()).collectAsList();
        assertEquals(runIds, rows.stream().map(r -> r.<String>getAs("run_id")).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)),
                "one whole row per audit");
        assertTrue(rows.stream().allMatch(r -> r.<Long>getAs("attributed_rows") == 2), "the rows' metrics");
    }
}
