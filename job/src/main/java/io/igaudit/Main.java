package io.igaudit;

import io.igaudit.config.ConfigException;
import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.history.ThresholdResult;
import io.igaudit.pipeline.AuditPipeline;
import io.igaudit.pipeline.FileChecks;
import io.igaudit.pipeline.NothingToAudit;
import io.igaudit.pipeline.RunSummary;
import io.igaudit.pipeline.SparkSessions;
import io.igaudit.report.CompletenessWarning;
import io.igaudit.report.Format;
import io.igaudit.report.TextNote;
import io.igaudit.report.ThresholdText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ig-audit --config FILE [--set KEY=VALUE]...}: explains a model's predictions over a whole
 * dataset with Integrated Gradients on Spark. Exit codes: 0 success, 1 failure while running,
 * 2 bad configuration or input (found before any heavy work starts), 3 an {@code audit.fail-on}
 * check failed (everything was written).
 */
@Command(name = "scripts/run-local.sh", mixinStandardHelpOptions = true, version = "IG Audit 0.1.0",
        usageHelpWidth = 120,
        customSynopsis = {"scripts/run-local.sh [--config=FILE] [--set=KEY=VALUE]... [--verbose]   (Spark local mode)",
            "   or: scripts/submit.sh [SPARK-SUBMIT OPTIONS...] -- [--config=FILE] [--set=KEY=VALUE]...   (a cluster)"},
        description = "Integrated Gradients for every row of a dataset, on Spark; results as Parquet.",
        footer = {"", "Sample configurations: conf/sample.conf (the default of run-local.sh), conf/sample-digits.conf,",
            "conf/sample-text.conf, conf/sample-credit.conf, conf/scheduled-audit.conf, conf/cluster-example.conf.",
            "", "Exit codes: 0 success, 1 failure while running, 2 bad configuration or input,",
            "3 an audit.fail-on check failed (after writing everything).",
            "Relative paths (--config and in the configuration) are taken from the current folder.",
            "Every configuration key is documented in docs/configuration.md."})
public final class Main implements Callable<Integer> {

