package io.igaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is written from reference.conf and up to date: every key is on the page,
 * with the default the loader reads, and the page is what {@link ConfigDocs} writes.
 */
class ConfigDocsTest {

    private static Path page() {
        Path fromModule = Path.of("..", "docs", "configuration.md");
        return Files.exists(fromModule) ? fromModule : Path.of("docs", "configuration.md");
    }

    @Test
    void thePageInTheRepositoryIsUpToDate() throws Exception {
        assertEquals(ConfigDocs.render(ConfigDocs.referenceLines()), Files.readString(page()),
                "docs/configuration.md is out of date: run scripts/make-config-docs.sh");
    }

    @Test
    void everyKeyIsOnThePageWithTheDefaultTheLoaderReads() throws Exception {
        Config reference = ConfigFactory.parseResources(ConfigDocs.REFERENCE);
        Map<String, ConfigDocs.Entry> documented = ConfigDocs.entries(ConfigDocs.referenceLines()).stream()
                .collect(Collectors.toMap(ConfigDocs.Entry::key, e -> e));
        Set<String> keys = new TreeSet<>();
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            keys.add(entry.getKey());
            ConfigDocs.Entry doc = documented.get(entry.getKey());
            assertTrue(doc != null, entry.getKey() + " is not on the page");
            assertTrue(!doc.comment().isBlank(), entry.getKey() + " has no comment in reference.conf");
            assertEquals(normalise(entry.getValue().render(ConfigRenderOptions.concise())),
                    normalise(ConfigFactory.parseString("k = " + doc.defaultValue()).getValue("k")
                            .render(ConfigRenderOptions.concise())), entry.getKey() + ": the page's default");
        }
        List<String> extra = documented.keySet().stream()
                .filter(k -> !keys.contains(k) && keys.stream().noneMatch(key -> key.startsWith(k + ".")))
                .filter(k -> !documented.get(k).defaultValue().equals("{ }")).sorted().toList();
        assertEquals(List.of(), extra, "keys on the page that the loader does not know");
        assertTrue(keys.size() > 50, "reference.conf was read: " + keys.size() + " keys");
    }

    private static String normalise(String rendered) {
        return rendered.replace("\"", "");
    }
}
