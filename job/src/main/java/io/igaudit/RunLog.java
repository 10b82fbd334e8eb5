package io.igaudit;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a command-line run logs. By default the console shows one line per message and no stack
 * traces, and everything (whole messages, stack traces) goes to a log file of the run under the
 * temporary folder, named when the run fails; {@code --verbose} puts everything on the console.
 * Set before Spark starts logging: log4j reads these properties once, at its start.
 */
final class RunLog {

    /** System property with the log file's path, read by log4j2.properties. */
    static final String FILE_PROPERTY = "igaudit.log.file";
    private static final String VERBOSE_CONFIGURATION = "io/igaudit/log4j2-verbose.properties";
    private static final String FAILURE_LOGGER = "io.igaudit.failure";

    private final Path file;

    private RunLog(Path file) {
        this.file = file;
    }

    /** Chooses the log file (kept if already chosen, e.g. by {@code -Digaudit.log.file}) and the console's detail. */
    static RunLog start(boolean verbose) {
        if (verbose) {
            System.setProperty("log4j2.configurationFile", VERBOSE_CONFIGURATION);
        }
        String chosen = System.getProperty(FILE_PROPERTY);
        if (chosen == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            chosen = Path.of(System.getProperty("java.io.tmpdir"), "ig-audit-logs",
                    "ig-audit-" + stamp + "-" + ProcessHandle.current().pid() + ".log").toString();
            System.setProperty(FILE_PROPERTY, chosen);
        }
        return new RunLog(Path.of(chosen));
    }

    /** Writes a failure with its stack trace to the log file (and, with --verbose, the console). */
    void record(Throwable failure) {
        // Looked up here, not in a static field: logging must not start before start() has run.
        Logger failures = LoggerFactory.getLogger(FAILURE_LOGGER);
        failures.error("the run stopped", failure);
    }

    /** " (details: FILE)" for the failure line. */
    String whereToLook() {
        return " (details: " + file + ")";
    }
}
