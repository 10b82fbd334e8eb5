package io.igaudit.io;

import io.igaudit.config.ConfigException;
import io.igaudit.config.OutputConfig;
import io.igaudit.config.ReadPath;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder on any Hadoop filesystem: checked before work starts, cleared for
 * {@code overwrite} only after every check has passed, removed again if the run fails, and
 * completed by {@code run.json}, written last (after {@code report.html}).
 *
 * <p>Nothing that is not ours is ever deleted: {@code overwrite} replaces only a folder that is
 * empty or holds nothing but IG Audit's own entries ({@link #OWN_ENTRIES}, their checksum files
 * and this class's temporary files), and no mode accepts an output folder that holds a file the
 * run reads (model, baseline, history, configuration, ...).
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
    /** The fail-on thresholds that failed, for schedulers and alerting (an empty list when none did). */
    public static final String VIOLATIONS_JSON = "violations.json";
    /** Token statistics of a model explained at a token embedding. */
    public static final String TOKEN_STATS = "token_stats";
    /** Category statistics of a model with categorical codes at an embedding. */
    public static final String CATEGORY_STATS = "category_stats";
    /** Per slice and feature statistics (audit.slices). */
    public static final String SLICE_STATS = "slice_stats";
    /** Per slice and token statistics (audit.slices, a model with a token sequence). */
    public static final String SLICE_TOKEN_STATS = "slice_token_stats";
    /** Per slice and category statistics (audit.slices, a model with categorical columns). */
    public static final String SLICE_CATEGORY_STATS = "slice_category_stats";
    /** Everything a run writes at the top of its output folder. */
    public static final Set<String> OWN_ENTRIES = Set.of(ATTRIBUTIONS, FEATURE_STATS, REJECTED, DRIFT, REPORT_HTML, RUN_JSON,
            VIOLATIONS_JSON, TOKEN_STATS, CATEGORY_STATS, SLICE_STATS,
            SLICE_TOKEN_STATS, SLICE_CATEGORY_STATS);
    private static final String PROBE_PREFIX = ".ig-audit-write-probe-";
    private static final int FOREIGN_SHOWN = 3;

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

    /**
     * Checks the folder against the mode and the paths the run reads, and that it can be written;
     * changes nothing.
     */
    public void check(OutputConfig.Mode mode, List<ReadPath> reads) {
        try {
            Path qualified = fs.makeQualified(root);
            for (ReadPath read : reads) {
                checkApart(qualified, read);
            }
            if (fs.exists(root)) {
                if (mode == OutputConfig.Mode.ERROR_IF_EXISTS) {
                    throw new ConfigException("output.path " + root + " already exists; choose a new path or set "
                            + "output.mode = overwrite to replace it (only an empty folder or an earlier IG Audit output is replaced)");
                }
                if (!fs.getFileStatus(root).isDirectory()) {
                    throw new ConfigException("output.path " + root + " is a file, not a folder");
                }
                requireOnlyOwnEntries();
            }
            probeWritable();
        } catch (IOException e) {
            throw new ConfigException("output.path " + root + " cannot be checked: " + Messages.firstLine(e), e);
        }
    }

    /** The output may neither hold a path the run reads nor sit inside the input or history folder. */
    private void checkApart(Path output, ReadPath read) throws IOException {
        Path path = new Path(read.path());
        Path qualified = path.getFileSystem(fs.getConf()).makeQualified(path);
        if (isWithin(qualified, output)) {
            throw new ConfigException("output.path " + root + " holds " + read.key() + " " + read.path()
                    + ", which this run reads (overwriting or cleaning up the output would delete it); "
                    + "write the output to a folder of its own");
        }
        boolean folderRead = read.key().equals("input.path") || read.key().equals("audit.history-path");
        if (folderRead && isWithin(output, qualified)) {
            throw new ConfigException("output.path " + root + " is inside " + read.key() + " " + read.path()
                    + "; write the output outside it (it would be read as part of " + read.key() + ")");
        }
    }

    /** Overwrite replaces only an empty folder or one that holds nothing but an earlier IG Audit output. */
    private void requireOnlyOwnEntries() throws IOException {
        List<String> foreign = new ArrayList<>();
        for (FileStatus entry : fs.listStatus(root)) {
            String name = entry.getPath().getName();
            if (!isOwnEntry(name)) {
                foreign.add(name + (entry.isDirectory() ? "/" : ""));
            }
        }
        if (!foreign.isEmpty()) {
            String shown = String.join(", ", foreign.subList(0, Math.min(FOREIGN_SHOWN, foreign.size())))
                    + (foreign.size() > FOREIGN_SHOWN ? " and " + (foreign.size() - FOREIGN_SHOWN) + " more" : "");
            throw new ConfigException("output.path " + root + " holds " + shown + ", which IG Audit did not write; "
                    + "output.mode = overwrite replaces only an empty folder or an earlier IG Audit output ("
                    + String.join(", ", OWN_ENTRIES.stream().sorted().toList()) + "). Choose a new output.path");
        }
    }

    /** One of the entries a run writes, their checksum files ({@code .run.json.crc}) or temporary files. */
    static boolean isOwnEntry(String name) {
        if (OWN_ENTRIES.contains(name) || name.startsWith(PROBE_PREFIX)) {
            return true;
        }
        for (String own : OWN_ENTRIES) {
            // ".run.json.crc", ".run.json.<uuid>.tmp" and "..run.json.<uuid>.tmp.crc" (writeText, Hadoop's checksums)
            if (name.startsWith("." + own + ".") || name.startsWith(".." + own + ".")) {
                return true;
            }
        }
        return false;
    }

    /** Clears an existing output (overwrite mode) and creates the folder. */
    public void prepare() throws IOException {
        if (fs.exists(root)) {
            requireOnlyOwnEntries(); // again: something may have been put there since the check
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
        Path probe = new Path(existing, PROBE_PREFIX + UUID.randomUUID());
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
