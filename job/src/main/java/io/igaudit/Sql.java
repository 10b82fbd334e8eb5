package io.igaudit;

import io.igaudit.config.ConfigException;
import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.io.IcebergTables;
import io.igaudit.io.Messages;
import io.igaudit.pipeline.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/sql.sh --config FILE [STATEMENT]... [--file FILE]}: Spark SQL in the session an
 * audit with that configuration gets (its spark settings and output.warehouse's catalog), to make
 * input tables and to read the output tables. Prints each query's rows.
 */
@Command(name = "scripts/sql.sh", mixinStandardHelpOptions = true, version = "IG Audit 0.1.0", usageHelpWidth = 120,
        description = "Spark SQL with an audit's catalogs: output.warehouse's Iceberg catalog and the spark { } settings.",
        footer = {"", "e.g. scripts/sql.sh --config conf/sample-table.conf \"SELECT * FROM audit.breast_cancer_history\"",
            "Exit codes: 0 success, 2 bad configuration or a statement that failed."})
public final class Sql implements Callable<Integer> {

    private static final int SHOWN_ROWS = 100;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The audit's HOCON configuration.")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key; repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Statements separated by ';' at the end of a line.")
    private Path statementsFile;

    @Parameters(paramLabel = "STATEMENT", description = "Statements, run in order after those of --file.")
    private List<String> statements = new ArrayList<>();

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Sql()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter err = new PrintWriter(System.err, true);
        RunLog.start(false);
        JobConfig config;
        List<String> all = new ArrayList<>();
        try {
            config = ConfigLoader.load(Optional.of(configFile), overrides);
            if (statementsFile != null) {
                all.addAll(split(Files.readString(statementsFile)));
            }
        } catch (ConfigException | IOException e) {
            err.println("ig-audit sql: bad configuration: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        all.addAll(statements);
        SparkSession spark = SparkSessions.open(config);
        try {
            config.output().warehouse().ifPresent(warehouse -> IcebergTables.useWarehouse(spark, warehouse));
            for (String statement : all) {
                Dataset<Row> result = spark.sql(statement);
                if (result.columns().length > 0) {
                    result.show(SHOWN_ROWS, false);
                }
            }
            return Main.OK;
        } catch (Exception e) { // AnalysisException and ParseException are checked but thrown undeclared
            err.println("ig-audit sql: " + Messages.withoutSparkCodes(e));
            return Main.BAD_INPUT;
        } finally {
            spark.stop();
        }
    }

    /** Statements separated by ';' at a line's end; lines starting with -- are comments. */
    static List<String> split(String text) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            String stripped = line.stripTrailing();
            boolean ends = stripped.endsWith(";");
            current.append(ends ? stripped.substring(0, stripped.length() - 1) : line).append('\n');
            if (ends) {
                addIfAny(result, current);
            }
        }
        addIfAny(result, current);
        return result;
    }

    private static void addIfAny(List<String> result, StringBuilder statement) {
        if (!statement.toString().isBlank()) {
            result.add(statement.toString().strip());
        }
        statement.setLength(0);
    }
}
