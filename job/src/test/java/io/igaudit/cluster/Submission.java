package io.igaudit.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code scripts/submit.sh} run in the background. submit.sh and the spark-submit shim both
 * {@code exec}, so the process is the driver JVM (client mode) itself.
 */
final class Submission {

    private static final Pattern PROGRESS = Pattern.compile("progress: (\\S+) / (\\S+) rows attributed");

    private final String name;
    private final Process process;
    private final Path log;
    private final long startNanos = System.nanoTime();

    Submission(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Waits for the exit; kills the driver and fails when it takes longer than the limit. */
    int await(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError(name + ": no exit within " + limit.toSeconds() + " s; killed. Output:\n" + tail());
        }
        return process.exitValue();
    }

    /** The exit code (after {@link #await}). */
    int exitCode() {
        return process.exitValue();
    }

    /** The driver JVM's pid. */
    long pid() {
        return process.pid();
    }

    /** The driver process's command line, as the OS reports it. */
    String commandLine() {
        return process.info().commandLine().orElse("");
    }

    /** The first line of the driver's output containing any of the given texts, if one does. */
    java.util.Optional<String> firstLineWith(String... texts) {
        return output().lines().filter(line -> java.util.Arrays.stream(texts).anyMatch(line::contains)).findFirst();
    }

    /** Seconds since the submit started. */
    double seconds() {
        return LocalCluster.seconds(startNanos);
    }

    /** Kills the driver JVM and its descendants forcibly (SIGKILL); no-op when it has exited. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while the driver runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Rows attributed so far, from the driver's last progress line (none before attribution starts). */
    OptionalLong rowsDone() {
        Matcher matcher = PROGRESS.matcher(output());
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return last == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(last.replaceAll("\\D", "")));
    }

    /** Waits until the driver reports at least {@code rows} rows attributed; returns the count. */
    long awaitRowsDone(long rows, Duration limit) {
        if (!LocalCluster.waitUntil(limit, () -> rowsDone().orElse(-1) >= rows || !isAlive())) {
            throw new AssertionError(name + ": fewer than " + rows + " rows attributed after " + limit.toSeconds()
                    + " s. Output:\n" + tail());
        }
        if (!isAlive()) {
            throw new AssertionError(name + ": the driver exited (" + process.exitValue() + ") before " + rows
                    + " rows were attributed. Output:\n" + tail());
        }
        return rowsDone().orElseThrow();
    }

    /** Everything the driver printed so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The end of the driver's output, for failure messages. */
    String tail() {
        return LocalCluster.tail(log, 6000);
    }
}
