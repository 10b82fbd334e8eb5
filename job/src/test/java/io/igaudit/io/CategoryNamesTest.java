package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoryNamesTest {

    private static Map<String, List<String>> read(String json) {
        return CategoryNames.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "names.json");
    }

    @Test
    void theCreditSamplesMappingGivesEveryColumnItsNames() throws IOException {
        Path file = io.igaudit.testing.Samples.root().resolve("credit/categories.json");
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, List<String>> names = CategoryNames.read(in, file.toString());
            assertEquals(13, names.size());
            assertEquals(List.of("(missing)", "<0", "0<=X<200", ">=200", "no checking"), names.get("checking_status"));
            assertTrue(names.values().stream().allMatch(n -> n.get(0).equals("(missing)")));
        }
    }

    @Test
    void aPlainObjectOfColumnsWorksToo() {
        assertEquals(Map.of("colour", List.of("red", "7")), read("{\"colour\": [\"red\", 7]}"));
    }

    @Test
    void badFilesAreNamedWithTheFix() {
        ConfigException notJson = assertThrows(ConfigException.class, () -> read("{colour"));
        assertTrue(notJson.getMessage().startsWith("names.json is not JSON"), notJson.getMessage());
        ConfigException notArray = assertThrows(ConfigException.class, () -> read("{\"categorical\": {\"colour\": 3}}"));
        assertTrue(notArray.getMessage().contains("column 'colour' maps to number; it should be an array"), notArray.getMessage());
        assertThrows(ConfigException.class, () -> read("[1, 2]"));
    }
}
