package io.igaudit.report;

import static io.igaudit.report.Svg.escape;

import io.igaudit.config.AuditConfig.FailOn;
import io.igaudit.history.DriftResult;
import io.igaudit.history.FeatureDrift;
import io.igaudit.history.RunTags;
import io.igaudit.history.SliceDrift;
import io.igaudit.history.ThresholdResult;
import io.igaudit.report.ReportModel.ClassImportance;
import io.igaudit.report.ReportModel.DeltaView;
import io.igaudit.report.ReportModel.RunInfo;
import io.igaudit.report.ReportModel.WorstRow;
import io.igaudit.stats.SliceSummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code report.html}: one self-contained page, inline CSS and SVG, no scripts and no
 * network (a Content-Security-Policy forbids both, so a stray reference shows as a browser
 * error rather than a silent fetch). Sections: header and verdict, checks, run, global
 * importance, beeswarm, attribution maps (image rows), per-class importance, convergence delta,
 * drift.
 */
public final class HtmlReport {

    /** Bars of their own in the global importance chart. */
    public static final int TOP_BARS = 20;
    /** Bars of their own per class. */
    public static final int TOP_CLASS_BARS = 10;
    /** Classes with their own chart (the ones with most rows). */
    public static final int TOP_CLASSES = 12;
    /** Features in the beeswarm. */
    public static final int SWARM_FEATURES = 10;
    /** Sampled rows drawn as images beside their attribution maps. */
    public static final int IMAGE_ROWS = 12;
    /** Sampled rows drawn with their tokens highlighted. */
    public static final int TEXT_ROWS = 24;
    /** Features in the drift chart. */
    public static final int DRIFT_BARS = 15;
    /** Rows of the drift table. */
    public static final int DRIFT_ROWS = 100;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {}

    /** The page. */
    public static String render(ReportModel model) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>IG Audit report: ").append(escape(fileName(model.run().tags().dataset()))).append("</title>")
                .append("<style>").append(Css.STYLE).append("</style></head><body><main>\n");
        header(html, model);
        checks(html, model);
        boolean words = model.embeddings().map(view -> !view.topTokens().isEmpty()).orElse(false);
        if (words) {
            // the words first; the charts of token positions after them
            model.embeddings().ifPresent(view -> EmbeddingSection.render(html, view, model.delta().idColumns(), model::classLabel));
        }
        run(html, model.run(), model.delta());
        importance(html, model);
        swarm(html, model);
        model.images().ifPresent(images -> ImageSection.render(html, images, model.delta().idColumns()));
        if (!words) {
            model.embeddings().ifPresent(view -> EmbeddingSection.render(html, view, model.delta().idColumns(), model::classLabel));
        }
        perClass(html, model);
        delta(html, model.delta(), model.run().method().deltaMeaning());
        slices(html, model);
        drift(html, model);
        html.append("<footer>Written by IG Audit. This page is self-contained: it loads nothing and runs no scripts.")
                .append(" Output folder: <code>").append(escape(model.run().outputPath())).append("</code></footer>\n")
                .append("</main></body></html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, ReportModel model) {
        RunInfo run = model.run();
        long failed = model.thresholds().stream().filter(ThresholdResult::failed).count();
        long open = model.thresholds().stream().filter(c -> c.status() == ThresholdResult.Status.NOT_EVALUATED).count();
        long passed = model.thresholds().size() - failed - open;
        String badge = model.thresholds().isEmpty() ? "<span class=\"badge none\">no checks configured</span>"
                : failed > 0 ? "<span class=\"badge bad\" id=\"verdict\">" + failed + " of " + model.thresholds().size() + " checks failed</span>"
                : open > 0 ? "<span class=\"badge ok\" id=\"verdict\">" + passed + " passed, " + open + " not evaluated</span>"
                : "<span class=\"badge ok\" id=\"verdict\">all " + model.thresholds().size() + " checks passed</span>";
        html.append("<header><h1>IG Audit: ").append(escape(fileName(run.tags().dataset()))).append("</h1><p class=\"sub\">")
                .append("Integrated Gradients over ").append(Format.count(run.rows().attributed())).append(" rows · model <code>")
                .append(escape(fileName(run.modelPath()))).append("</code> · run <code>").append(escape(run.runId()))
                .append("</code> · ").append(TIME.format(run.started())).append(" · ").append(badge).append("</p>");
        if (!model.classNames().isEmpty()) {
            StringBuilder classes = new StringBuilder();
            for (int i = 0; i < model.classNames().size(); i++) {
                classes.append(i > 0 ? ", " : "").append(i).append(" = ").append(model.classNames().get(i));
            }
            html.append("<p class=\"note\" id=\"classes\">Classes (the model's outputs): ").append(escape(classes.toString()))
                    .append("; target ").append(escape(run.method().target())).append(".</p>");
        }
        for (String note : model.notes()) {
            html.append("<p class=\"note\">").append(escape(note)).append("</p>");
        }
        DeltaView delta = model.delta();
        CompletenessWarning.of(delta.rows(), delta.overTolerance(), delta.tolerance(), delta.meanAbs()).ifPresent(warning ->
                html.append("<p class=\"warning\" id=\"completeness-warning\"><strong>Not exact:</strong> ")
                        .append(escape(warning)).append("</p>"));
        List<String> topWords = model.embeddings().map(EmbeddingView::topTokens).orElse(List.of());
        if (!topWords.isEmpty()) {
            // a token model's features are positions, which say nothing: lead with its words
            html.append("<p>Most important tokens (mean |attribution| per occurrence): ");
            for (int i = 0; i < topWords.size(); i++) {
                html.append(i > 0 ? ", " : "").append("<strong>").append(escape(topWords.get(i))).append("</strong>");
            }
            html.append(".</p>");
        } else if (!model.importance().isEmpty()) {
            html.append("<p>Most important features (mean |attribution|): ");
            List<ReportModel.Importance> top = model.importance().subList(0, Math.min(5, model.importance().size()));
            for (int i = 0; i < top.size(); i++) {
                html.append(i > 0 ? ", " : "").append("<strong>").append(escape(top.get(i).feature())).append("</strong>");
            }
            html.append(".</p>");
        }
        html.append("</header>\n");
    }

