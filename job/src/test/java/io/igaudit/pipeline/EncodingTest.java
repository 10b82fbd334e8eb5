package io.igaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.io.InputReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** input.encoding: a Latin-1 CSV or JSON file reads its accents back when told its character set. */
class EncodingTest {

    @TempDir
    Path tmp;

    private JobConfig config(Path input, String format, String... more) {
        List<String> settings = new ArrayList<>(List.of("input.path=" + input, "input.format=" + format,
                "input.id-columns=[name]", "input.features=[a]", "model.path=m.pt", "output.path=" + tmp.resolve("out")));
        settings.addAll(List.of(more));
        return ConfigLoader.load(Optional.empty(), settings);
    }

    private String firstName(JobConfig config) {
        List<Row> rows = InputReader.read(Audits.spark(), config.input(), InputReader.CsvTypes.INFERRED, java.util.Optional.empty()).collectAsList();
        return rows.get(0).getAs("name");
    }

    @Test
    void aLatin1CsvReadsItsAccentsWithItsEncodingAndNotWithout() throws Exception {
        Path csv = tmp.resolve("latin1.csv");
        Files.write(csv, "name,a\ncafé,1.0\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("café", firstName(config(csv, "csv", "input.encoding=ISO-8859-1")));
        assertTrue(firstName(config(csv, "csv")).contains("\uFFFD"), "read as UTF-8, the é is not decoded");
    }

    @Test
    void aLatin1JsonFileToo() throws Exception {
        Path json = tmp.resolve("latin1.json");
        Files.write(json, "{\"name\": \"naïve\", \"a\": 1.0}\n{\"name\": \"x\", \"a\": 2.0}\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("naïve", firstName(config(json, "json", "input.encoding=latin1")));
    }

    @Test
    void anUnknownCharacterSetIsNamed() {
        ConfigException error = Assertions.assertThrows(ConfigException.class,
                () -> config(tmp.resolve("x.csv"), "csv", "input.encoding=latin-9000"));
        assertTrue(error.getMessage().contains("input.encoding is 'latin-9000'") && error.getMessage().contains("ISO-8859-1"),
                error.getMessage());
    }
}
