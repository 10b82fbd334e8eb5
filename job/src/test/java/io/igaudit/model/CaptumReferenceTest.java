package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.QuadratureRule;
import io.igaudit.ig.TargetRule;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our attributions against IG computed in PyTorch with Captum's formulas (nodes, weights,
 * step-major expansion, float32) by scripts/make-sample-models.py, on the real sample models.
 */
class CaptumReferenceTest {

    @ParameterizedTest(name = "{0} {1} {2} steps")
    @CsvSource({
        "breast_cancer, gausslegendre, 50, 30, 1",
        "breast_cancer, riemann_trapezoid, 20, 30, 1",
        "breast_cancer, riemann_right, 7, 30, 1",
        "wine, gausslegendre, 50, 13, 2",
        "diabetes, gausslegendre, 50, 10, 0",
    })
    void matchesCaptumFormulas(String dataset, String method, int steps, int features, int target) {
        double[][] data = Samples.readNumericCsv(Samples.file(dataset + ".csv"));
        double[][] reference = Samples.readNumericCsv(
                Samples.file("reference/" + dataset + "_" + method + "_" + steps + ".csv"));
        int rows = reference.length;
        FeatureBatch inputs = FeatureBatch.of(Samples.columns(data, rows, 1, 1 + features), rows, features);
        FeatureBatch zeros = FeatureBatch.of(new float[features], 1, features);
        TorchScriptModel model = ModelCache.get(Samples.file(dataset + "_mlp.pt"), DeviceChoice.CPU);
        IgOptions options = Defaults.integration().withRule(QuadratureRule.byName(method), steps);

        Attributions result = new IntegratedGradients(model, options)
                .attribute(inputs, zeros, new TargetRule.Fixed(target));

        for (int r = 0; r < rows; r++) {
            double[] ref = reference[r];
            assertEquals(ref[2], result.predictions()[r], 1e-5 * (1 + Math.abs(ref[2])), "F(x) row " + r);
            assertEquals(ref[3], result.baselinePredictions()[r], 1e-5 * (1 + Math.abs(ref[3])), "F(x') row " + r);
            double scale = 1;
            for (int i = 0; i < features; i++) {
                scale = Math.max(scale, Math.abs(ref[5 + i]));
            }
            for (int i = 0; i < features; i++) {
                assertEquals(ref[5 + i], result.row(r)[i], 2e-5 * scale, "attribution " + i + " of row " + r);
            }
            assertEquals(ref[4], result.deltas()[r], 1e-4 * scale, "delta of row " + r);
        }
    }
}
