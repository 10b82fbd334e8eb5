package io.igaudit.pipeline;

import io.igaudit.config.JobConfig;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.Method;
import io.igaudit.io.RunReport;
import io.igaudit.model.ModelProbe;
import io.igaudit.partition.ExecutorReport;
import io.igaudit.report.CompletenessWarning;
import io.igaudit.stats.StepCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@code run.json} from the run's record: what was run, with what, on which executors, with what outcome. */
final class RunJson {

    private RunJson() {}

    /** The text of run.json. */
    static String of(AuditedRun run) {
        JobConfig config = run.config();
        CheckedInput checked = run.checked();
        RunSummary summary = run.summary();
        ReportFacts.DeltaSummary delta = run.figures().delta();
        RunReport report = new RunReport().put("run_id", run.facts().runId()).put("started", run.facts().started().toString())
                .put("driver_device", checked.model().device())
                .put("affine_head_fast_path", checked.model().affineHead());
        if (checked.model().layerAttribution()) {
            report.put("layer_attribution", true);
        }
        Map<String, Object> tokens = run.figures().embeddings().runJsonSection();
        if (tokens != null) {
            report.put("token_stats", tokens);
        }
        AuditedRun.Timings seconds = run.timings();
        return report.put("finished", Instant.now().toString())
                .put("status", "complete")
                .put("config", config.resolved())
                .put("input", RunReport.section("path", config.input().path(), "format", config.input().format(),
                        "id_columns", config.input().idColumns(), "features", checked.layout().names(),
                        "row_shape", checked.layout().rowShape(), "on_invalid_row", config.input().onInvalidRow().name().toLowerCase()))
                .put("model", RunReport.section("path", config.model().path(), "sha256", checked.modelSha256(),
                        "device", config.model().device().toString(), "output_width", checked.outputWidth(),
                        "threads_per_task", config.model().threadsPerTask(),
                        "cpu_convolutions", ModelProbe.cpuConvolutions(), "onednn_max_cpu_isa", ModelProbe.oneDnnIsaCap(),
                        "class_names", checked.model().classNames()))
                .put("attribution", attribution(run))
                .put("versions", run.facts().versions().forRunJson())
                .put("executors", executors(run.attributed().executors()))
                .put("counts", RunReport.section("input_rows", summary.inputRows(), "attributed_rows", summary.attributedRows(),
                        "rejected_rows", summary.rejectedRows()))
                .put("delta", RunReport.section("mean_abs", delta.meanAbs(), "p95_abs", delta.p95Abs(),
                        "max_abs", delta.maxAbs(), "tolerance", config.attribution().deltaTolerance(),
                        "rows_over_tolerance", delta.overTolerance(),
                        "share_over_tolerance", delta.rows() == 0 ? 0.0 : (double) delta.overTolerance() / delta.rows(),
                        "warning", CompletenessWarning.of(delta.rows(), delta.overTolerance(),
                                config.attribution().deltaTolerance(), delta.meanAbs()).orElse("")))
                .put("timings_seconds", RunReport.section("validation", round(seconds.validation()),
                        "attribution", round(summary.attributionSeconds()),
                        "attribution_tasks", round(summary.taskSeconds()), "attribution_tasks_in_model", round(summary.modelSeconds()),
                        "statistics", round(seconds.statistics()),
                        "total", round(summary.totalSeconds())))
                .put("text", RunReport.section("texts", summary.texts().texts(), "max_length", summary.textLength(),
                        "truncated", summary.texts().truncated(), "empty", summary.texts().empty(),
                        "without_words", summary.texts().withoutWords()))
                .put("rows_per_second", round(summary.rowsPerSecond()))
                .put("top_features", summary.topFeatures())
                .put("top_tokens", summary.topTokens())
                .put("top_categories", summary.topCategories())
                .put("audit", audit(run))
                .toJson();
    }