    private static void checks(StringBuilder html, ReportModel model) {
        if (model.thresholds().isEmpty()) {
            return;
        }
        int topK = model.drift().map(DriftResult::topK).orElse(model.topK());
        html.append("<section id=\"checks\"><h2>Checks (audit.fail-on)</h2><table><thead><tr><th>status</th><th>check</th>")
                .append("</tr></thead><tbody>");
        for (ThresholdResult check : model.thresholds()) {
            String status = switch (check.status()) {
                case FAILED -> "<span class=\"badge bad\">failed</span>";
                case PASSED -> "<span class=\"badge ok\">passed</span>";
                case NOT_EVALUATED -> "<span class=\"badge none\">not evaluated</span>";
            };
            html.append("<tr").append(check.failed() ? " class=\"bad\"" : "").append("><td>").append(status).append("</td><td>")
                    .append(escape(ThresholdText.describe(check, topK)))
                    .append(check.comparison().equals(ThresholdResult.REFERENCE) ? ", against the reference run" : "")
                    .append(" <span class=\"note\">(").append(check.key())
                    .append(")</span></td></tr>");
        }
        html.append("</tbody></table>");
        if (model.thresholds().stream().anyMatch(ThresholdResult::failed)) {
            html.append("<p class=\"note\">A failed check makes the run exit with code 3 after writing all of its output.</p>");
        }
        html.append("</section>\n");
    }

