package io.igaudit.pipeline;

import io.igaudit.history.AttributionBins;
import io.igaudit.history.RunRecord;
import java.util.List;
import java.util.OptionalLong;

/** Makes the run's row of the audit history from the run's record. */
final class HistoryRow {

    private HistoryRow() {}

    /** The history's record of the run, with its feature records and their bins. */
    static RunRecord of(AuditedRun run) {
        RunFacts facts = run.facts();
        RunSummary summary = run.summary();
        ReportFacts.DeltaSummary delta = run.figures().delta();
        RunRecord.Delta deltas = new RunRecord.Delta(delta.meanAbs(), delta.p95Abs(), delta.maxAbs(),
                run.config().attribution().deltaTolerance(), delta.overTolerance());
        RunRecord.Settings settings = new RunRecord.Settings(facts.methodName(), facts.steps(), facts.target(),
                facts.baselineSetting());
        RunRecord record = new RunRecord(facts.runId(), facts.started(), run.checked().tags(), summary.outputPath(),
                summary.rows(), deltas, summary.rowsPerSecond(), settings, run.figures().audit().features(), List.of(),
                run.checked().snapshots().filter(range -> range.upTo() >= 0).map(range -> OptionalLong.of(range.upTo()))
                        .orElse(OptionalLong.empty()),
                Violations.of(run), AttributionBins.of(run.attributed().stats().predictions()), run.figures().slices(), List.of());
        return run.figures().embeddings().addTo(record);
    }
}
