package io.igaudit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.config.ConfigLoader;
import io.igaudit.pipeline.AuditPipeline;
import io.igaudit.pipeline.RunSummary;
import io.igaudit.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * An audit's output folder as read back in the test JVM: every attribution row by id (with the
 * ids as written, duplicates included) and run.json; also runs audits in local mode in-process.
 */
final class AuditOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One output row's numbers. */
    record Result(int target, float prediction, float baselinePrediction, float delta, float[] attributions) {}

    private final List<Long> ids = new ArrayList<>();
    private final Map<Long, Result> rows = new HashMap<>();
    private final JsonNode report;

    private AuditOutput(List<Row> attributionRows, JsonNode report) {
        for (Row row : attributionRows) {
            long id = ((Number) row.get(0)).longValue();
            List<Object> values = row.getList(5);
            float[] attributions = new float[values.size()];
            for (int i = 0; i < attributions.length; i++) {
                attributions[i] = ((Number) values.get(i)).floatValue();
            }
            ids.add(id);
            rows.put(id, new Result(row.getInt(1), row.getFloat(2), row.getFloat(3), row.getFloat(4), attributions));
        }
        this.report = report;
    }

    /** Reads attributions/ and run.json (which must exist) of an output folder. */
    static AuditOutput read(Path output) throws IOException {
        Path runJson = output.resolve("run.json");
        assertTrue(Files.isRegularFile(runJson), "run.json missing in " + output);
        List<Row> rows = SparkTestSession.get().read().parquet(output.resolve("attributions").toString())
                .select("id", "target", "prediction", "baseline_prediction", "delta", "attributions").collectAsList();
        return new AuditOutput(rows, JSON.readTree(runJson.toFile()));
    }

    /** Runs the audit in local mode on the test JVM's shared session (local[2]). */
    static RunSummary runLocally(Optional<Path> configFile, List<String> settings) throws Exception {
        return AuditPipeline.run(SparkTestSession.get(), ConfigLoader.load(configFile, settings));
    }

    JsonNode report() {
        return report;
    }

    /** Number of attribution rows written. */
    int rowCount() {
        return ids.size();
    }

    /** Checks that the ids written are exactly {@code expected}, each once. */
    void assertEveryIdOnce(Set<Long> expected) {
        Set<Long> distinct = new TreeSet<>(ids);
        assertEquals(distinct.size(), ids.size(), (ids.size() - distinct.size()) + " duplicate id(s) in the output");
        assertEquals(expected.size(), distinct.size(), "distinct ids written");
        assertEquals(expected, distinct, "ids written");
    }

    /** Checks run.json's counts: all rows in, all attributed, none rejected. */
    void assertCountsComplete(long inputRows) {
        assertEquals("complete", report.path("status").asText(), "status");
        assertEquals(inputRows, report.at("/counts/input_rows").asLong(), "counts/input_rows");
        assertEquals(inputRows, report.at("/counts/attributed_rows").asLong(), "counts/attributed_rows");
        assertEquals(0, report.at("/counts/rejected_rows").asLong(), "counts/rejected_rows");
    }

    /**
     * The largest absolute difference from another output over every attribution, prediction,
     * baseline prediction and delta; the targets and the ids must be the same.
     */
    double maxDifference(AuditOutput other) {
        assertEquals(rows.keySet(), other.rows.keySet(), "the same ids");
        double max = 0;
        for (Map.Entry<Long, Result> entry : rows.entrySet()) {
            Result a = entry.getValue();
            Result b = other.rows.get(entry.getKey());
            assertEquals(a.target(), b.target(), "target of id " + entry.getKey());
            assertEquals(a.attributions().length, b.attributions().length, "attributions of id " + entry.getKey());
            max = Math.max(max, Math.abs(a.prediction() - b.prediction()));
            max = Math.max(max, Math.abs(a.baselinePrediction() - b.baselinePrediction()));
            max = Math.max(max, Math.abs(a.delta() - b.delta()));
            for (int i = 0; i < a.attributions().length; i++) {
                max = Math.max(max, Math.abs(a.attributions()[i] - b.attributions()[i]));
            }
        }
        return max;
    }

    /** Ids whose numbers differ from the other output's in any bit (the same ids required). */
    List<Long> idsNotBitIdentical(AuditOutput other) {
        assertEquals(rows.keySet(), other.rows.keySet(), "the same ids");
        List<Long> differing = new ArrayList<>();
        for (Map.Entry<Long, Result> entry : rows.entrySet()) {
            Result a = entry.getValue();
            Result b = other.rows.get(entry.getKey());
            boolean same = a.target() == b.target()
                    && Float.floatToIntBits(a.prediction()) == Float.floatToIntBits(b.prediction())
                    && Float.floatToIntBits(a.baselinePrediction()) == Float.floatToIntBits(b.baselinePrediction())
                    && Float.floatToIntBits(a.delta()) == Float.floatToIntBits(b.delta())
                    && java.util.Arrays.equals(a.attributions(), b.attributions());
            if (!same) {
                differing.add(entry.getKey());
            }
        }
        return differing;
    }

    /** The largest |attribution| in the output (the scale the tolerance is read against). */
    double largestAttribution() {
        double max = 0;
        for (Result r : rows.values()) {
            for (float v : r.attributions()) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }
}
