package io.igaudit.io;

import io.igaudit.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small files that the driver reads whole and ships to the tasks inside their closure or a
 * broadcast (a tokenizer.json, a vocab.txt), so that executors never need to reach the path.
 * Paths resolve as {@code model.path} does: local paths (relative ones from the driver's working
 * folder) or any Hadoop URI.
 */
public final class SmallFiles {

    private SmallFiles() {}

    /**
     * The bytes of the file at {@code location}.
     *
     * @param key the configuration key that names the file, for messages
     * @param maxBytes the largest size accepted
     * @throws ConfigException naming the key when the file is missing, unreadable or too large
     */
    public static byte[] read(String key, String location, Configuration hadoop, long maxBytes) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                throw new ConfigException(Messages.missing(key, location, fs, path));
            }
            long size = fs.getFileStatus(path).getLen();
            if (!fs.getFileStatus(path).isFile()) {
                throw new ConfigException(key + " " + location + " is not a file");
            }
            if (size > maxBytes) {
                throw new ConfigException(key + " " + location + " holds " + size + " bytes; at most " + maxBytes
                        + " are read (it travels to every task)");
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(key + " " + location + " cannot be read: " + Messages.firstLine(e), e);
        }
    }
}