    /** Success. */
    public static final int OK = 0;
    /** Failure while running. */
    public static final int FAILED = 1;
    /** Bad configuration or input. */
    public static final int BAD_INPUT = 2;
    /** The run finished and wrote everything, but an audit.fail-on check failed. */
    public static final int THRESHOLDS_FAILED = 3;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON job configuration (see conf/).")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one configuration key; repeatable; applied over the file.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--verbose",
            description = "Print Spark's log messages whole and the stack trace of a failure on the console "
                    + "(by default they go only to the log file named when a run fails).")
    private boolean verbose;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter err = new PrintWriter(System.err, true);
        RunLog log = RunLog.start(verbose);
        JobConfig config;
        try {
            config = ConfigLoader.load(Optional.ofNullable(configFile), overrides);
        } catch (ConfigException e) {
            err.println("ig-audit: bad configuration: " + e.getMessage());
            return BAD_INPUT;
        }
        try {
            FileChecks.beforeSpark(config);
        } catch (ConfigException e) {
            err.println("ig-audit: bad input: " + e.getMessage());
            return BAD_INPUT;
        }
        SparkSession spark = SparkSessions.open(config);
        try {
            RunSummary summary = AuditPipeline.run(spark, config);
            printSummary(summary);
            return exitCode(summary);
        } catch (NothingToAudit e) {
            System.out.println("IG Audit: nothing to audit: " + e.getMessage() + "; nothing was written");
            return 0;
        } catch (Exception e) {
            log.record(e);
            if (AuditPipeline.isBadInput(e)) {
                err.println("ig-audit: bad input: " + AuditPipeline.describeFailure(e));
                return BAD_INPUT;
            }
            err.println("ig-audit: the run failed: " + AuditPipeline.describeFailure(e) + log.whereToLook());
            if (verbose) {
                e.printStackTrace(err);
            }
            return FAILED;
        } finally {
            spark.stop();
        }
    }

    /** 0, or {@link #THRESHOLDS_FAILED} when a fail-on check failed. */
    public static int exitCode(RunSummary summary) {
        return summary.thresholdsFailed() ? THRESHOLDS_FAILED : OK;
    }

    private static void printSummary(RunSummary summary) {
        System.out.printf("%nIG Audit finished: results in %s%n", summary.outputPath());
        System.out.printf("  rows: %,d in, %,d attributed, %,d rejected%n",
                summary.inputRows(), summary.attributedRows(), summary.rejectedRows());
        System.out.printf("  attribution: %.1f s, %,.0f rows/s (whole run %.1f s); tasks %.1f s, %.0f%% of it in the model%n",
                summary.attributionSeconds(), summary.rowsPerSecond(), summary.totalSeconds(), summary.taskSeconds(),
                100 * summary.modelShareOfTasks());
        System.out.printf("  convergence delta: mean |delta| %.3g, max |delta| %.3g; %s rows (%s) over the tolerance %s%n",
                summary.meanAbsDelta(), summary.maxAbsDelta(), Format.count(summary.rowsOverTolerance()),
                Format.percent(summary.rowsOverTolerance() / (double) Math.max(1, summary.attributedRows())),
                Format.number(summary.deltaTolerance()));
        CompletenessWarning.of(summary.attributedRows(), summary.rowsOverTolerance(), summary.deltaTolerance(),
                summary.meanAbsDelta()).ifPresent(warning -> System.out.printf("  WARNING: %s%n", warning));
        if (!summary.classNames().isEmpty()) {
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < summary.classNames().size(); i++) {
                classes.add(i + " = " + summary.classNames().get(i));
            }
            System.out.printf("  classes: %s%n", String.join(", ", classes));
        }
        TextNote.of(summary.texts(), summary.textLength()).ifPresent(note -> System.out.printf("  texts: %s%n", note));
        if (summary.topTokens().isEmpty()) {
            // a token model's features are positions, which say nothing: its words stand in for them
            System.out.printf("  top features by mean |attribution|: %s%n", String.join(", ", summary.topFeatures()));
        } else {
            System.out.printf("  top tokens by mean |attribution|: %s (token_stats/ has every token, per class too)%n",
                    String.join(", ", summary.topTokens()));
        }
        if (!summary.topCategories().isEmpty()) {
            System.out.printf("  top categories by mean |attribution|: %s (category_stats/ has every one, per class too)%n",
                    String.join("; ", summary.topCategories()));
        }
        summary.comparedWith().ifPresent(id -> System.out.printf("  compared with run %s (see drift/)%n", id));
        summary.moved().forEach(line -> System.out.printf("  what moved %s%n", line));
        long slicesPassed = summary.thresholds().stream().filter(c -> !c.slice().isEmpty() && !c.failed()).count();
        if (slicesPassed > 0) {
            System.out.printf("  checks in slices: %d passed (each in run.json and the report)%n", slicesPassed);
        }
        for (ThresholdResult check : summary.thresholds()) {
            if (!check.slice().isEmpty() && !check.failed()) {
                continue; // one line per slice and check would bury the failures
            }
            System.out.printf("  check %s: %s%s%n", check.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    ThresholdText.describe(check, summary.topK()),
                    check.comparison().equals(ThresholdResult.REFERENCE) ? ", against the reference run" : "");
        }
        System.out.printf("  report: %s/report.html%n", summary.outputPath());
        System.out.println("  files: attributions/, feature_stats/, report.html, run.json, violations.json (and rejected/, drift/, token_stats/, category_stats/, slice_*stats/ when there are any)");
        if (summary.thresholdsFailed()) {
            System.out.println("IG Audit: a fail-on check failed; exit code " + THRESHOLDS_FAILED);
        }
    }
}
