package io.igaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.igaudit.history.DriftResult;
import io.igaudit.history.FeatureDrift;
import io.igaudit.history.OutputDrift;
import io.igaudit.history.RunTags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drift section's line that tells the data moving from the model's reasons moving. */
class WhatMovedTest {

    private static final String SUFFIX = " (counted as moved: a PSI above 0.1; for the reasons, a top-1 feature's attribution PSI "
            + "above it, a changed top 1 or an NDCG below 0.9)";

    private static DriftResult drift(double attributionPsi, double inputPsi, double predictionPsi, double ndcg) {
        FeatureDrift f = new FeatureDrift("income", 1, 1, 0, 1, 1, attributionPsi, inputPsi, Double.NaN);
        return new DriftResult("r1", Instant.EPOCH, new RunTags("m", "/d", "h", Map.of()), "/o", 1, List.of("income"),
                List.of("income"), 1, ndcg, Map.of(), List.of(f), new OutputDrift(predictionPsi, Double.NaN));
    }

    @Test
    void inputsThatMovedWithTheSameReasonsAreTheData() {
        assertEquals("the inputs and the predictions moved; the reasons did not (the data changed, and the model reads it as "
                + "before)" + SUFFIX, WhatMoved.of(drift(0.02, 0.4, 0.3, 1)).orElseThrow());
    }

    @Test
    void reasonsThatMovedOnTheSameInputsAreTheModel() {
        assertEquals("the reasons moved; the inputs and the predictions did not (the model weighs the same data differently)"
                + SUFFIX, WhatMoved.of(drift(0.5, 0.01, 0.05, 0.8)).orElseThrow());
        assertEquals("nothing: the inputs, the predictions and the reasons stayed" + SUFFIX,
                WhatMoved.of(drift(0.01, 0.01, 0.01, 0.99)).orElseThrow());
        assertEquals(Optional.empty(), WhatMoved.of(drift(0.5, Double.NaN, Double.NaN, 0.5)), "nothing measured beside the reasons");
    }

    @Test
    void aShiftOfAFeatureOutsideTheTopKIsNotAChangeOfReasons() {
        FeatureDrift top = new FeatureDrift("income", 1, 1, 0, 1, 1, 0.01, 0.01, Double.NaN);
        FeatureDrift minor = new FeatureDrift("zip", 0.01, 0.02, 1.0, 2, 2, 0.9, 0.8, Double.NaN);
        DriftResult drift = new DriftResult("r1", Instant.EPOCH, new RunTags("m", "/d", "h", Map.of()), "/o", 1, List.of("income"),
                List.of("income"), 1, 1.0, Map.of(), List.of(top, minor), new OutputDrift(0.02, Double.NaN));
        assertEquals("the inputs moved; the predictions and the reasons did not (the data changed, and the model reads it as before)"
                + SUFFIX, WhatMoved.of(drift).orElseThrow());
    }
}