    private static void run(StringBuilder html, RunInfo run, DeltaView delta) {
        html.append("<section id=\"run\"><h2>Run</h2><dl class=\"facts\">");
        fact(html, "dataset", "<code>" + escape(run.tags().dataset()) + "</code>");
        fact(html, "model", "<code>" + escape(run.modelPath()) + "</code>");
        fact(html, "model SHA-256", "<code class=\"hash\">" + escape(run.tags().modelSha256()) + "</code>");
        fact(html, "method", escape(run.method().name()) + ", " + Format.count(run.method().steps()) + " steps"
                + (run.method().multiplyByInputs() ? "" : ", gradients only (multiply-by-inputs off)"));
        fact(html, "baseline", escape(run.method().baseline()));
        fact(html, "target", escape(run.method().target()));
        fact(html, "rows", Format.count(run.rows().input()) + " in, " + Format.count(run.rows().attributed()) + " attributed, "
                + Format.count(run.rows().rejected()) + " rejected");
        fact(html, "rows over the delta tolerance", Format.count(delta.overTolerance()) + " ("
                + Format.percent(delta.shareOverTolerance()) + "), tolerance " + Format.number(delta.tolerance()));
        StringBuilder timings = new StringBuilder();
        run.seconds().forEach((phase, s) -> timings.append(timings.length() > 0 ? ", " : "").append(escape(phase)).append(' ')
                .append(Format.seconds(s)));
        fact(html, "timings", timings.toString());
        fact(html, "speed", Format.number(run.rowsPerSecond()) + " rows/s (attribution pass)");
        fact(html, "configuration hash", "<code>" + escape(run.tags().configHash()) + "</code>");
        fact(html, "tags", run.tags().tags().isEmpty() ? "none" : escape(tagText(run.tags().tags())));
        StringBuilder versions = new StringBuilder();
        run.versions().forEach((name, version) -> versions.append(versions.length() > 0 ? ", " : "").append(escape(name))
                .append(' ').append(escape(version)));
        fact(html, "versions", versions.toString());
        html.append("</dl></section>\n");
    }

    private static void importance(StringBuilder html, ReportModel model) {
        html.append("<section id=\"importance\"><h2>Global importance</h2><p class=\"note\">Mean |attribution| over all ")
                .append(Format.count(model.run().rows().attributed())).append(" rows: how much each feature moves the explained ")
                .append("output, whatever the direction.");
        if (model.importance().stream().anyMatch(f -> f.meanAbsCi().known())) {
            html.append(" These rows are a sample: the line across each bar's end is its 95 % confidence interval.");
        }
        if (model.importance().size() > TOP_BARS) {
            html.append(" The top ").append(TOP_BARS).append(" of ").append(Format.count(model.importance().size()))
                    .append(" features; the others together under the chart.");
        }
        html.append("</p>").append(BarChart.render("importance", model.importance(), TOP_BARS, BarChart.WIDE))
                .append(BarChart.othersNote(model.importance(), TOP_BARS)).append("</section>\n");
    }

    private static void swarm(StringBuilder html, ReportModel model) {
        ReportModel.Swarm swarm = model.swarm();
        html.append("<section id=\"summary\"><h2>Summary plot</h2>");
        if (swarm.features().isEmpty() || swarm.sampleRows() == 0) {
            html.append("<p class=\"note\">No rows were sampled for this plot.</p></section>\n");
            return;
        }
        html.append("<p class=\"note\">Each dot is one row: its attribution for the feature (left of the line lowers the ")
                .append("explained output, right raises it), coloured by the row's value of that feature. ")
                .append(swarm.sampleRows() == swarm.totalRows() ? "All " + Format.count(swarm.totalRows()) + " rows"
                        : "A random sample of " + Format.count(swarm.sampleRows()) + " of the " + Format.count(swarm.totalRows()) + " rows")
                .append(", top ").append(swarm.features().size()).append(" features.")
                .append(swarm.features().stream().anyMatch(ReportModel.SwarmFeature::nominal)
                        ? " Category codes and token ids have no order, so their dots are grey." : "")
                .append("</p>")
                .append(Beeswarm.render(swarm)).append("</section>\n");
    }

