package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.LINEAR4_WEIGHTS;
import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.number;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.testModel;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features from one array column: a Parquet file of (id, x array&lt;double&gt; of length 4) for
 * linear4, with a list baseline, so that attributions are exactly {@code w_i (x_i - b_i)}; rows
 * with a NaN, a null array or a null element are quarantined.
 */
class ArrayColumnAuditTest {

    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("x", DataTypes.createArrayType(DataTypes.DoubleType, true), true);

    private static final double[][] VALID = {
        {1.0, 2.0, 3.0, 4.0},
        {0.5, -1.5, 2.25, 8.0},
        {-3.0, 0.0, 0.125, 1.0},
        {10.0, 20.0, -30.0, 40.0},
        {0.0, 0.0, 0.0, 0.0},
    };
    private static final float[] BASELINE = {0.5f, -1f, 2f, 0f};

    @TempDir
    static Path tmp;

    private static Path output;
    private static RunSummary summary;

    /** Writes (id, x) rows as Parquet with the shared session. */
    static Path writeArrays(Path folder, List<Row> rows) {
        Audits.spark().createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(folder.toString());
        return folder;
    }

    static Row row(long id, Double... x) {
        return RowFactory.create(id, x == null ? null : Arrays.asList(x));
    }

    @BeforeAll
    static void audit() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < VALID.length; r++) {
            rows.add(row(r + 1, Arrays.stream(VALID[r]).boxed().toArray(Double[]::new)));
        }
        rows.add(row(101, 1.0, Double.NaN, 1.0, 1.0));
        rows.add(RowFactory.create(102L, null));
        rows.add(row(103, 1.0, 2.0, null, 4.0));
        Path input = writeArrays(tmp.resolve("arrays.parquet"), rows);
        output = tmp.resolve("out");
        summary = Audits.run(List.of(
                "input.path=" + input,
                "input.id-columns=[id]",
                "input.feature-column=x",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "attribution.baseline=[0.5, -1, 2, 0]",
                "output.path=" + output));
    }

    @Test
    void attributionsAreWeightTimesDistanceFromBaseline() {
        Map<Long, Row> rows = byId(parquet(output, "attributions"));
        assertEquals(VALID.length, rows.size());
        for (int r = 0; r < VALID.length; r++) {
            Row row = rows.get((long) r + 1);
            float[] a = attributions(row);
            float[] x = new float[4];
            for (int i = 0; i < 4; i++) {
                x[i] = (float) VALID[r][i];
                double expected = LINEAR4_WEIGHTS[i] * ((double) x[i] - BASELINE[i]);
                assertEquals(expected, a[i], 1e-5 * Math.max(1, Math.abs(expected)), "row " + (r + 1) + " feature " + i);
            }
            assertEquals(Audits.linear4(x), number(row, "prediction"), 1e-5 * Math.max(1, Math.abs(Audits.linear4(x))));
            assertEquals(Audits.linear4(BASELINE), number(row, "baseline_prediction"), 1e-6);
            assertEquals(0, ((Number) row.getAs("target")).intValue());
        }
    }

    @Test
    void invalidArraysAreQuarantinedWithReasons() {
        Map<Long, Row> rejected = byId(parquet(output, "rejected"));
        assertEquals(List.of(101L, 102L, 103L), new ArrayList<>(rejected.keySet()));
        assertEquals("NaN or infinite value in array column 'x' (or beyond float32's range)", rejected.get(101L).getAs("reason"));
        assertEquals("array column 'x' is null", rejected.get(102L).getAs("reason"));
        assertEquals("null value in array column 'x'", rejected.get(103L).getAs("reason"));
        assertEquals(8, summary.inputRows());
        assertEquals(3, summary.rejectedRows());
    }

    @Test
    void featuresAreNamedByPositionInReportAndStatistics() throws Exception {
        List<String> names = List.of("x[0]", "x[1]", "x[2]", "x[3]");
        JsonNode report = Audits.runJson(output);
        List<String> reported = new ArrayList<>();
        report.at("/input/features").forEach(n -> reported.add(n.asText()));
        assertEquals(names, reported);
        assertEquals(5, report.at("/counts/attributed_rows").asLong());
        Audits.assertFeatureStats(parquet(output, "attributions"), parquet(output, "feature_stats"), names, false);
    }
}
