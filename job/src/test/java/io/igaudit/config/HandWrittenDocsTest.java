package io.igaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and the hand-written pages of docs/ name only configuration keys the loader knows,
 * README points to the generated key reference, and every relative link (file and heading) of
 * README.md and docs/ resolves.
 */
class HandWrittenDocsTest {

    /** A code span that is a key or a group of keys, e.g. `attribution.layer.keep`. */
    private static final Pattern KEY_SPAN =
            Pattern.compile("`((?:input|model|attribution|output|audit|progress)\\.[a-z0-9.-]+)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE_BLOCK = Pattern.compile("```.*?```", Pattern.DOTALL);
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");

    private static Path root() {
        return Files.isRegularFile(Path.of("..", "README.md")) ? Path.of("..") : Path.of(".");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root().resolve("README.md")));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void keysNamedByHandAreKeysTheLoaderKnows() throws Exception {
        Set<String> keys = new HashSet<>();
        ConfigDocs.entries(ConfigDocs.referenceLines()).forEach(e -> keys.add(e.key()));
        List<String> unknown = new ArrayList<>();
        for (Path page : pages()) {
            if (page.endsWith("configuration.md")) {
                continue; // generated from reference.conf; ConfigDocsTest checks it
            }
            Matcher span = KEY_SPAN.matcher(Files.readString(page));
            while (span.find()) {
                String named = span.group(1);
                // a key, a group of keys (attribution.layer) or an entry of a map key (audit.tags.team)
                if (keys.stream().noneMatch(k -> k.equals(named) || k.startsWith(named + ".") || named.startsWith(k + "."))) {
                    unknown.add(page.getFileName() + ": " + named);
                }
            }
        }
        assertEquals(List.of(), unknown, "keys named in the docs that reference.conf does not define");
    }

    @Test
    void readmeLinksTheKeyReference() throws Exception {
        assertTrue(Files.readString(root().resolve("README.md")).contains("](docs/configuration.md)"),
                "README.md links docs/configuration.md, where every key is listed");
    }

    @Test
    void relativeLinksResolve() throws Exception {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = CODE_SPAN.matcher(CODE_BLOCK.matcher(Files.readString(page)).replaceAll("")).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path dest = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(dest)) {
                    broken.add(page.getFileName() + ": " + target + " (no such file)");
                } else if (hash >= 0 && dest.toString().endsWith(".md") && !anchors(dest).contains(target.substring(hash + 1))) {
                    broken.add(page.getFileName() + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken, "relative links that lead nowhere");
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : CODE_BLOCK.matcher(Files.readString(page)).replaceAll("").split("\n")) {
            Matcher heading = Pattern.compile("^#{1,6}\\s+(.*)").matcher(line);
            if (heading.find()) {
                String slug = heading.group(1).strip().toLowerCase()
                        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
        }
        return anchors;
    }
}
