package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.rejected;
import static io.igaudit.pipeline.Audits.sample;
import static io.igaudit.pipeline.Audits.testModel;
import static io.igaudit.pipeline.Audits.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import io.igaudit.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every problem with the input, the model or a setting that depends on them stops the run with a
 * {@link ConfigException} (exit code 2 in Main) whose message names the culprit, before anything
 * is written: the output folder is never created and its parent is left as it was.
 */
class BadInputTest {

    @TempDir
    Path tmp;

    private Path output;
    private Path csv;

    @BeforeEach
    void data() {
        output = tmp.resolve("out");
        csv = Audits.write(tmp.resolve("in/rows.csv"),
                "id,a,b,c,d,t",
                "1,1.0,2.0,3.0,4.0,0",
                "2,0.5,-1.0,2.0,1.0,1",
                "3,2.0,1.0,0.0,-1.0,0");
    }

    /** A valid run over {@link #csv} with linear4, before the test's changes. */
    private List<String> valid(String... more) {
        return with(List.of(
                "input.path=" + csv.toAbsolutePath(),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.path=" + output), more);
    }

    private String failure(List<String> settings) throws Exception {
        return rejected(output, settings).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "message should mention '" + part + "': " + message);
        }
    }

    /** A Parquet folder of (id, x array) rows. */
    private Path arrays(String name, Double[]... rows) {
        List<Row> list = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            list.add(ArrayColumnAuditTest.row(r + 1, rows[r]));
        }
        return ArrayColumnAuditTest.writeArrays(tmp.resolve(name), list);
    }

    private List<String> arrayInput(Path input, String... more) {
        return with(List.of(
                "input.path=" + input,
                "input.id-columns=[id]",
                "input.feature-column=x",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.path=" + output), more);
    }

    // ------------------------------------------------------------------ input

    @Test
    void inputPathMissing() throws Exception {
        Path missing = tmp.resolve("no-such.csv");
        String message = failure(valid("input.path=" + missing));
        assertMentions(message, "input.path", missing.toString(), "does not exist");
    }

    @Test
    void aFeatureThresholdNamingAMissingFeature() throws Exception {
        String message = failure(valid("audit.history-path=" + tmp.resolve("history"), "audit.compare-with=previous",
                "audit.fail-on.features.cc.psi-above=0.1"));
        assertTrue(message.startsWith("audit.fail-on.features.cc.psi-above names feature 'cc', which this run does not have "
                + "(did you mean 'c'?); its 4 features: a, b, c, d"), message);
    }

    @Test
    void csvWithOnlyAHeader() throws Exception {
        Path empty = Audits.write(tmp.resolve("in/empty.csv"), "id,a,b,c,d");
        String message = failure(valid("input.path=" + empty));
        assertMentions(message, "input.path", empty.toString(), "no rows");
    }

    @Test
    void emptyParquet() throws Exception {
        Path empty = tmp.resolve("empty.parquet");
        Audits.spark().createDataFrame(List.of(), ArrayColumnAuditTest.SCHEMA).write().parquet(empty.toString());
        String message = failure(arrayInput(empty));
        assertMentions(message, "input.path", empty.toString(), "no rows");
    }

    @Test
    void inputFormatThatDoesNotFitTheFile() throws Exception {
        // A valid format value, but the file is CSV: reading it as Parquet must name the path.
        String message = failure(valid("input.format=parquet"));
        assertMentions(message, "input.path", csv.toString());
    }

    @Test
    void corruptParquetFile() throws Exception {
        Path corrupt = Audits.write(tmp.resolve("corrupt/part-00000.parquet"), "this is not parquet at all");
        String message = failure(arrayInput(corrupt.getParent()));
        assertMentions(message, "input.path", corrupt.getParent().toString());
    }

    @Test
    void corruptParquetFileBesideAGoodOne() throws Exception {
        Path folder = arrays("mixed.parquet", new Double[] {1.0, 2.0, 3.0, 4.0});
        Path corrupt = folder.resolve("part-99999-corrupt.snappy.parquet");
        Files.write(corrupt, new byte[] {'P', 'A', 'R', '1', 0, 1, 2, 3, 4, 5, 6, 7, 'P', 'A', 'R', '1'});
        String message = failure(arrayInput(folder));
        assertMentions(message, "corrupt");
    }

    @Test
    void csvRowWithMissingFields() throws Exception {
        Path malformed = Audits.write(tmp.resolve("in/malformed.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0", "2,0.5,-1.0");
        String message = failure(valid("input.path=" + malformed));
        assertMentions(message, "input.path", "malformed CSV line \"2,0.5,-1.0\"", "number of fields");
    }

    @Test
    void csvLineBrokenByACarriageReturnIsQuoted() throws Exception {
        // A CRLF file with a column appended after the carriage return: the parser sees a line ",north".
        Path broken = Audits.write(tmp.resolve("in/crlf.csv"), "id,a,b,c,d\r,site", "1,1.0,2.0,3.0,4.0\r,north");
        String message = failure(valid("input.path=" + broken));
        assertMentions(message, "malformed CSV line", "carriage return");
    }

    @Test
    void missingFeatureColumnSuggestsTheClosestName() throws Exception {
        List<String> features = new ArrayList<>(Audits.csvHeader(Samples.file("breast_cancer.csv")).subList(1, 31));
        features.set(1, "mean_textur");
        String message = failure(List.of(
                "input.path=" + sample("breast_cancer.csv"),
                "input.format=csv",
                "input.features=" + Audits.list(features),
                "model.path=" + sample("breast_cancer_mlp.pt"),
                "output.path=" + output));
        assertMentions(message, "input.features", "'mean_textur'", "did you mean 'mean_texture'");
    }

    @Test
    void nonNumericFeatureColumn() throws Exception {
        Path text = Audits.write(tmp.resolve("in/text.csv"), "id,a,b,c,d", "1,1.0,high,3.0,4.0", "2,0.5,low,2.0,1.0");
        String message = failure(valid("input.path=" + text));
        assertMentions(message, "'b'", "holds text", "numeric");
    }

    @Test
    void arrayColumnWithRaggedLengths() throws Exception {
        Path ragged = arrays("ragged.parquet", new Double[] {1.0, 2.0, 3.0, 4.0}, new Double[] {1.0, 2.0, 3.0});
        String message = failure(arrayInput(ragged));
        assertMentions(message, "input.feature-column", "'x'", "3 to 4");
    }

    @Test
    void inputShapeThatDoesNotHoldTheArray() throws Exception {
        Path input = arrays("four.parquet", new Double[] {1.0, 2.0, 3.0, 4.0});
        String message = failure(arrayInput(input, "input.shape=[3]"));
        assertMentions(message, "input.shape", "[3]", "4");
    }

    @Test
    void inputShapeTheModelCannotTake() throws Exception {
        Path input = arrays("four.parquet", new Double[] {1.0, 2.0, 3.0, 4.0});
        String message = failure(arrayInput(input, "input.shape=[2, 2]"));
        assertMentions(message, "model.path", "[2, 2]");
    }

    @Test
    void idColumnMissing() throws Exception {
        String message = failure(valid("input.id-columns=[row_id]"));
        assertMentions(message, "input.id-columns", "'row_id'");
    }

    // ------------------------------------------------------------------ model

    @Test
    void modelFileMissing() throws Exception {
        Path missing = tmp.resolve("missing.pt");
        String message = failure(valid("model.path=" + missing));
        assertMentions(message, "model.path", missing.toString(), "does not exist");
    }

    @Test
    void modelFileNotTorchScript() throws Exception {
        String message = failure(valid("model.path=" + testModel("not_torchscript.pt")));
        assertMentions(message, "model.path", "not_torchscript.pt", "TorchScript");
    }

    @Test
    void truncatedModelFile() throws Exception {
        byte[] whole = Files.readAllBytes(Samples.file("breast_cancer_mlp.pt"));
        Path truncated = Files.write(tmp.resolve("truncated.pt"), java.util.Arrays.copyOf(whole, whole.length / 2));
        String message = failure(valid("model.path=" + truncated));
        assertMentions(message, "model.path", truncated.toString(), "TorchScript");
    }

    @Test
    void affineHeadThatIsNotAffineStopsTheRunBeforeAnyTask() throws Exception {
        Path five = Audits.write(tmp.resolve("in/five.csv"),
                "id,a,b,c,d,e",
                "1,1.0,2.0,3.0,4.0,5.0",
                "2,0.5,-1.0,2.0,1.0,0.0");
        String message = failure(valid("input.path=" + five, "input.features=[a,b,c,d,e]",
                "model.path=" + testModel("split_not_affine.pt")));
        assertMentions(message, "model.path", "split_not_affine.pt", "ig_affine_head is not affine", "ig_tail");
    }

    @Test
    void targetIndexBeyondTheModelOutput() throws Exception {
        String message = failure(valid("attribution.target=1"));
        assertMentions(message, "attribution.target", "1 output(s)");
    }

    @Test
    void targetColumnOutOfRange() throws Exception {
        String message = failure(valid("attribution.target=column:t"));
        assertMentions(message, "attribution.target", "'t'", "0 to 1", "1 output(s)");
    }

    @Test
    void targetColumnMissing() throws Exception {
        String message = failure(valid("attribution.target=column:label"));
        assertMentions(message, "attribution.target", "'label'");
    }

    // ------------------------------------------------------------------ baselines

    @Test
    void baselineListOfTheWrongWidth() throws Exception {
        String message = failure(valid("attribution.baseline=[1, 2, 3]"));
        assertMentions(message, "attribution.baseline", "3 values", "4 features");
    }

    @Test
    void baselineFileWithNonNumericValues() throws Exception {
        Path file = Audits.write(tmp.resolve("in/baseline.csv"), "a,b,c,d", "1.0,zero,0.0,0.0");
        String message = failure(valid("attribution.baseline=" + file));
        assertMentions(message, "attribution.baseline", file.toString(), "'b'");
    }

    @Test
    void baselineFileWithANaN() throws Exception {
        Path file = Audits.write(tmp.resolve("in/baseline.csv"), "a,b,c,d", "1.0,0.0,NaN,0.0");
        String message = failure(valid("attribution.baseline=" + file));
        assertMentions(message, "attribution.baseline", file.toString(), "finite");
    }

    @Test
    void baselineFileThatIsCorruptParquet() throws Exception {
        Path file = Audits.write(tmp.resolve("baseline.parquet/part-00000.parquet"), "PAR1 not really PAR1");
        String message = failure(valid("attribution.baseline=" + file.getParent()));
        assertMentions(message, "attribution.baseline", file.getParent().toString());
    }

    @Test
    void baselineParquetWithACorruptPart() throws Exception {
        Path folder = tmp.resolve("baselines.parquet");
        Audits.spark().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(0.0, 0.0, 0.0, 0.0)),
                new org.apache.spark.sql.types.StructType().add("a", "double").add("b", "double").add("c", "double").add("d", "double"))
                .coalesce(1).write().parquet(folder.toString());
        Files.write(folder.resolve("part-99999-corrupt.snappy.parquet"),
                new byte[] {'P', 'A', 'R', '1', 0, 1, 2, 3, 4, 5, 6, 7, 'P', 'A', 'R', '1'});
        String message = failure(valid("attribution.baseline=" + folder));
        assertMentions(message, "attribution.baseline", folder.toString());
    }

    @Test
    void baselineFileMissing() throws Exception {
        Path file = tmp.resolve("in/none.csv");
        String message = failure(valid("attribution.baseline=" + file));
        assertMentions(message, "attribution.baseline", file.toString(), "does not exist");
    }

    // ------------------------------------------------------------------ output

    @Test
    void existingOutputIsLeftUntouched() throws Exception {
        Files.createDirectories(output);
        Path keep = Audits.write(output.resolve("keep.txt"), "earlier results");
        List<String> before = Audits.listing(output);
        ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> Audits.run(valid()));
        assertMentions(error.getMessage(), "output.path", "already exists", "overwrite");
        assertEquals(before, Audits.listing(output));
        assertEquals(List.of("earlier results"), Files.readAllLines(keep));
    }

    @Test
    void outputLocationThatCannotBeWritten() throws Exception {
        // A folder cannot be made below a plain file, whoever runs the test (root included).
        Path file = Audits.write(tmp.resolve("a-file.txt"), "not a folder");
        Path below = file.resolve("audit");
        ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> Audits.run(valid("output.path=" + below)));
        assertMentions(error.getMessage(), "output.path", below.toString());
        assertEquals(List.of("not a folder"), Files.readAllLines(file));
    }

    @Test
    void outputInsideTheInputIsRefused() throws Exception {
        Path input = arrays("four.parquet", new Double[] {1.0, 2.0, 3.0, 4.0});
        ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> Audits.run(arrayInput(input, "output.mode=overwrite", "output.path=" + tmp)));
        assertMentions(error.getMessage(), "output.path", "input.path");
        assertTrue(Files.exists(input.resolve("_SUCCESS")), "the input is still there");
    }

    @Test
    void aSecondRunIntoAnOutputAnotherRunIsWritingStopsBeforeItsChecks() throws Exception {
        Files.writeString(output.resolveSibling(".out.ig-audit-lock"), "{\"pid\":" + ProcessHandle.current().pid()
                + ",\"host\":\"" + java.net.InetAddress.getLocalHost().getHostName() + "\",\"started\":\"2026-12-07T04:00:00Z\","
                + "\"run_id\":\"first\"}");
        assertMentions(failure(valid()), "another run (pid " + ProcessHandle.current().pid(), "is writing to output.path");
    }

    @Test
    void classNamesThatDoNotMatchTheModelsOutputs() throws Exception {
        assertMentions(failure(valid("input.class-names=[low, mid, high]")), "input.class-names holds 3 class names",
                "low, mid, high", "the model has 1 output(s)", "one name per output");
    }
}
