package io.igaudit.history;

/**
 * The outcome of one {@code audit.fail-on} threshold: failures are values, reported with the
 * rest of the run.
 *
 * @param key the threshold's key under audit.fail-on, e.g. {@code top-k-overlap-below}
 * @param threshold the configured threshold
 * @param actual the measured value (NaN when not evaluated)
 * @param status passed, failed, or not evaluated (no earlier run to compare with)
 * @param subject the feature the value belongs to, for per-feature thresholds; else empty
 * @param comparison the comparison the value comes from: {@link #COMPARE_WITH} or {@link #REFERENCE};
 *     empty for a threshold on this run alone
 * @param slice the slice (audit.slices) the value belongs to; empty for all rows
 */
public record ThresholdResult(String key, double threshold, double actual, Status status, String subject, String comparison,
        String slice) {

    /** The comparison with audit.compare-with's run. */
    public static final String COMPARE_WITH = "compare-with";
    /** The comparison with audit.reference's run. */
    public static final String REFERENCE = "reference";

    /** A result over all rows. */
    public ThresholdResult(String key, double threshold, double actual, Status status, String subject, String comparison) {
        this(key, threshold, actual, status, subject, comparison, "");
    }

    /** A result of the comparison with audit.compare-with's run, or of this run alone without a drift key. */
    public ThresholdResult(String key, double threshold, double actual, Status status, String subject) {
        this(key, threshold, actual, status, subject, "");
    }

    /** Outcome of a check. */
    public enum Status {
        /** Within the threshold. */
        PASSED,
        /** Beyond the threshold: the run exits with code 3. */
        FAILED,
        /** Could not be measured (no earlier run with the same tags); does not fail the run. */
        NOT_EVALUATED
    }

    /** True when the check failed. */
    public boolean failed() {
        return status == Status.FAILED;
    }
}
