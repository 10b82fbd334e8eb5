package io.igaudit.pipeline;

import io.igaudit.config.ConfigException;
import io.igaudit.config.JobConfig;
import io.igaudit.config.ReadPath;
import io.igaudit.io.Messages;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files a run reads, checked before Spark starts, where they are on this machine's filesystem:
 * each exists and can be read, and the small ones (tokenizer, vocabulary, category names) parse.
 * A missing or broken file is then named in a second, not after Spark's start and the input's
 * scan. Files on other filesystems (HDFS, S3, ...) need the session's settings and are checked by
 * the run's own checks, as before.
 */
public final class FileChecks {

    /** Keys whose path need not exist yet: the history is made by the first run. */
    private static final List<String> MAY_BE_NEW = List.of("audit.history-path");
    private static final List<String> SMALL_FILES = List.of("input.text.tokenizer", "input.vocabulary", "input.category-names");

    private FileChecks() {}

    /**
     * Checks the local files of a configuration.
     *
     * @throws ConfigException naming the key, the file and what is wrong
     */
    public static void beforeSpark(JobConfig config) {
        Configuration hadoop = new Configuration();
        boolean smallFilesLocal = true;
        for (ReadPath read : config.readPaths()) {
            if (!isLocal(read.path())) {
                smallFilesLocal &= !SMALL_FILES.contains(read.key());
                continue;
            }
            if (!MAY_BE_NEW.contains(read.key())) {
                requireReadable(read, hadoop);
            }
        }
        if (smallFilesLocal) {
            LayerFiles.checkFiles(config, hadoop);
        }
    }

    /** A path without a scheme or with {@code file:}: on this machine. */
    static boolean isLocal(String path) {
        try {
            String scheme = new URI(path.replace(" ", "%20")).getScheme();
            return scheme == null || scheme.equals("file") || scheme.length() == 1; // "C:" on Windows
        } catch (Exception e) {
            return true; // not a URI: a local path with odd characters
        }
    }

    private static void requireReadable(ReadPath read, Configuration hadoop) {
        Path path = new Path(read.path());
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                throw new ConfigException(Messages.missing(read.key(), read.path(), fs, path));
            }
            if (fs.getFileStatus(path).isFile()) {
                fs.open(path).close(); // readable
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(read.key() + " " + read.path() + " cannot be read: " + Messages.firstLine(e), e);
        }
    }
}
