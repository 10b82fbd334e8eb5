package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.testModel;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.TargetRule;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.testing.Defaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job on a model that exports the affine-head split: it takes the fast path (run.json says so)
 * and writes the attributions that the plain path gives for the same rows.
 */
class AffineHeadAuditTest {

    private static final int ROWS = 40;
    private static final int FEATURES = 5;

    @TempDir
    Path tmp;

    @Test
    void aSplitModelsAuditMatchesThePlainPathRowByRow() throws Exception {
        Random random = new Random(3);
        float[] values = new float[ROWS * FEATURES];
        List<String> lines = new ArrayList<>(List.of("id,a,b,c,d,e"));
        long[] ids = new long[ROWS];
        for (int r = 0; r < ROWS; r++) {
            StringBuilder line = new StringBuilder(Integer.toString(r + 1));
            for (int i = 0; i < FEATURES; i++) {
                // values with few digits, so that the CSV holds exactly the floats the engine gets
                values[r * FEATURES + i] = Math.round(random.nextGaussian() * 1000) / 1000f;
                line.append(String.format(Locale.ROOT, ",%.3f", values[r * FEATURES + i]));
            }
            lines.add(line.toString());
            ids[r] = r + 1;
        }
        Path csv = Audits.write(tmp.resolve("in/rows.csv"), lines.toArray(String[]::new));
        Path output = tmp.resolve("out");
        Path model = Path.of(testModel("split_mlp.pt"));
        Audits.run(List.of(
                "input.path=" + csv.toAbsolutePath(),
                "input.format=csv",
                "input.id-columns=[id]",
                "input.features=[a,b,c,d,e]",
                "model.path=" + model,
                "model.device=cpu",
                "attribution.batch-rows=16",
                "output.path=" + output));

        assertTrue(Audits.runJson(output).at("/affine_head_fast_path").asBoolean(), "run.json says the fast path ran");
        Attributions plain;
        try (TorchScriptModel plainModel = TorchScriptModel.load(model, DeviceChoice.CPU, false)) {
            plain = new IntegratedGradients(plainModel, Defaults.integration()).attribute(
                    FeatureBatch.of(values, ROWS, FEATURES), FeatureBatch.of(new float[FEATURES], 1, FEATURES),
                    new TargetRule.Fixed(0)); // the default attribution.target
        }
        Audits.assertMatchesEngine(Audits.byId(Audits.parquet(output, "attributions")), ids, plain);
    }
}
