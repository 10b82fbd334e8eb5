package io.igaudit.bench;

import io.igaudit.config.AttributionConfig;
import io.igaudit.config.ConfigLoader;
import io.igaudit.ig.AdaptiveSteps;
import io.igaudit.ig.IgOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The job's defaults as its configuration loader reads them from reference.conf, where they live. */
final class JobDefaults {

    /** Read once: benchmarks ask inside their timed loops. */
    private static final IgOptions INTEGRATION = attribution().integration();

    private JobDefaults() {}

    /** Quadrature rule, steps, multiply-by-inputs and the memory bound per pass. */
    static IgOptions integration() {
        return INTEGRATION;
    }

    /** The plan of {@code attribution.steps = auto} (its first round and max-steps) at {@code tolerance}. */
    static AdaptiveSteps adaptiveSteps(double tolerance) {
        return attribution("attribution.steps=auto", "attribution.delta-tolerance=" + tolerance).adaptiveSteps();
    }

    /** attribution.* of reference.conf under {@code settings}; the keys without a default get placeholders. */
    private static AttributionConfig attribution(String... settings) {
        List<String> all = new ArrayList<>(List.of("input.path=in.csv", "input.features=[x]", "model.path=model.pt",
                "output.path=out"));
        all.addAll(List.of(settings));
        return ConfigLoader.load(Optional.empty(), all).attribution();
    }
}
