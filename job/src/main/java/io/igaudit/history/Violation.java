package io.igaudit.history;

/**
 * One failed audit.fail-on threshold, as violations.json lists it and the history keeps it.
 *
 * @param metric the audit.fail-on key
 * @param subject the feature, token or class it names; null for the run as a whole
 * @param value the value measured
 * @param threshold the limit it crossed
 * @param comparison what it compared with: audit.compare-with ("previous" or a run id), or
 *     "reference" (audit.reference); null for a threshold that needs no earlier run
 * @param comparedWithRunId the earlier run it compared with; null without a comparison
 * @param slice the slice (audit.slices) it was measured in; null for all rows
 */
public record Violation(String metric, String subject, double value, double threshold, String comparison,
        String comparedWithRunId, String slice) {}