    private static void perClass(StringBuilder html, ReportModel model) {
        if (model.perClass().isEmpty()) {
            return;
        }
        long total = model.perClass().stream().mapToLong(ClassImportance::rows).sum();
        List<ClassImportance> shown = model.perClass().stream()
                .sorted(java.util.Comparator.comparingLong(ClassImportance::rows).reversed()).limit(TOP_CLASSES)
                .sorted(java.util.Comparator.comparingInt(ClassImportance::target)).toList();
        html.append("<section id=\"per-class\"><h2>Importance per predicted class</h2><p class=\"note\">The target is each ")
                .append("row's predicted class; mean |attribution| within the rows of each class.");
        if (shown.size() < model.perClass().size()) {
            html.append(" The ").append(TOP_CLASSES).append(" classes with the most rows of ").append(model.perClass().size())
                    .append("; every class is in feature_stats/.");
        }
        html.append("</p><div class=\"classes\">");
        for (ClassImportance c : shown) {
            html.append("<div><h3>").append(escape(model.classLabel(c.target()))).append(" <span class=\"note\">")
                    .append(Format.count(c.rows()))
                    .append(" rows (").append(Format.percent(total == 0 ? 0 : (double) c.rows() / total)).append(")</span></h3>")
                    .append(BarChart.render("class-" + c.target(), c.features(), TOP_CLASS_BARS, BarChart.NARROW))
                    .append(BarChart.othersNote(c.features(), TOP_CLASS_BARS)).append("</div>");
        }
        html.append("</div></section>\n");
    }

    private static void delta(StringBuilder html, DeltaView delta, ReportModel.DeltaMeaning meaning) {
        html.append("<section id=\"delta\"><h2>Convergence delta</h2><p class=\"note\">delta = Σ attributions − (F(x) − F(x′)): ");
        if (meaning == ReportModel.DeltaMeaning.SAMPLING_NOISE) {
            html.append("with Expected Gradients F(x′) is the mean over the row's drawn references and the sum is over ")
                    .append("random points, so delta measures sampling noise; it shrinks like 1/√samples.</p>");
        } else {
            html.append("0 for the exact integral, so its size measures the quadrature error. More steps make it smaller.</p>");
        }
        html.append("<dl class=\"facts\">");
        fact(html, "mean |delta|", Format.number(delta.meanAbs()));
        fact(html, "95th percentile", Format.number(delta.p95Abs()));
        fact(html, "largest", Format.number(delta.maxAbs()));
        fact(html, "over the tolerance of " + Format.number(delta.tolerance()), "<strong" + (delta.overTolerance() > 0
                ? " class=\"bad\"" : "") + ">" + Format.count(delta.overTolerance()) + " rows (" + Format.percent(delta.shareOverTolerance())
                + ")</strong>");
        if (delta.histogram().nanRows() > 0) {
            fact(html, "NaN deltas", Format.count(delta.histogram().nanRows()) + " rows (counted as over)");
        }
        html.append("</dl>").append(DeltaChart.render(delta.histogram(), delta.tolerance()));
        html.append("<h3>Rows with the largest |delta|</h3>");
        if (delta.worst().isEmpty()) {
            html.append("<p class=\"note\">No rows.</p>");
        } else {
            html.append("<div class=\"table-wrap\"><table id=\"worst-rows\"><thead><tr>");
            for (String id : delta.idColumns()) {
                html.append("<th>").append(escape(id)).append("</th>");
            }
            html.append("<th class=\"num\">target</th><th class=\"num\">F(x)</th><th class=\"num\">F(x′)</th>")
                    .append("<th class=\"num\">delta</th><th>within tolerance</th></tr></thead><tbody>");
            for (WorstRow row : delta.worst()) {
                boolean ok = Math.abs(row.delta()) <= delta.tolerance();
                html.append("<tr").append(ok ? "" : " class=\"bad\"").append(">");
                for (String id : row.ids()) {
                    html.append("<td>").append(escape(id)).append("</td>");
                }
                html.append("<td class=\"num\">").append(row.target()).append("</td><td class=\"num\">")
                        .append(Format.number(row.prediction(), 4)).append("</td><td class=\"num\">")
                        .append(Format.number(row.baselinePrediction(), 4)).append("</td><td class=\"num\">")
                        .append(Format.number(row.delta())).append("</td><td>").append(ok ? "yes" : "no").append("</td></tr>");
            }
            html.append("</tbody></table></div>");
            if (delta.idColumns().isEmpty()) {
                html.append("<p class=\"note\">Set input.id-columns to see which rows these are.</p>");
            }
        }
        html.append("</section>\n");
    }

