package io.igaudit.io;

import io.igaudit.config.ConfigException;
import io.igaudit.model.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The model file wherever it lives (local path or Hadoop URI): its SHA-256 on the driver, and a
 * verified local copy on each executor JVM (libtorch loads local files only).
 */
public final class ModelFile {

    private static final Map<String, java.nio.file.Path> LOCAL_COPIES = new ConcurrentHashMap<>();

    private ModelFile() {}

    /**
     * The location as a fully qualified URI ({@code file:/abs/path}, {@code hdfs://...}): a relative
     * path means the driver's working folder, not each executor's.
     */
    public static String qualified(String location, Configuration hadoop) {
        try {
            Path path = new Path(location);
            return path.getFileSystem(hadoop).makeQualified(path).toString();
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("model.path " + location + " cannot be reached: " + Messages.firstLine(e), e);
        }
    }

    /** The SHA-256 of the file, hex; a {@link ConfigException} if it cannot be read. */
    public static String sha256(String location, Configuration hadoop) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(hadoop);
            if (!fs.exists(path)) {
                throw new ConfigException(Messages.missing("model.path", location, fs, path));
            }
            if (!fs.getFileStatus(path).isFile()) {
                throw new ConfigException("model.path " + location + " is not a file");
            }
            try (InputStream in = fs.open(path)) {
                return digest(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("model.path " + location + " cannot be read: " + Messages.firstLine(e), e);
        }
    }

    /**
     * A local copy of the model named after the driver's SHA-256, made once per JVM and checked
     * against that hash. Loading the copy, never the original path, means that a model replaced at
     * the same path can neither slip in between the check and the load nor be served from this
     * JVM's model cache under its old content (the cache is keyed by the copy's path).
     *
     * @throws ModelException if the file is gone or its content changed since the driver checked it
     */
    public static java.nio.file.Path localVerified(String location, String expectedSha256, Configuration hadoop) {
        return LOCAL_COPIES.computeIfAbsent(location + "#" + expectedSha256, key -> {
            try {
                Path path = new Path(location);
                FileSystem fs = path.getFileSystem(hadoop);
                java.nio.file.Path folder = Files.createDirectories(
                        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "ig-audit-models"));
                java.nio.file.Path copy = folder.resolve(expectedSha256 + ".pt");
                // Copy to a private name, check, then move into place: other JVMs on this machine
                // may be doing the same.
                java.nio.file.Path partial = Files.createTempFile(folder, expectedSha256 + "-", ".partial");
                try {
                    try (InputStream in = fs.open(path)) {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                    String actual;
                    try (InputStream in = Files.newInputStream(partial)) {
                        actual = digest(in);
                    }
                    if (!actual.equals(expectedSha256)) {
                        throw new ModelException("model file " + location + " changed after the driver checked it: SHA-256 was "
                                + expectedSha256 + ", is now " + actual + "; do not replace the model while a job runs");
                    }
                    Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
                return copy;
            } catch (IOException e) {
                throw new ModelException("model file " + location + " cannot be read on this executor: "
                        + Messages.firstLine(e) + " (is model.path on a filesystem every executor reaches?)", e);
            }
        });
    }

    private static String digest(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, sha)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
