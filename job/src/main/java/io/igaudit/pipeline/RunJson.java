package io.igaudit.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.igaudit.config.HistoryLocation;
import io.igaudit.config.JobConfig;
import io.igaudit.config.SampleSpec;
import io.igaudit.history.DriftResult;
import io.igaudit.history.SliceDrift;
import io.igaudit.history.ThresholdResult;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.Method;
import io.igaudit.io.RecordRows;
import io.igaudit.io.RowSampling;
import io.igaudit.io.TableSnapshots;
import io.igaudit.io.ScanFilters;
import io.igaudit.model.ModelProbe;
import io.igaudit.partition.ExecutorReport;
import io.igaudit.report.CompletenessWarning;
import io.igaudit.stats.MeanAbsInterval;
import io.igaudit.stats.SliceSummary;
import io.igaudit.stats.StepCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Writes {@code run.json} from the run's record: what was run, with what, on which executors, with what outcome. */
final class RunJson {

    /**
     * Records as JSON objects, their components as keys in order, an underscore before each capital
     * ({@code topKOverlap} → {@code top_k_overlap}; Jackson's SNAKE_CASE would join "KO", and a
     * {@code @JsonProperty} name moves its key first in Jackson 2.15, Spark 3.5's).
     */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(new PropertyNamingStrategies.NamingBase() {
                @Override
                public String translate(String name) {
                    return RecordRows.snakeCase(name);
                }
            });

    private RunJson() {}

    /** The text of run.json. */
    static String of(AuditedRun run, Map<String, Long> tables) {
        return write(document(run, tables));
    }

