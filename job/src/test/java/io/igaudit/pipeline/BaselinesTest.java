package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.LINEAR4_WEIGHTS;
import static io.igaudit.pipeline.Audits.attributions;
import static io.igaudit.pipeline.Audits.byId;
import static io.igaudit.pipeline.Audits.column;
import static io.igaudit.pipeline.Audits.floats;
import static io.igaudit.pipeline.Audits.number;
import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.sample;
import static io.igaudit.pipeline.Audits.testModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.TargetRule;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines computed by the job (mean, median over the valid rows) and read from a file, checked
 * against values computed here and through their effect on linear4's attributions,
 * {@code w_i (x_i - x'_i)}; and the diabetes sample (model output of shape (B,)) with its mean
 * baseline against the engine.
 */
class BaselinesTest {

    @TempDir
    static Path tmp;

    private static Path csv;
    /** The valid rows of {@link InvalidRowsTest#MIXED_ROWS}: id, a, b, c, d. */
    private static double[][] valid;

    @BeforeAll
    static void data() {
        csv = Audits.write(tmp.resolve("in/rows.csv"), InvalidRowsTest.MIXED_ROWS);
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < InvalidRowsTest.MIXED_ROWS.length; i++) {
            String[] cells = InvalidRowsTest.MIXED_ROWS[i].split(",", -1);
            double[] row = new double[5];
            boolean ok = true;
            for (int c = 0; c < 5; c++) {
                ok &= !cells[c].isEmpty();
                row[c] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
                ok &= Double.isFinite(row[c]);
            }
            if (ok) {
                rows.add(row);
            }
        }
        valid = rows.toArray(double[][]::new);
        assertEquals(6, valid.length);
    }

    private static List<String> settings(Path output, String baseline) {
        return List.of(
                "input.path=" + csv.toAbsolutePath(),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "input.on-invalid-row=skip",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "attribution.baseline=" + baseline,
                "output.path=" + output);
    }

    /** Attributions, prediction and baseline prediction of every valid row for baseline {@code b}. */
    private static void assertLinearAttributions(Path output, float[] b, double baselinePrediction) {
        Map<Long, Row> rows = byId(parquet(output, "attributions"));
        assertEquals(valid.length, rows.size());
        for (double[] input : valid) {
            Row row = rows.get((long) input[0]);
            float[] a = attributions(row);
            for (int i = 0; i < 4; i++) {
                double expected = LINEAR4_WEIGHTS[i] * ((double) (float) input[1 + i] - b[i]);
                assertEquals(expected, a[i], 1e-5 * Math.max(1, Math.abs(expected)), "id " + (long) input[0] + " feature " + i);
            }
            assertEquals(baselinePrediction, number(row, "baseline_prediction"), 1e-5 * Math.max(1, Math.abs(baselinePrediction)));
            assertEquals(0, number(row, "delta"), 1e-4, "linear model: completeness holds up to rounding");
        }
    }

    @Test
    void meanBaselineIsTheAverageOfTheValidRows() throws Exception {
        Path output = tmp.resolve("mean");
        Audits.run(settings(output, "mean"));
        float[] expected = new float[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = (float) Audits.mean(column(valid, 1 + i));
        }
        JsonNode report = Audits.runJson(output);
        assertArrayEquals(expected, floats(report.at("/attribution/baseline_values")), 1e-6f);
        assertTrue(report.at("/attribution/baseline").asText().startsWith("mean"), report.at("/attribution/baseline").asText());
        assertLinearAttributions(output, expected, Audits.linear4(expected));
    }

    @Test
    void medianBaselineIsTheLowerMedianOfTheValidRows() throws Exception {
        Path output = tmp.resolve("median");
        Audits.run(settings(output, "median"));
        float[] expected = new float[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = (float) Audits.lowerMedian(column(valid, 1 + i));
        }
        // 6 valid rows: percentile_approx gives the 3rd smallest value, not the mean of the middle two.
        assertEquals(0.5f, expected[0]);
        JsonNode report = Audits.runJson(output);
        assertArrayEquals(expected, floats(report.at("/attribution/baseline_values")));
        assertTrue(report.at("/attribution/baseline").asText().startsWith("median"), report.at("/attribution/baseline").asText());
        assertLinearAttributions(output, expected, Audits.linear4(expected));
    }

    @Test
    void baselineFileRowsAreAveragedOver() throws Exception {
        Path file = Audits.write(tmp.resolve("in/baselines.csv"),
                "a,b,c,d",
                "1.0,0.0,-1.0,2.0",
                "0.0,2.0,1.0,0.0");
        Path output = tmp.resolve("file");
        Audits.run(settings(output, file.toAbsolutePath().toString()));
        float[] meanBaseline = {0.5f, 1.0f, 0.0f, 1.0f};
        double meanPrediction = (Audits.linear4(new float[] {1, 0, -1, 2}) + Audits.linear4(new float[] {0, 2, 1, 0})) / 2;
        assertLinearAttributions(output, meanBaseline, meanPrediction);
        JsonNode report = Audits.runJson(output);
        assertEquals(2, report.at("/attribution/baseline_rows").asInt());
        assertTrue(report.at("/attribution/baseline_values").isNull(), "no single baseline row to report");
    }

    @Test
    void diabetesWithMeanBaselineMatchesTheEngine() throws Exception {
        Path data = Samples.file("diabetes.csv");
        List<String> features = Audits.csvHeader(data).subList(1, 11);
        double[][] table = Samples.readNumericCsv(data);
        Path output = tmp.resolve("diabetes");
        RunSummary summary = Audits.run(List.of(
                "input.path=" + sample("diabetes.csv"),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=" + Audits.list(features),
                "model.path=" + sample("diabetes_mlp.pt"),
                "model.device=cpu",
                "attribution.baseline=mean",
                "output.path=" + output));
        assertEquals(table.length, summary.attributedRows());
        float[] mean = new float[10];
        for (int i = 0; i < 10; i++) {
            mean[i] = (float) Audits.mean(column(table, 1 + i));
        }
        JsonNode report = Audits.runJson(output);
        float[] reported = floats(report.at("/attribution/baseline_values"));
        for (int i = 0; i < 10; i++) {
            assertEquals(mean[i], reported[i], 1e-6 * Math.abs(mean[i]) + 1e-9, "mean of " + features.get(i));
        }
        assertEquals(1, report.at("/model/output_width").asInt(), "diabetes_mlp returns shape (B,)");
        long[] ids = new long[table.length];
        for (int r = 0; r < table.length; r++) {
            ids[r] = (long) table[r][0];
        }
        Attributions reference = Audits.engine(sample("diabetes_mlp.pt"), Samples.columns(table, table.length, 1, 11),
                table.length, reported, 1, new TargetRule.Fixed(0), Defaults.integration());
        List<Row> rows = parquet(output, "attributions");
        Audits.assertMatchesEngine(byId(rows), ids, reference);
        Audits.assertFeatureStats(rows, parquet(output, "feature_stats"), features, false);
    }
}
