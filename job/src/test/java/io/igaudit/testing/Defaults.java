package io.igaudit.testing;

import io.igaudit.config.ConfigLoader;
import io.igaudit.ig.IgOptions;
import java.util.List;
import java.util.Optional;

/**
 * The job's defaults as the configuration loader reads them from reference.conf, where they live:
 * tests take them from here instead of repeating them.
 */
public final class Defaults {

    private static final IgOptions INTEGRATION = fromReferenceConf();

    private Defaults() {}

    /** Quadrature rule, steps, multiply-by-inputs and the memory bound per pass of reference.conf. */
    public static IgOptions integration() {
        return INTEGRATION;
    }

    /** attribution.* of reference.conf alone; the keys without a default get placeholders. */
    private static IgOptions fromReferenceConf() {
        List<String> required = List.of("input.path=in.csv", "input.features=[x]", "model.path=model.pt", "output.path=out");
        return ConfigLoader.load(Optional.empty(), required).attribution().integration();
    }
}
