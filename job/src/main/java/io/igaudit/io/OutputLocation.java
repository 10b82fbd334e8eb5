package io.igaudit.io;

import io.igaudit.config.ConfigException;
import io.igaudit.config.OutputConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder on any Hadoop filesystem: checked before work starts, cleared for
 * {@code overwrite} only after every check has passed, removed again if the run fails, and
 * completed by {@code run.json}, written last (after {@code report.html}).
 */
public final class OutputLocation {

    /** Per-row attributions. */
    public static final String ATTRIBUTIONS = "attributions";
    /** Per-feature statistics. */
    public static final String FEATURE_STATS = "feature_stats";
    /** Rows that could not be attributed, with a reason. */
    public static final String REJECTED = "rejected";
    /** The comparison with an earlier run: drift/features (Parquet) and drift/summary.json. */
    public static final String DRIFT = "drift";
    /** The human-facing report. */
    public static final String REPORT_HTML = "report.html";
    /** The run report; its presence marks a complete run. */
    public static final String RUN_JSON = "run.json";

    private final Path root;
    private final FileSystem fs;
    private boolean createdByThisRun;

    /** The location of {@code output.path}. */
    public OutputLocation(String path, Configuration hadoop) {
        try {
            this.root = new Path(path);
            this.fs = root.getFileSystem(hadoop);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("output.path " + path + " cannot be reached: " + Messages.firstLine(e), e);
        }
    }

    /** Checks existence against the mode and that the location can be written; changes nothing. */
    public void check(OutputConfig.Mode mode, String inputPath) {
        try {
            Path qualified = fs.makeQualified(root);
            Path input = new Path(inputPath);
            Path inputQualified = input.getFileSystem(fs.getConf()).makeQualified(input);
            if (isWithin(inputQualified, qualified)) {
                throw new ConfigException("output.path " + root + " contains input.path " + inputPath
                        + "; write the output somewhere else");
            }
            if (fs.exists(root)) {
                if (mode == OutputConfig.Mode.ERROR_IF_EXISTS) {
                    throw new ConfigException("output.path " + root + " already exists; choose a new path or set "
                            + "output.mode = overwrite to replace it");
                }
                if (!fs.getFileStatus(root).isDirectory()) {
                    throw new ConfigException("output.path " + root + " is a file, not a folder");
                }
            }
            probeWritable();
        } catch (IOException e) {
            throw new ConfigException("output.path " + root + " cannot be checked: " + Messages.firstLine(e), e);
        }
    }

    /** Clears an existing output (overwrite mode) and creates the folder. */
    public void prepare() throws IOException {
        if (fs.exists(root)) {
            fs.delete(root, true);
        }
        if (!fs.mkdirs(root)) {
            throw new IOException("could not create " + root);
        }
        createdByThisRun = true;
    }

    /** Removes what this run wrote, after a failure, so that nothing half-written remains. */
    public void discardIncomplete() {
        if (!createdByThisRun) {
            return;
        }
        try {
            fs.delete(root, true);
        } catch (IOException ignored) {
            // best effort: without run.json the folder does not look complete anyway
        }
    }

    /** The output folder, fully qualified (e.g. {@code file:/home/me/out}). */
    public String root() {
        return fs.makeQualified(root).toString();
    }

    /** A child of the output folder, as a URI string Spark accepts. */
    public String child(String name) {
        return new Path(root, name).toString();
    }

    /**
     * Writes a small text file atomically: to a temporary name beside it first, then renamed.
     *
     * @param name a file name, or a path below the output folder ({@code drift/summary.json})
     */
    public void writeText(String name, String text) throws IOException {
        Path target = new Path(root, name);
        Path temporary = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(temporary, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(temporary, target)) {
            fs.delete(temporary, false);
            throw new IOException("could not rename " + temporary + " to " + target);
        }
    }

    /** True when the output holds a run.json, i.e. a run finished there. */
    public boolean isComplete() throws IOException {
        return fs.exists(new Path(root, RUN_JSON));
    }

    private void probeWritable() throws IOException {
        Path existing = root;
        while (existing != null && !fs.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new ConfigException("output.path " + root + ": no part of it exists");
        }
        Path probe = new Path(existing, ".ig-audit-write-probe-" + UUID.randomUUID());
        try {
            if (!fs.mkdirs(probe)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw new ConfigException("output.path " + root + " is not writable (could not create a folder in "
                    + existing + ": " + Messages.firstLine(e) + ")", e);
        } finally {
            fs.delete(probe, true);
        }
    }

    private static boolean isWithin(Path inner, Path outer) {
        for (Path p = inner; p != null; p = p.getParent()) {
            if (p.equals(outer)) {
                return true;
            }
        }
        return false;
    }
}
