package io.igaudit.pipeline;

import io.igaudit.config.ConfigException;
import io.igaudit.config.JobConfig;
import io.igaudit.history.RowCounts;
import io.igaudit.io.IcebergTables;
import io.igaudit.io.Messages;
import io.igaudit.io.OutputLocation;
import io.igaudit.io.OutputLock;
import io.igaudit.io.OutputTables;
import io.igaudit.model.ModelException;
import io.igaudit.model.TorchThreads;
import io.igaudit.report.HtmlReport;
import io.igaudit.report.WhatMoved;
import io.igaudit.stats.FeatureRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit as the driver runs it, in stages: {@link InputChecks} (every check that can fail on
 * bad configuration or input, a {@link ConfigException} and nothing written), then, once the
 * output folder is prepared, {@link AttributionPass} (quarantine invalid rows, attribute every
 * valid row on the executors, write the attributions) and {@link Figures} (feature_stats, drift
 * and checks from the tasks' merged states). The stages make one record of the run
 * ({@link AuditedRun}), from which {@code report.html}, the history's row and {@code run.json}
 * are written, and with output.table-prefix the run's rows appended to its tables
 * ({@link TableAppends}), run.json last. If anything fails after the folder was prepared, the
 * folder is removed again.
 */
public final class AuditPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(AuditPipeline.class);

    private final SparkSession spark;
    private final JobConfig config;
    private final AuditTrail trail;
    private final long startNanos = System.nanoTime();
    private final Instant started = Instant.now();

    private AuditPipeline(SparkSession spark, JobConfig config) {
        this.spark = spark;
        this.config = config;
        this.trail = new AuditTrail(spark, config.audit());
    }

    /** Runs the audit on an open session. */
    public static RunSummary run(SparkSession spark, JobConfig config) throws Exception {
        scala.Option<SparkSession> before = SparkSession.getActiveSession();
        SparkSession.setActiveSession(spark); // catalogs and settings are the active session's
        try {
            TorchThreads.configure(config.model().threadsPerTask());
            splitSmallFiles(spark);
            config.output().warehouse().ifPresent(warehouse -> IcebergTables.useWarehouse(spark, warehouse));
            return new AuditPipeline(spark, config).execute();
        } finally {
            if (before.isDefined()) {
                SparkSession.setActiveSession(before.get());
            } else {
                SparkSession.clearActiveSession();
            }
        }
    }

    /**
     * Lets Spark split a file smaller than 4 MB (its default cost of opening a file) into one
     * range per task slot, unless the session sets the cost: a CSV file of 16k rows is then read by
     * every slot instead of one task and a shuffle. The attribution costs far more per byte than
     * opening a file.
     */
    private static void splitSmallFiles(SparkSession spark) {
        String key = "spark.sql.files.openCostInBytes";
        if (!spark.conf().contains(key)) {
            // 1 byte, not 0: with 0 a file of an odd number of bytes leaves a 1-byte third range on two slots.
            spark.conf().set(key, "1");
        }
    }

    private RunSummary execute() throws Exception {
        String runId = UUID.randomUUID().toString();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        OutputLock.requireFree(config.output().path(), hadoop); // before the checks: no wait to learn it
        OutputLocation output = new OutputLocation(config.output().path(), hadoop);
        output.check(config.output().mode(), config.readPaths());
        TableAppends tables = new TableAppends(spark, config.output().tablePrefix().map(prefix -> OutputTables.of(spark, prefix)));
        InputChecks checks = new InputChecks(spark, config, trail);
        try {
            CheckedInput checked = checks.run();
            tables.check(new AttributionPass(spark, config, trail).attributionsSchema(checked));
            double validationSeconds = secondsSince(startNanos);
            LOG.info("checks passed in {} s: {} rows ({} invalid), {} features, model output width {}",
                    RunJson.round(validationSeconds), checked.profile().rows(), checked.profile().invalidRows(),
                    checked.layout().elementsPerRow(), checked.outputWidth());

            try (OutputLock lock = OutputLock.take(config.output().path(), runId, hadoop)) {
                output.prepare();
                try {
                    return produce(runId, output, tables, checked, validationSeconds);
                } catch (Exception | Error e) {
                    output.discardIncomplete();
                    throw e;
                }
            }
        } finally {
            checks.release();
        }
    }

    private RunSummary produce(String runId, OutputLocation output, TableAppends tables, CheckedInput checked,
            double validationSeconds) throws Exception {
        Attributed attributed = new AttributionPass(spark, config, trail).run(output, checked);
        RunFigures figures = new Figures(spark, trail, config.input().sample()).run(output, checked, attributed);
        RunSummary summary = summary(output, checked, attributed, figures);
        AuditedRun run = new AuditedRun(config, RunFacts.of(runId, started, config, checked, spark.version()), checked,
                attributed, figures, summary, new AuditedRun.Timings(validationSeconds, attributed.seconds(), figures.seconds(),
                        summary.totalSeconds()));
        output.writeText(OutputLocation.REPORT_HTML, HtmlReport.render(ReportView.of(run)));
        trail.append(HistoryRow.of(run));
        output.writeText(OutputLocation.VIOLATIONS_JSON, Violations.json(run));
        Map<String, Long> published = tables.append(output, run);
        output.writeText(OutputLocation.RUN_JSON, RunJson.of(run, published)); // last: a folder without it holds no finished run
        return summary;
    }

    private RunSummary summary(OutputLocation output, CheckedInput checked, Attributed attributed, RunFigures figures) {
        ReportFacts.DeltaSummary delta = figures.delta();
        AuditTrail.Outcome audit = figures.audit();
        return RunSummary.builder()
                .outputPath(output.root())
                .rows(new RowCounts(checked.profile().rows(), delta.rows() / checked.targets().perRow(), attributed.rejected()))
                .seconds(attributed.seconds(), attributed.taskSeconds(), attributed.modelSeconds(), secondsSince(startNanos))
                .top(figures.ranked().stream().limit(5).map(FeatureRow::feature).toList(), figures.embeddings().topTokens(5),
                        figures.embeddings().topCategories(5))
                .delta(delta.meanAbs(), delta.maxAbs(), config.attribution().deltaTolerance(), delta.overTolerance())
                .audit(audit.drift().map(d -> d.earlierRunId()), config.audit().topK(), audit.thresholds())
                .texts(attributed.stats().text(), textLength(config))
                .classNames(checked.model().classNames())
                .moved(moved(audit))
                .build();
    }

    /** Per comparison, which of the inputs, predictions and reasons moved. */
    private static List<String> moved(AuditTrail.Outcome audit) {
        List<String> lines = new ArrayList<>();
        audit.drift().flatMap(WhatMoved::of).ifPresent(line -> lines.add("against the earlier run: " + line));
        audit.drift().flatMap(WhatMoved::inSlices).ifPresent(line -> lines.add("per slice, against the earlier run: " + line));
        audit.referenceDrift().flatMap(WhatMoved::of).ifPresent(line -> lines.add("against the reference run: " + line));
        audit.referenceDrift().flatMap(WhatMoved::inSlices).ifPresent(line -> lines.add("per slice, against the reference run: " + line));
        return lines;
    }

    /** input.text.max-length, or 0 without a text column. */
    static int textLength(JobConfig config) {
        return config.tensors().text().map(text -> text.maxLength()).orElse(0);
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    /** For messages: the outermost {@link ModelException} or {@link ConfigException}, or the first line of the error. */
    public static String describeFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ModelException || t instanceof ConfigException) {
                return t.getMessage();
            }
        }
        return Messages.firstLine(error);
    }

    /**
     * True when a failure is the configuration's or the input's: a {@link ConfigException}, or a
     * model error that the configuration causes, thrown on the driver or by a task on an executor.
     */
    public static boolean isBadInput(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConfigException || t instanceof ModelException m && m.isConfigurationProblem()) {
                return true;
            }
        }
        return false;
    }
}
