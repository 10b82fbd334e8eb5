package io.igaudit.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes docs/configuration.md from reference.conf, the one place where defaults live: every key
 * with its default and the comment above it, one table per top-level section. A test checks that
 * the page in the repository is what this writes; {@code scripts/make-config-docs.sh} runs it.
 */
public final class ConfigDocs {

    /** The defaults on the classpath. */
    static final String REFERENCE = "io/igaudit/config/reference.conf";

    private ConfigDocs() {}

    /** One key: its full name, its default as written, and what its comment says. */
    record Entry(String key, String defaultValue, String comment) {}

    /** Writes the page to the path given (default docs/configuration.md). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, render(referenceLines()));
    }

    /** reference.conf's lines, from the classpath. */
    static List<String> referenceLines() throws IOException {
        try (InputStream in = ConfigDocs.class.getClassLoader().getResourceAsStream(REFERENCE)) {
            if (in == null) {
                throw new IOException(REFERENCE + " is not on the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        }
    }

    /**
     * The keys of a reference.conf written as this project writes it: comments above keys, one key
     * a line, blocks of {@code name {}}; a block with no key of its own is listed as a key.
     */
    static List<Entry> entries(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        List<String> path = new ArrayList<>();
        List<String> blockComments = new ArrayList<>();
        List<Integer> entriesAtOpen = new ArrayList<>();
        List<String> comment = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                String text = line.substring(1);
                // an indented comment line is a listing (a schema, an example): kept as its own code line
                comment.add(text.startsWith("   ") ? "<br>`" + text.strip() + "`" : text.strip());
            } else if (line.isEmpty()) {
                if (path.isEmpty()) {
                    comment.clear(); // the file's own header, or a gap between sections
                }
            } else if (line.endsWith("{")) {
                path.add(line.substring(0, line.length() - 1).strip());
                blockComments.add(String.join(" ", comment));
                entriesAtOpen.add(entries.size());
                comment.clear();
            } else if (line.equals("}")) {
                int last = path.size() - 1;
                if (entriesAtOpen.get(last) == entries.size()) {
                    // a block that holds no key by default (its keys are the user's): the block itself
                    entries.add(new Entry(String.join(".", path), "{ }", blockComments.get(last)));
                }
                path.remove(last);
                blockComments.remove(last);
                entriesAtOpen.remove(last);
                comment.clear();
            } else {
                int equals = line.indexOf('=');
                List<String> full = new ArrayList<>(path);
                full.add(line.substring(0, equals).strip());
                entries.add(new Entry(String.join(".", full), line.substring(equals + 1).strip(), String.join(" ", comment)));
                comment.clear();
            }
        }
        return entries;
    }

    /** The page. */
    static String render(List<String> lines) {
        StringBuilder page = new StringBuilder();
        page.append("# Configuration\n\n")
                .append("Every key IG Audit reads, with its default and what it does. A job's `--config` file (HOCON) and\n")
                .append("`--set KEY=VALUE` options are laid over these defaults; a key that is not here stops the run\n")
                .append("(exit 2), except under `spark`, whose keys go to the Spark session as they are.\n\n")
                .append("This page is written from `job/src/main/resources/").append(REFERENCE)
                .append("` by `scripts/make-config-docs.sh`;\na test checks that it is up to date. ")
                .append("The pages beside it (input, models, output, report and history) explain the keys at more length.\n");
        String section = null;
        for (Entry entry : entries(lines)) {
            String top = entry.key().contains(".") ? entry.key().substring(0, entry.key().indexOf('.')) : entry.key();
            if (!top.equals(section)) {
                section = top;
                page.append("\n## ").append(top).append("\n\n| key | default | what it does |\n|---|---|---|\n");
            }
            page.append("| `").append(entry.key()).append("` | `").append(entry.defaultValue().replace("|", "\\|")).append("` | ")
                    .append(entry.comment().replace("|", "\\|")).append(" |\n");
        }
        return page.toString();
    }
}
