package io.igaudit.report;

import java.util.Optional;

/**
 * The plain words for a run whose attributions do not add up for most rows: completeness is IG's
 * own check of its numbers, so when most rows fail it, the console, run.json and the report's first
 * screen say so, with the likely causes.
 */
public final class CompletenessWarning {

    private CompletenessWarning() {}

    /**
     * The warning when more than half of the rows are over the delta tolerance; empty otherwise.
     *
     * @param rows rows attributed
     * @param overTolerance rows with |delta| above the tolerance (or NaN)
     * @param tolerance attribution.delta-tolerance
     * @param meanAbsDelta mean |delta| over the rows
     */
    public static Optional<String> of(long rows, long overTolerance, double tolerance, double meanAbsDelta) {
        if (rows == 0 || 2 * overTolerance <= rows) {
            return Optional.empty();
        }
        return Optional.of("completeness fails for " + Format.count(overTolerance) + " of " + Format.count(rows) + " rows ("
                + Format.percent((double) overTolerance / rows) + "): their attributions do not add up to the change of the "
                + "explained output within attribution.delta-tolerance " + Format.number(tolerance) + " (mean |delta| "
                + Format.number(meanAbsDelta) + "), so they are not exact. Likely causes: too few steps (raise "
                + "attribution.steps, or set it to auto), a model with kinks that more steps smooth only slowly (ReLU, max "
                + "pooling), or wrong gradient kernels on this machine (docs/cluster-and-gpu.md, \"Processors\").");
    }
}
