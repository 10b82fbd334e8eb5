package io.igaudit.pipeline;

import io.igaudit.config.JobConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one typed record of a finished run, which the stages make in order (checks, attribution,
 * figures) and from which three thin writers make {@code run.json} ({@link RunJson}), the report's
 * model ({@link ReportView}) and the history's row ({@link HistoryRow}).
 *
 * @param config the configuration it ran with
 * @param facts the facts all three writers state
 * @param checked what the checks found
 * @param attributed what the attribution pass reported
 * @param figures the figures from the tasks' merged states
 * @param summary what the caller is told
 * @param timings wall time by phase
 */
record AuditedRun(JobConfig config, RunFacts facts, CheckedInput checked, Attributed attributed, RunFigures figures,
        RunSummary summary, Timings timings) {

    /**
     * Wall time of the run's phases, in seconds.
     *
     * @param validation the checks
     * @param attribution the attribution pass
     * @param statistics feature_stats and the delta figures
     * @param total the whole run until the figures were made
     */
    record Timings(double validation, double attribution, double statistics, double total) {

        /** By phase name, in order. */
        Map<String, Double> byPhase() {
            Map<String, Double> seconds = new LinkedHashMap<>();
            seconds.put("validation", validation);
            seconds.put("attribution", attribution);
            seconds.put("statistics", statistics);
            seconds.put("total", total);
            return seconds;
        }
    }
}
