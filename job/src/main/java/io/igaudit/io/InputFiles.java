package io.igaudit.io;

import io.igaudit.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The data files of {@code input.path}, checked against {@code input.format} before Spark reads
 * them, so that a folder with no data files, or with a file of another format among them, stops
 * the run with a message naming that file (Spark would fail inside a task, blaming whichever file
 * it read first). Files and folders Spark skips are skipped here too: names starting with
 * {@code _} or {@code .} ({@code _SUCCESS}, {@code .crc} checksums, {@code _temporary}). A file's
 * format is told by its first bytes (Parquet files start with {@code PAR1}, ORC files with
 * {@code ORC}) and otherwise by its extension ({@code .csv}, {@code .json}, …, after a compression
 * extension such as {@code .gz}); the first bytes are read of at most {@link #MAX_PROBED} files,
 * which bounds the cost on object stores.
 */
public final class InputFiles {

    /** The most files whose first bytes are read; the others are judged by their extension. */
    static final int MAX_PROBED = 200;

    private static final String UNKNOWN = "unknown";
    private static final String EMPTY = "empty";
    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};
    private static final byte[] ORC_MAGIC = {'O', 'R', 'C'};
    private static final List<String> COMPRESSION = List.of("gz", "bz2", "deflate", "lz4", "snappy", "zst", "xz", "zstd");
    private static final Map<String, String> EXTENSIONS = Map.of(
            "csv", "csv", "tsv", "csv", "json", "json", "jsonl", "json", "ndjson", "json", "parquet", "parquet", "orc", "orc");

    private InputFiles() {}

    /**
     * Fails unless {@code location} is a file of {@code format} or a folder holding at least one
     * data file, all of {@code format}.
     *
     * @param key the configuration key that names the location, for messages
     */
    public static void check(FileSystem fs, Path location, String format, String key) throws IOException {
        FileStatus status = fs.getFileStatus(location);
        List<FileStatus> files = status.isDirectory() ? dataFiles(fs, location) : List.of(status);
        if (files.isEmpty()) {
            throw new ConfigException(key + " " + location + " holds no data files (names starting with _ or . are not data); "
                    + "point " + key + " at the folder or file that holds the dataset");
        }
        files = new ArrayList<>(files);
        files.sort(Comparator.comparing(f -> f.getPath().toString()));
        // Files without a telling extension are probed first: their extension says nothing.
        files.sort(Comparator.comparing(f -> extensionFormat(f.getPath().getName()).isPresent()));
        Map<String, List<Path>> odd = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            FileStatus file = files.get(i);
            if (i >= MAX_PROBED && extensionFormat(file.getPath().getName()).isEmpty()) {
                continue; // neither probed nor named: left to Spark
            }
            Optional<String> found = i < MAX_PROBED ? probe(fs, file) : extensionFormat(file.getPath().getName());
            if (!fits(found, format)) {
                odd.computeIfAbsent(found.orElse(UNKNOWN), k -> new ArrayList<>()).add(file.getPath());
            }
        }
        if (!odd.isEmpty()) {
            throw new ConfigException(describe(key, location, status.isDirectory(), format, files.size(), odd));
        }
    }

    /** Every file below {@code folder} that Spark would read: hidden names (and what lies below them) left out. */
    private static List<FileStatus> dataFiles(FileSystem fs, Path folder) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        // Listed files come back qualified (scheme, absolute path): count the folder's depth the same way.
        int depth = fs.makeQualified(folder).depth();
        RemoteIterator<LocatedFileStatus> all = fs.listFiles(folder, true);
        while (all.hasNext()) {
            LocatedFileStatus file = all.next();
            boolean hidden = false;
            for (Path p = file.getPath(); p != null && p.depth() > depth; p = p.getParent()) {
                hidden |= hidden(p.getName());
            }
            if (!hidden) {
                files.add(file);
            }
        }
        return files;
    }

    /** Spark's rule for names it does not read (InMemoryFileIndex): {@code _x} unless a partition {@code _k=v}, {@code .x}, copies in progress. */
    static boolean hidden(String name) {
        return (name.startsWith("_") && !name.contains("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
    }

    /** The format a file's first bytes show (Parquet, ORC), else its extension's, else empty; {@link #EMPTY} for no bytes. */
    private static Optional<String> probe(FileSystem fs, FileStatus file) throws IOException {
        if (file.getLen() == 0) {
            return Optional.of(EMPTY);
        }
        byte[] head = new byte[PARQUET_MAGIC.length];
        int read = 0;
        try (InputStream in = fs.open(file.getPath())) {
            for (int n; read < head.length && (n = in.read(head, read, head.length - read)) > 0; ) {
                read += n;
            }
        }
        if (read == PARQUET_MAGIC.length && Arrays.equals(head, PARQUET_MAGIC)) {
            return Optional.of("parquet");
        }
        if (read >= ORC_MAGIC.length && Arrays.equals(Arrays.copyOf(head, ORC_MAGIC.length), ORC_MAGIC)) {
            return Optional.of("orc");
        }
        Optional<String> named = extensionFormat(file.getPath().getName());
        // A file named .parquet or .orc without the magic bytes is no file of that format.
        return named.filter(f -> !f.equals("parquet") && !f.equals("orc"));
    }

    /** The format a file name's extension names, after any compression extension. */
    static Optional<String> extensionFormat(String name) {
        List<String> parts = new ArrayList<>(Arrays.asList(name.toLowerCase(Locale.ROOT).split("\\.")));
        if (parts.size() > 2 && COMPRESSION.contains(parts.get(parts.size() - 1))) {
            parts.remove(parts.size() - 1);
        }
        return parts.size() < 2 ? Optional.empty() : Optional.ofNullable(EXTENSIONS.get(parts.get(parts.size() - 1)));
    }

    /**
     * Whether a file of the found format may be read as {@code format}: binary formats need their
     * magic bytes; text formats take any file that is not shown to be of another format.
     */
    private static boolean fits(Optional<String> found, String format) {
        if (found.equals(Optional.of(EMPTY))) {
            return format.equals("csv") || format.equals("json");
        }
        if (format.equals("parquet") || format.equals("orc")) {
            return found.equals(Optional.of(format));
        }
        return found.isEmpty() || found.get().equals(format);
    }

    private static String describe(String key, Path location, boolean folder, String format, int total, Map<String, List<Path>> odd) {
        int oddCount = odd.values().stream().mapToInt(List::size).sum();
        // Name a file of a known other format where there is one: the likelier mistake.
        Map.Entry<String, List<Path>> first = odd.entrySet().stream()
                .filter(e -> !e.getKey().equals(UNKNOWN) && !e.getKey().equals(EMPTY)).findFirst()
                .orElse(odd.entrySet().iterator().next());
        String kind = first.getKey();
        Path example = first.getValue().get(0);
        boolean known = !kind.equals(UNKNOWN) && !kind.equals(EMPTY);
        String what = kind.equals(EMPTY) ? "is empty, not " + article(format) + " file"
                : known ? "is " + article(kind) + " file but input.format = " + format
                : "is not " + article(format) + " file" + magicHint(format);
        if (!folder) {
            return key + " " + location + " " + what + "; " + (known ? "set input.format = " + kind : "check the file and input.format");
        }
        if (oddCount == total && odd.size() == 1 && known) {
            return key + " " + location + " holds " + name(kind) + " files (e.g. " + example.getName()
                    + ") but input.format = " + format + "; set input.format = " + kind;
        }
        return key + " " + location + (known ? " mixes formats: " : " holds a file Spark cannot read as " + format + ": ")
                + example + " " + what + (oddCount > 1 ? " (and " + (oddCount - 1) + " more file(s) not in " + name(format) + ")" : "")
                + "; move the files that are not " + name(format) + " out of the folder (Spark reads every file in it)";
    }

    private static String magicHint(String format) {
        return format.equals("parquet") ? " (it does not start with PAR1)" : format.equals("orc") ? " (it does not start with ORC)" : "";
    }

    private static String name(String format) {
        return switch (format) {
            case "csv", "json", "orc" -> format.toUpperCase(Locale.ROOT);
            case "parquet" -> "Parquet";
            default -> format;
        };
    }

    private static String article(String format) {
        return (format.equals("orc") ? "an " : "a ") + name(format);
    }
}
