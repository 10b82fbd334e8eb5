package io.igaudit.pipeline;

import io.igaudit.history.DriftResult;
import io.igaudit.history.ThresholdResult;
import io.igaudit.history.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * violations.json: every audit.fail-on threshold the run failed, one entry each, for schedulers
 * and alerting to read instead of the log; an empty list when none failed (exit code 3 stays).
 */
final class Violations {

    private Violations() {}

    /**
     * The file's content.
     *
     * @param runId the run
     * @param violations the failed thresholds, in the order of audit.fail-on
     */
    record Document(String runId, List<Violation> violations) {}

    /** violations.json of a finished run. */
    static String json(AuditedRun run) {
        return RunJson.write(new Document(run.facts().runId(), of(run)));
    }

    /** The thresholds a run failed, in the order of audit.fail-on. */
    static List<Violation> of(AuditedRun run) {
        AuditTrail.Outcome outcome = run.figures().audit();
        String compareWith = run.config().audit().compareWith().map(c -> c.describe()).orElse(null);
        List<Violation> violations = new ArrayList<>();
        for (ThresholdResult result : outcome.thresholds()) {
            if (!result.failed()) {
                continue;
            }
            boolean reference = result.comparison().equals(ThresholdResult.REFERENCE);
            boolean compared = !result.comparison().isEmpty();
            Optional<DriftResult> drift = reference ? outcome.referenceDrift() : outcome.drift();
            String comparison = reference ? ThresholdResult.REFERENCE : compareWith;
            // A feature's own threshold (features.NAME.KEY): its metric is the key, its subject the feature.
            String metric = result.key().startsWith("features.") ? result.key().substring(result.key().lastIndexOf('.') + 1)
                    : result.key();
            violations.add(new Violation(metric, result.subject().isEmpty() ? null : result.subject(), result.actual(),
                    result.threshold(), compared ? comparison : null,
                    compared ? drift.map(DriftResult::earlierRunId).orElse(null) : null,
                    result.slice().isEmpty() ? null : result.slice()));
        }
        return violations;
    }
}
