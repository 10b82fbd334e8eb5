package io.igaudit.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every key of reference.conf has a row in README's configuration table. */
class ReadmeKeysTest {

    @Test
    void everyKeyIsDocumented() throws Exception {
        Path readme = Files.isRegularFile(Path.of("..", "README.md")) ? Path.of("..", "README.md") : Path.of("README.md");
        String text = Files.readString(readme);
        List<String> missing = ConfigLoader.knownKeys().stream().filter(key -> !text.contains("| `" + key + "` |"))
                .collect(Collectors.toList());
        assertTrue(missing.isEmpty(), "keys without a row in README's configuration table: " + missing);
    }
}