    /** The attribution section: the method and everything that shaped its results. */
    private static Map<String, Object> attribution(AuditedRun run) {
        var attribution = run.config().attribution();
        var integration = attribution.integration();
        CheckedInput checked = run.checked();
        boolean expectedGradients = run.facts().method() == Method.EXPECTED_GRADIENTS;
        FixedBaselines fixed = checked.baselines() instanceof FixedBaselines f ? f : null;
        return RunReport.section("method", expectedGradients ? Method.EXPECTED_GRADIENTS.configName() : integration.rule().configName(),
                "steps", expectedGradients ? null : attribution.adaptiveSteps() == null ? (Object) integration.steps() : "auto",
                "samples", expectedGradients ? attribution.expectedGradients().samples() : null,
                "background", expectedGradients ? RunReport.section("rows", checked.background().rows(),
                        "source", attribution.expectedGradients().backgroundPath()
                                .orElse("input sample (smallest hash of features and seed)")) : null,
                "steps_used", steps(run.attributed().stats().steps()),
                "multiply_by_inputs", expectedGradients || integration.multiplyByInputs(),
                "target", run.facts().target(), "targets_per_row", checked.targets().perRow(),
                "baseline", expectedGradients ? null : run.facts().baseline(),
                "baseline_rows", fixed == null ? null : fixed.rows(),
                "baseline_values", fixed != null && fixed.rows() == 1 ? fixed.values() : null,
                "baseline_warning", checked.layer() == null ? "" : checked.layer().baselineOutsideData().orElse(""),
                "noise", attribution.noise() == null ? null : RunReport.section("samples", attribution.noise().samples(),
                        "stdev", attribution.noise().stdev(), "type", attribution.noise().type().configName()),
                "seed", attribution.seed(),
                "batch_rows", attribution.batchRows(), "max_elements_per_pass", integration.maxElementsPerPass());
    }

    /** How many steps rows got: mean, min, p50, p95, max and rows per step count. */
    private static Map<String, Object> steps(StepCounts steps) {
        Map<String, Long> rowsBySteps = new TreeMap<>();
        steps.rowsBySteps().forEach((count, rows) -> rowsBySteps.put(Integer.toString(count), rows));
        return RunReport.section("mean", round(steps.mean()), "min", steps.min(), "p50", steps.quantile(0.5),
                "p95", steps.quantile(0.95), "max", steps.max(), "rows_by_steps", rowsBySteps);
    }

    /** The audit section: tags, history, the comparison and the checks. */
    private static Map<String, Object> audit(AuditedRun run) {
        var auditConfig = run.config().audit();
        RunSummary summary = run.summary();
        AuditTrail.Outcome outcome = run.figures().audit();
        return RunReport.section(
                "config_hash", run.checked().tags().configHash(),
                "tags", run.checked().tags().tags(),
                "history_path", auditConfig.historyPath().orElse(null),
                "compare_with", auditConfig.compareWith().map(c -> c.describe()).orElse(null),
                "compared_with_run_id", summary.comparedWith().orElse(null),
                "top_k_overlap", outcome.drift().map(d -> (Object) d.topKOverlap()).orElse(null),
                "checks", AuditTrail.checksSection(outcome.thresholds()),
                "checks_failed", summary.thresholdsFailed());
    }

    /** One entry per executor JVM (executor id and pid): the reports of its tasks, folded. */
    private static List<Map<String, Object>> executors(List<ExecutorReport> reports) {
        Map<List<String>, Map<String, Object>> byExecutor = new LinkedHashMap<>();
        for (ExecutorReport task : reports) {
            Map<String, Object> entry = byExecutor.computeIfAbsent(List.of(task.executorId(), task.pid()), key -> RunReport.section(
                    "executor_id", task.executorId(), "host", task.host(), "pid", task.pid(), "device", task.device(),
                    "models_loaded", 0, "tasks", 0));
            entry.put("models_loaded", Math.max((Integer) entry.get("models_loaded"), task.modelsLoaded()));
            entry.put("tasks", (Integer) entry.get("tasks") + 1);
        }
        return new ArrayList<>(byExecutor.values());
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