    /** A record (or a map, a list) of run.json's kind as JSON text. */
    static String write(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run.json is not serialisable", e);
        }
    }

    private static RunDocument.Scan scan(ScanFilters filters) {
        return new RunDocument.Scan(filters.partitionFilters(), filters.dataFilters(), filters.pushedFilters(), filters.tableScans());
    }

    /** input.sample's section; null for a run of every row. */
    private static RunDocument.Sample sample(AuditedRun run) {
        SampleSpec sample = run.config().input().sample();
        if (!sample.sampled()) {
            return null;
        }
        OptionalLong before = run.checked().rowsBeforeSample();
        return new RunDocument.Sample(sample.fraction(), sample.seed(), RowSampling.hashedColumns(run.config()),
                run.checked().profile().rows(), before.isPresent() ? before.getAsLong() : null, MeanAbsInterval.CONFIDENCE);
    }

    /** The content of run.json. */
    static RunDocument document(AuditedRun run, Map<String, Long> tables) {
        JobConfig config = run.config();
        CheckedInput checked = run.checked();
        RunSummary summary = run.summary();
        var input = config.input();
        var model = config.model();
        return new RunDocument(run.facts().runId(), run.facts().started().toString(), checked.model().device(),
                checked.model().affineHead(), checked.model().layerAttribution() ? Boolean.TRUE : null,
                run.figures().embeddings().runJsonSection(), Instant.now().toString(), "complete", config.resolved(),
                new RunDocument.Input(input.path(), input.format(), input.idColumns(), checked.layout().names(),
                        checked.layout().rowShape(), input.onInvalidRow().name().toLowerCase(), input.table().orElse(null),
                        input.where().orElse(null), input.where().map(w -> scan(checked.scan())).orElse(null),
                        checked.snapshots().filter(range -> range.upTo() >= 0).map(RunJson::snapshots).orElse(null), sample(run)),
                new RunDocument.Model(model.path(), checked.modelSha256(), model.device().toString(), checked.outputWidth(),
                        model.threadsPerTask(), ModelProbe.cpuConvolutions(), ModelProbe.oneDnnIsaCap(),
                        checked.model().classNames()),
                attribution(run), run.facts().versions(), executors(run.attributed().executors()),
                new RunDocument.Counts(summary.inputRows(), summary.attributedRows(), summary.rejectedRows()),
                delta(run), timings(run), new RunDocument.Texts(summary.texts().texts(), summary.textLength(),
                        summary.texts().truncated(), summary.texts().empty(), summary.texts().withoutWords()),
                round(summary.rowsPerSecond()), summary.topFeatures(), summary.topTokens(), summary.topCategories(), audit(run),
                tables.isEmpty() ? null : tables, slices(run));
    }

    /** The slices' section, each compared with the same slice of audit.compare-with's run; null without slices. */
    private static List<RunDocument.Slice> slices(AuditedRun run) {
        if (run.figures().slices().isEmpty()) {
            return null;
        }
        Map<String, SliceDrift> compared = new HashMap<>();
        run.figures().audit().drift().ifPresent(d -> d.slices().forEach(s -> compared.put(s.slice(), s)));
        int k = run.config().audit().topK();
        List<RunDocument.Slice> slices = new ArrayList<>();
        for (SliceSummary slice : run.figures().slices()) {
            SliceDrift drift = compared.get(slice.slice());
            boolean inBoth = drift != null && drift.inBoth();
            slices.add(new RunDocument.Slice(slice.slice(), slice.rows(), slice.top(k), AuditTrail.finiteOrNull(slice.meanAbsDelta()),
                    slice.rowsOverTolerance(), AuditTrail.finiteOrNull(slice.meanPrediction()), drift == null ? null : drift.rowsBefore(),
                    inBoth ? AuditTrail.finiteOrNull(drift.ndcg()) : null, inBoth ? AuditTrail.finiteOrNull(drift.topKOverlap()) : null,
                    inBoth && !drift.largestChangeFeature().isEmpty() ? drift.largestChangeFeature() : null,
                    inBoth ? AuditTrail.finiteOrNull(drift.largestChange()) : null, drift == null ? null : drift.checked()));
        }
        return slices;
    }

    private static RunDocument.Snapshots snapshots(TableSnapshots.Range range) {
        return new RunDocument.Snapshots(range.table(), range.upTo(), range.after().isPresent() ? range.after().getAsLong() : null,
                range.afterRunId().orElse(null), range.files(), range.rowsInFiles(), range.skipped());
    }

    private static RunDocument.Delta delta(AuditedRun run) {
        ReportFacts.DeltaSummary delta = run.figures().delta();
        double tolerance = run.config().attribution().deltaTolerance();
        return new RunDocument.Delta(delta.meanAbs(), delta.p95Abs(), delta.maxAbs(), tolerance, delta.overTolerance(),
                delta.rows() == 0 ? 0.0 : (double) delta.overTolerance() / delta.rows(),
                CompletenessWarning.of(delta.rows(), delta.overTolerance(), tolerance, delta.meanAbs()).orElse(""));
    }

    private static RunDocument.Timings timings(AuditedRun run) {
        RunSummary summary = run.summary();
        return new RunDocument.Timings(round(run.timings().validation()), round(summary.attributionSeconds()),
                round(summary.taskSeconds()), round(summary.modelSeconds()), round(run.timings().statistics()),
                round(summary.totalSeconds()));
    }

    /** The attribution section: the method and everything that shaped its results. */
    private static RunDocument.Attribution attribution(AuditedRun run) {
        var attribution = run.config().attribution();
        var integration = attribution.integration();
        CheckedInput checked = run.checked();
        boolean expectedGradients = run.facts().method() == Method.EXPECTED_GRADIENTS;
        boolean blur = run.facts().method() == Method.BLUR_INTEGRATED_GRADIENTS;
        FixedBaselines fixed = checked.fixedBaselines().orElse(null);
        return new RunDocument.Attribution(
                run.facts().method() != Method.INTEGRATED_GRADIENTS ? run.facts().method().configName() : integration.rule().configName(),
                expectedGradients ? null : blur ? (Object) attribution.blurIg().steps()
                        : attribution.adaptiveSteps() == null ? (Object) integration.steps() : "auto",
                expectedGradients ? attribution.expectedGradients().samples() : null,
                expectedGradients ? new RunDocument.Background(checked.background().orElseThrow().rows(), attribution.expectedGradients()
                        .backgroundPath().orElse("input sample (smallest hash of features and seed)")) : null,
                steps(run.attributed().stats().steps()),
                expectedGradients || blur || integration.multiplyByInputs(),
                run.facts().target(), checked.targets().perRow(),
                expectedGradients ? null : run.facts().baseline(),
                fixed == null ? null : fixed.rows(),
                fixed != null && fixed.rows() == 1 ? fixed.values() : null,
                checked.baselineWarning().orElse(""),
                attribution.noise() == null ? null : new RunDocument.Noise(attribution.noise().samples(),
                        attribution.noise().stdev(), attribution.noise().type().configName()),
                attribution.seed(), attribution.batchRows(), integration.maxElementsPerPass());
    }

    /** How many steps rows got: mean, min, p50, p95, max and rows per step count. */
    private static RunDocument.Steps steps(StepCounts steps) {
        Map<String, Long> rowsBySteps = new TreeMap<>();
        steps.rowsBySteps().forEach((count, rows) -> rowsBySteps.put(Integer.toString(count), rows));
        return new RunDocument.Steps(round(steps.mean()), steps.min(), steps.quantile(0.5), steps.quantile(0.95), steps.max(),
                rowsBySteps);
    }

    /** The audit section: tags, history, the comparison and the thresholds. */
    private static RunDocument.Audit audit(AuditedRun run) {
        var auditConfig = run.config().audit();
        RunSummary summary = run.summary();
        AuditTrail.Outcome outcome = run.figures().audit();
        return new RunDocument.Audit(run.checked().tags().configHash(), run.checked().tags().tags(),
                auditConfig.history().map(HistoryLocation::place).orElse(null), auditConfig.compareWith().map(c -> c.describe()).orElse(null),
                summary.comparedWith().orElse(null), outcome.drift().map(d -> d.topKOverlap()).orElse(null),
                outcome.drift().map(d -> d.ndcg()).filter(v -> !v.isNaN()).orElse(null),
                outcome.drift().map(d -> d.ndcgPerClass()).filter(m -> !m.isEmpty()).orElse(null),
                outcome.drift().map(d -> AuditTrail.finiteOrNull(d.outputs().predictionPsi())).orElse(null),
                outcome.drift().map(d -> AuditTrail.finiteOrNull(d.outputs().predictedClassPsi())).orElse(null),
                outcome.drift().flatMap(RunJson::largestInputPsi).orElse(null),
                outcome.drift().flatMap(DriftResult::largestCategoryShift).orElse(null),
                outcome.referenceDrift().map(d -> new RunDocument.Reference(auditConfig.reference().orElseThrow().text(),
                        d.earlierRunId(), d.earlierRunTime().toString(), d.topKOverlap(), Double.isNaN(d.ndcg()) ? null : d.ndcg(),
                        d.ndcgPerClass().isEmpty() ? null : d.ndcgPerClass(), AuditTrail.finiteOrNull(d.outputs().predictionPsi()),
                        AuditTrail.finiteOrNull(d.outputs().predictedClassPsi()), largestInputPsi(d).orElse(null),
                        d.largestCategoryShift().orElse(null))).orElse(null),
                thresholds(outcome.thresholds()), summary.thresholdsFailed());
    }

    /** The feature whose input values moved most, when input drift was measured. */
    private static Optional<RunDocument.FeaturePsi> largestInputPsi(DriftResult drift) {
        return drift.largestInputPsi().map(f -> new RunDocument.FeaturePsi(f.feature(), f.inputPsi(),
                AuditTrail.finiteOrNull(f.inputJs())));
    }

    /** The thresholds' results as run.json and drift/summary.json list them. */
    static List<RunDocument.Threshold> thresholds(List<ThresholdResult> results) {
        List<RunDocument.Threshold> list = new ArrayList<>();
        for (ThresholdResult result : results) {
            list.add(new RunDocument.Threshold(result.key(), result.threshold(), AuditTrail.finiteOrNull(result.actual()),
                    result.status().name().toLowerCase(Locale.ROOT), result.subject().isEmpty() ? null : result.subject(),
                    result.comparison(), result.slice()));
        }
        return list;
    }

    /** One entry per executor JVM (executor id and pid): the reports of its tasks, folded. */
    private static List<RunDocument.Executor> executors(List<ExecutorReport> reports) {
        Map<List<String>, RunDocument.Executor> byExecutor = new LinkedHashMap<>();
        for (ExecutorReport task : reports) {
            byExecutor.merge(List.of(task.executorId(), task.pid()),
                    new RunDocument.Executor(task.executorId(), task.host(), task.pid(), task.device(), task.modelsLoaded(), 1),
                    (was, more) -> new RunDocument.Executor(was.executorId(), was.host(), was.pid(), was.device(),
                            Math.max(was.modelsLoaded(), more.modelsLoaded()), was.tasks() + 1));
        }
        return new ArrayList<>(byExecutor.values());
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