    /**
     * One row per slice (audit.slices): rows, top features and mean |delta|, then against the
     * earlier run its NDCG, top-k overlap, largest change and the slice's checks.
     */
    private static void slices(StringBuilder html, ReportModel model) {
        if (model.slices().isEmpty()) {
            return;
        }
        Map<String, SliceDrift> compared = new HashMap<>();
        model.drift().ifPresent(d -> d.slices().forEach(s -> compared.put(s.slice(), s)));
        boolean drift = !compared.isEmpty();
        html.append("<section id=\"slices\"><h2>Slices</h2><p>Every statistic of the run, per slice of audit.slices")
                .append(drift ? ", each compared with the same slice of the earlier run" : "").append(".</p>");
        model.drift().flatMap(WhatMoved::inSlices).ifPresent(line -> html.append("<p><strong>What moved:</strong> ")
                .append(escape(line)).append("</p>"));
        html.append("<div class=\"table-wrap\"><table id=\"slice-table\"><thead><tr><th>slice</th><th class=\"num\">rows</th>")
                .append("<th>top features</th><th class=\"num\">mean |delta|</th>");
        if (drift) {
            html.append("<th class=\"num\">rows before</th><th class=\"num\">NDCG</th><th class=\"num\">top-")
                    .append(model.drift().get().topK()).append(" overlap</th><th>largest change</th><th>checks</th>");
        }
        html.append("</tr></thead><tbody>");
        for (SliceSummary slice : model.slices()) {
            List<ThresholdResult> checks = model.thresholds().stream()
                    .filter(c -> c.slice().equals(slice.slice()) && c.comparison().equals(ThresholdResult.COMPARE_WITH)).toList();
            List<String> failed = checks.stream().filter(ThresholdResult::failed).map(ThresholdResult::key).toList();
            html.append("<tr").append(failed.isEmpty() ? "" : " class=\"bad\"").append("><td>").append(escape(slice.slice()))
                    .append("</td><td class=\"num\">").append(Format.count(slice.rows())).append("</td><td>")
                    .append(escape(String.join(", ", slice.top(3)))).append("</td><td class=\"num\">")
                    .append(Format.number(slice.meanAbsDelta())).append("</td>");
            if (drift) {
                SliceDrift d = compared.get(slice.slice());
                boolean both = d != null && d.inBoth();
                html.append("<td class=\"num\">").append(d == null || d.rowsBefore() == 0 ? Format.MISSING : Format.count(d.rowsBefore()))
                        .append("</td><td class=\"num\">").append(both ? Format.number(d.ndcg()) : Format.MISSING)
                        .append("</td><td class=\"num\">").append(both ? Format.number(d.topKOverlap()) : Format.MISSING)
                        .append("</td><td>").append(both && !d.largestChangeFeature().isEmpty()
                                ? escape(d.largestChangeFeature()) + " " + Format.change(d.largestChange()) : Format.MISSING)
                        .append("</td><td>").append(!failed.isEmpty() ? "<strong>failed: " + escape(String.join(", ", failed)) + "</strong>"
                                : !checks.isEmpty() ? "passed" : both ? "not checked: fewer rows than audit.slice-min-rows" : "none")
                        .append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table></div><p class=\"note\">slice_stats/ holds every feature of every slice. A slice keeps ")
                .append("exact moments only (no quantiles or PSI); its checks are the ranking's (NDCG, top-k overlap) and ")
                .append("mean-abs-change.</p></section>\n");
    }

    private static void drift(StringBuilder html, ReportModel model) {
        if (model.compareWith().isPresent()) {
            html.append("<section id=\"drift\"><h2>Drift since an earlier run</h2>");
            if (model.drift().isEmpty()) {
                html.append("<p>No earlier run in the history shares this run's ").append(escape(String.join(", ", model.compareOn())))
                        .append(": nothing to compare with yet. This run is now in the history; the next one will be compared with it.</p>")
                        .append("</section>\n");
            } else {
                DriftResult drift = model.drift().get();
                html.append("<p>Compared with run <code>").append(escape(drift.earlierRunId())).append("</code> of ")
                        .append(TIME.format(drift.earlierRunTime())).append(" (audit.compare-with = ")
                        .append(escape(model.compareWith().get())).append(").</p>");
                comparison(html, model, drift, ThresholdResult.COMPARE_WITH, "drift-table");
                html.append("</section>\n");
            }
        }
        model.reference().ifPresent(reference -> {
            html.append("<section id=\"reference-drift\"><h2>Drift since the reference run</h2>")
                    .append("<p>Compared with the reference run <code>").append(escape(reference.earlierRunId())).append("</code> of ")
                    .append(TIME.format(reference.earlierRunTime()))
                    .append(" (audit.reference). Its PSI is computed from this run's quantile sketches on the reference's bins.</p>");
            comparison(html, model, reference, ThresholdResult.REFERENCE, "reference-drift-table");
            html.append("</section>\n");
        });
    }

    /** One comparison's tags, facts, chart and table; its checks' limits mark the rows past them. */
    private static void comparison(StringBuilder html, ReportModel model, DriftResult drift, String name, String tableId) {
        List<ThresholdResult> checks = model.thresholds().stream().filter(c -> c.comparison().equals(name)).toList();
        double changeLimit = threshold(checks, FailOn.MEAN_ABS_CHANGE_ABOVE);
        double psiLimit = threshold(checks, FailOn.PSI_ABOVE);
        tagComparison(html, drift.earlierTags(), model.run().tags());
        html.append("<dl class=\"facts\">");
        fact(html, "top-" + drift.topK() + " overlap", "<strong>" + Format.number(drift.topKOverlap()) + "</strong> ("
                + Math.round(drift.topKOverlap() * drift.topK()) + " of " + drift.topK() + ")");
        if (!Double.isNaN(drift.ndcg())) {
            fact(html, "NDCG", "<strong>" + Format.number(drift.ndcg()) + "</strong> (1 = the earlier run's order)");
        }
        if (!drift.ndcgPerClass().isEmpty()) {
            List<String> perClass = new ArrayList<>();
            drift.ndcgPerClass().forEach((target, value) -> perClass.add((target < model.classNames().size() ? model.classNames().get(target) : "class " + target) + " " + Format.number(value)));
            fact(html, "NDCG per class", escape(String.join(", ", perClass)));
        }
        fact(html, "top " + drift.topK() + " before", escape(String.join(", ", drift.topBefore())));
        fact(html, "top " + drift.topK() + " now", escape(String.join(", ", drift.topNow())));
        drift.largestChange().ifPresent(f -> fact(html, "largest change", escape(f.feature()) + " " + Format.change(f.relativeChange())));
        drift.largestPsi().ifPresent(f -> fact(html, "largest PSI", escape(f.feature()) + " " + Format.number(f.psi())));
        if (!Double.isNaN(drift.outputs().predictionPsi())) {
            fact(html, "predictions' PSI", Format.number(drift.outputs().predictionPsi()));
        }
        if (!Double.isNaN(drift.outputs().predictedClassPsi())) {
            fact(html, "predicted classes' PSI", Format.number(drift.outputs().predictedClassPsi()));
        }
        drift.largestInputPsi().ifPresent(f -> fact(html, "largest input PSI", escape(f.feature()) + " " + Format.number(f.inputPsi())));
        drift.largestCategoryShift().ifPresent(c -> fact(html, "largest category shift (L∞)", escape(c.column()) + " "
                + Format.number(c.linf()) + " (code " + c.code() + ": " + Format.percent(c.shareBefore()) + " → "
                + Format.percent(c.shareNow()) + " of the rows)"));
        WhatMoved.of(drift).ifPresent(line -> fact(html, "what moved", escape(line)));
        html.append("</dl><p class=\"note\">Mean |attribution| before (grey) and now (blue), this run's top ")
                .append(Math.min(DRIFT_BARS, drift.features().size())).append(" features.</p>")
                .append(DriftChart.render(drift.features(), DRIFT_BARS, changeLimit));
        driftTable(html, drift, changeLimit, psiLimit, tableId);
    }

    private static void tagComparison(StringBuilder html, RunTags before, RunTags now) {
        html.append("<div class=\"table-wrap\"><table class=\"tags\"><thead><tr><th>tag</th><th>earlier run</th><th>this run</th>")
                .append("</tr></thead><tbody>");
        tagRow(html, "model SHA-256", before.modelSha256(), now.modelSha256());
        tagRow(html, "dataset", before.dataset(), now.dataset());
        tagRow(html, "configuration hash", before.configHash(), now.configHash());
        tagRow(html, "tags", tagText(before.tags()), tagText(now.tags()));
        html.append("</tbody></table></div>");
    }

    private static void tagRow(StringBuilder html, String name, String before, String now) {
        boolean same = before.equals(now);
        html.append("<tr><td>").append(name).append("</td><td><code>").append(escape(before)).append("</code></td><td><code>")
                .append(escape(now)).append("</code>").append(same ? " <span class=\"note\">same</span>" : " <strong>changed</strong>")
                .append("</td></tr>");
    }

    private static void driftTable(StringBuilder html, DriftResult drift, double changeLimit, double psiLimit, String tableId) {
        html.append("<div class=\"table-wrap\"><table id=\"").append(tableId).append("\"><thead><tr><th>feature</th>")
                .append("<th class=\"num\">mean |attr.| before</th><th class=\"num\">now</th><th class=\"num\">change</th>")
                .append("<th class=\"num\">rank before → now</th><th class=\"num\">PSI</th><th class=\"num\">input PSI</th>")
                .append("</tr></thead><tbody>");
        List<FeatureDrift> rows = drift.features().subList(0, Math.min(DRIFT_ROWS, drift.features().size()));
        for (FeatureDrift f : rows) {
            boolean changeBad = !Double.isNaN(changeLimit) && Math.abs(f.relativeChange()) > changeLimit;
            boolean psiBad = !Double.isNaN(psiLimit) && f.psi() > psiLimit;
            html.append("<tr").append(changeBad || psiBad ? " class=\"bad\"" : "").append("><td>").append(escape(f.feature()))
                    .append("</td><td class=\"num\">").append(Format.number(f.meanAbsBefore())).append("</td><td class=\"num\">")
                    .append(Format.number(f.meanAbsNow())).append("</td><td class=\"num\">").append(Format.change(f.relativeChange()))
                    .append("</td><td class=\"num\">").append(rank(f.rankBefore())).append(" → ").append(rank(f.rankNow()))
                    .append(rankMove(f)).append("</td><td class=\"num\">").append(Format.number(f.psi()))
                    .append("</td><td class=\"num\">").append(Format.number(f.inputPsi())).append("</td></tr>");
        }
        html.append("</tbody></table></div>");
        if (drift.features().size() > rows.size()) {
            html.append("<p class=\"note\">").append(Format.count(drift.features().size() - rows.size()))
                    .append(tableId.equals("drift-table") ? " more features in drift/features/.</p>" : " more features not shown.</p>");
        }
        html.append("<p class=\"note\">PSI (population stability index) compares each feature's attributions on the earlier ")
                .append("run's decile bins: below 0.1 little change, 0.1 to 0.25 some, above 0.25 a large shift.</p>");
    }

    private static String rankMove(FeatureDrift f) {
        int move = f.rankChange();
        return move > 0 ? " <span class=\"up\">▲" + move + "</span>" : move < 0 ? " <span class=\"down\">▼" + -move + "</span>" : "";
    }

    private static double threshold(List<ThresholdResult> checks, String key) {
        return checks.stream().filter(c -> c.key().equals(key)).mapToDouble(ThresholdResult::threshold).findFirst().orElse(Double.NaN);
    }

    private static String rank(int rank) {
        return rank == 0 ? Format.MISSING : Integer.toString(rank);
    }

    private static void fact(StringBuilder html, String name, String valueHtml) {
        html.append("<div><dt>").append(escape(name)).append("</dt><dd>").append(valueHtml).append("</dd></div>");
    }

    private static String tagText(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        tags.forEach((k, v) -> text.append(text.length() > 0 ? ", " : "").append(k).append('=').append(v));
        return text.toString();
    }

    /** The last part of a path or URI. */
    static String fileName(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
