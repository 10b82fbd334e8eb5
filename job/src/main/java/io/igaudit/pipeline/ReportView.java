package io.igaudit.pipeline;

import io.igaudit.config.JobConfig;
import io.igaudit.config.SampleSpec;
import io.igaudit.ig.Method;
import io.igaudit.partition.EmbeddingParts;
import io.igaudit.report.Format;
import io.igaudit.report.HtmlReport;
import io.igaudit.report.ReportModel;
import io.igaudit.report.TextNote;
import io.igaudit.stats.MeanAbsInterval;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Makes the report's model from the run's record: plain values the report renders without Spark. */
final class ReportView {

    private ReportView() {}

    /** output.report-images as the report draws it. */
    private static ReportModel.Gallery gallery(io.igaudit.config.OutputConfig.ReportImages images) {
        return new ReportModel.Gallery(ReportModel.Gallery.Polarity.valueOf(images.polarity().name()), images.clipUpper(),
                images.clipLower(), images.overlay() == io.igaudit.config.OutputConfig.ReportImages.Overlay.OUTLINES,
                images.colormap() == io.igaudit.config.OutputConfig.ReportImages.Colormap.PINK_GREEN, images.xraiTopArea());
    }

    /** The report's model of the run. */
    static ReportModel of(AuditedRun run) {
        JobConfig config = run.config();
        RunFigures figures = run.figures();
        Attributed attributed = run.attributed();
        var audit = config.audit();
        ReportModel model = new ReportModel(runInfo(run), ReportFacts.importance(figures.ranked()), ReportFacts.perClass(figures.features()),
                ReportFacts.swarm(attributed.sample(), AttributionPass.SAMPLE_ROWS, figures.ranked(), HtmlReport.SWARM_FEATURES,
                        figures.delta().rows(), nominalFeatures(run.checked().layer())),
                ReportFacts.images(config.input().shape().stream().mapToInt(Integer::intValue).toArray(), figures.features(),
                        attributed.sample(), HtmlReport.IMAGE_ROWS, gallery(config.output().reportImages()),
                        config.attribution().xraiIfChosen()),
                ReportFacts.delta(attributed.stats().delta(), config.input().idColumns(), config.attribution().deltaTolerance(),
                        figures.delta()),
                audit.compareWith().map(c -> c.describe()), audit.compareOn().stream().map(k -> k.configName()).toList(),
                audit.topK(), figures.audit().drift(), figures.audit().thresholds());
        List<String> notes = new ArrayList<>();
        TextNote.of(run.summary().texts(), run.summary().textLength()).ifPresent(note -> notes.add("Texts: " + note + "."));
        run.checked().baselineWarning().ifPresent(warning -> notes.add("Baseline: " + warning + "."));
        if (config.input().sample().sampled()) {
            notes.add(sampleNote(config.input().sample(), run.checked()));
        }
        return figures.embeddings().addTo(model, attributed.sample()).withNotes(notes).withReference(figures.audit().referenceDrift())
                .withClassNames(run.checked().model().classNames()).withSlices(figures.slices());
    }

    /** The sentence that says the figures come from a sample, and how precise they are. */
    static String sampleNote(SampleSpec sample, CheckedInput checked) {
        OptionalLong before = checked.rowsBeforeSample();
        return "Sample: the figures come from a sample of " + Format.percent(sample.fraction()) + " of the rows ("
                + Format.count(checked.profile().rows()) + (before.isPresent() ? " of " + Format.count(before.getAsLong()) : "")
                + " rows; input.sample.fraction = " + sample.fraction() + ", seed " + sample.seed()
                + "), so each mean |attribution| is stated with its " + Format.percent(MeanAbsInterval.CONFIDENCE)
                + " confidence interval (± half its width).";
    }

    /** The attributed features whose values are token ids or category codes (no order to colour by). */
    private static Set<Integer> nominalFeatures(Optional<LayerInputs.Checked> layer) {
        Set<Integer> nominal = new HashSet<>();
        if (layer.isEmpty() || layer.get().embeddings() == null) {
            return nominal;
        }
        EmbeddingParts parts = layer.get().embeddings();
        if (parts.tokens() != null) {
            for (int p = 0; p < parts.tokens().length(); p++) {
                nominal.add(parts.tokens().offset() + p);
            }
        }
        if (parts.categories() != null) {
            for (int index : parts.categories().attributionIndex()) {
                nominal.add(index);
            }
        }
        return nominal;
    }

    private static ReportModel.RunInfo runInfo(AuditedRun run) {
        RunFacts facts = run.facts();
        RunSummary summary = run.summary();
        JobConfig config = run.config();
        // Completeness holds for Expected Gradients only in expectation over the draws.
        ReportModel.DeltaMeaning meaning = facts.method() == Method.EXPECTED_GRADIENTS
                ? ReportModel.DeltaMeaning.SAMPLING_NOISE : ReportModel.DeltaMeaning.QUADRATURE_ERROR;
        ReportModel.MethodInfo method = new ReportModel.MethodInfo(facts.methodName(), meaning, facts.steps(),
                config.attribution().integration().multiplyByInputs(), facts.baseline(), facts.target());
        return new ReportModel.RunInfo(facts.runId(), facts.started(), summary.outputPath(), config.model().path(),
                run.checked().tags(), method, summary.rows(),
                run.timings().byPhase(), summary.rowsPerSecond(), facts.versions().forReport());
    }
}
