package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.LINEAR4_WEIGHTS;
import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.testModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows with NaN, empty (null) or infinite feature cells, under each input.on-invalid-row policy:
 * quarantine writes exactly those rows to rejected/ with a reason, skip leaves them out, fail stops
 * before writing anything. The model is linear4, so the valid rows' attributions are known exactly.
 */
class InvalidRowsTest {

    private static final String BEYOND_FLOAT32 = " (or beyond float32's range, which the model computes in)";

    /** id → the reason the job must give; the other ids are valid. */
    private static final Map<Long, String> INVALID = Map.of(
            3L, "NaN in column 'b'",
            5L, "null in column 'c'",
            7L, "infinite value in column 'a'" + BEYOND_FLOAT32,
            8L, "infinite value in column 'd'" + BEYOND_FLOAT32);
    private static final Set<Long> VALID = Set.of(1L, 2L, 4L, 6L, 9L, 10L);

    /** A CSV for linear4 (features a, b, c, d) whose rows 3, 5, 7 and 8 are invalid. */
    static final String[] MIXED_ROWS = {
        "id,a,b,c,d",
        "1,1.0,2.0,3.0,4.0",
        "2,0.5,-1.0,2.0,1.0",
        "3,1.0,NaN,1.0,1.0",
        "4,2.0,1.0,0.0,-1.0",
        "5,1.0,1.0,,1.0",
        "6,-1.0,0.5,0.25,2.0",
        "7,Infinity,1.0,1.0,1.0",
        "8,1.0,1.0,1.0,-Infinity",
        "9,3.0,2.0,1.0,0.0",
        "10,0.0,0.0,0.0,0.0",
    };

    @TempDir
    static Path tmp;

    private static Path csv;

    @BeforeAll
    static void data() {
        csv = Audits.write(tmp.resolve("in/rows.csv"), MIXED_ROWS);
    }

    static List<String> settings(Path output, String policy) {
        return List.of(
                "input.path=" + csv.toAbsolutePath(),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "input.on-invalid-row=" + policy,
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.path=" + output);
    }

    /** The valid rows are attributed exactly: linear4 with a zero baseline gives w_i x_i. */
    private static void assertValidRowsAttributed(Path output) {
        Map<Long, Row> rows = byId(parquet(output, "attributions"));
        assertEquals(VALID, rows.keySet());
        for (Row row : rows.values()) {
            float[] a = attributions(row);
            float[] input = inputOf(((Number) row.getAs("id")).longValue());
            for (int i = 0; i < 4; i++) {
                assertEquals(LINEAR4_WEIGHTS[i] * input[i], a[i], 1e-5 * Math.max(1, Math.abs(LINEAR4_WEIGHTS[i] * input[i])),
                        "id " + row.getAs("id") + " feature " + i);
            }
            assertEquals(Audits.linear4(input), Audits.number(row, "prediction"), 1e-5);
        }
    }

    private static float[] inputOf(long id) {
        try {
            String line = Files.readAllLines(csv).get((int) id);
            String[] cells = line.split(",", -1);
            float[] x = new float[4];
            for (int i = 0; i < 4; i++) {
                x[i] = Float.parseFloat(cells[1 + i]);
            }
            return x;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void quarantineWritesExactlyTheInvalidRowsWithReasons() throws Exception {
        Path output = tmp.resolve("quarantine");
        RunSummary summary = Audits.run(settings(output, "quarantine"));
        Map<Long, Row> rejected = byId(parquet(output, "rejected"));
        assertEquals(INVALID.keySet(), rejected.keySet());
        for (Map.Entry<Long, String> entry : INVALID.entrySet()) {
            assertEquals(entry.getValue(), rejected.get(entry.getKey()).getAs("reason"), "reason of id " + entry.getKey());
        }
        assertEquals(List.of("id", "a", "b", "c", "d", "reason"), List.of(rejected.get(3L).schema().fieldNames()),
                "rejected rows keep their input columns, and no hidden column of the job's");
        assertTrue(Double.isNaN(Audits.number(rejected.get(3L), "b")));
        assertValidRowsAttributed(output);
        assertEquals(10, summary.inputRows());
        assertEquals(6, summary.attributedRows());
        assertEquals(4, summary.rejectedRows());
        JsonNode report = Audits.runJson(output);
        assertEquals(10, report.at("/counts/input_rows").asLong());
        assertEquals(6, report.at("/counts/attributed_rows").asLong());
        assertEquals(4, report.at("/counts/rejected_rows").asLong());
        assertEquals("quarantine", report.at("/input/on_invalid_row").asText());
    }

    @Test
    void skipLeavesInvalidRowsOutAndCountsThem() throws Exception {
        Path output = tmp.resolve("skip");
        RunSummary summary = Audits.run(settings(output, "skip"));
        assertFalse(Files.exists(output.resolve("rejected")), "skip writes no rejected/ folder");
        assertValidRowsAttributed(output);
        assertEquals(4, summary.rejectedRows());
        JsonNode report = Audits.runJson(output);
        assertEquals(6, report.at("/counts/attributed_rows").asLong());
        assertEquals(4, report.at("/counts/rejected_rows").asLong());
        assertEquals("skip", report.at("/input/on_invalid_row").asText());
        List<Row> stats = parquet(output, "feature_stats");
        Audits.assertFeatureStats(parquet(output, "attributions"), stats, List.of("a", "b", "c", "d"), false);
        assertTrue(stats.stream().allMatch(r -> Audits.number(r, "count") == 6), "statistics count the attributed rows only");
    }

    @Test
    void failStopsNamingTheFirstInvalidRowAndWritesNothing() throws Exception {
        Path output = tmp.resolve("fail");
        ConfigException error = Audits.rejected(output, settings(output, "fail"));
        String message = error.getMessage();
        assertTrue(message.contains("4 input row(s)"), message);
        assertTrue(message.contains("id=3") && message.contains("NaN in column 'b'"), message);
        assertTrue(message.contains("input.on-invalid-row"), message);
    }

    @Test
    void doublesBeyondTheFloat32RangeAreInvalidNotInfiniteInputs() throws Exception {
        // 1e300 is a finite double, but the model computes in float32, where it is infinite.
        Path input = Audits.write(tmp.resolve("in/huge.csv"), "id,a,b,c,d", "1,1.0,2.0,3.0,4.0", "2,1.0,1e300,1.0,1.0");
        Path output = tmp.resolve("huge");
        List<String> settings = new java.util.ArrayList<>(settings(output, "quarantine"));
        settings.set(0, "input.path=" + input.toAbsolutePath());
        RunSummary summary = Audits.run(settings);
        assertEquals(1, summary.rejectedRows());
        Row rejected = byId(parquet(output, "rejected")).get(2L);
        assertEquals("infinite value in column 'b'" + BEYOND_FLOAT32, rejected.getAs("reason"));
        assertEquals(1e300, Audits.number(rejected, "b"), "rejected/ keeps the file's value, not its float32 rounding");
        assertEquals(java.util.Set.of(1L), byId(parquet(output, "attributions")).keySet());
    }
}
