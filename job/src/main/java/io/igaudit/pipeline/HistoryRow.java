package io.igaudit.pipeline;

import io.igaudit.history.RunRecord;

/** Makes the run's row of the audit history from the run's record. */
final class HistoryRow {

    private HistoryRow() {}

    /** The history's record of the run, with its feature records and their bins. */
    static RunRecord of(AuditedRun run) {
        RunFacts facts = run.facts();
        RunSummary summary = run.summary();
        ReportFacts.DeltaSummary delta = run.figures().delta();
        RunRecord record = new RunRecord(facts.runId(), facts.started(), run.checked().tags(), summary.outputPath(), summary.inputRows(),
                summary.attributedRows(), summary.rejectedRows(), delta.meanAbs(), delta.p95Abs(), delta.maxAbs(),
                run.config().attribution().deltaTolerance(), delta.overTolerance(), summary.rowsPerSecond(), facts.methodName(),
                facts.steps(), facts.target(), facts.baselineSetting(), run.figures().audit().features());
        return run.figures().embeddings().addTo(record);
    }
}
