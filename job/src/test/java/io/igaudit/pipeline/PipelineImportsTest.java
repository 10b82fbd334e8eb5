package io.igaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The driver's package keeps no DJL import: the model is probed through {@code model.ModelProbe}. */
class PipelineImportsTest {

    @Test
    void noSourceOfThePipelineImportsDjl() throws IOException {
        Path sources = Path.of("src", "main", "java", "io", "igaudit", "pipeline");
        if (!Files.isDirectory(sources)) {
            sources = Path.of("job").resolve(sources);
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(sources)) {
            files = listed.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 5, "the pipeline's sources were found in " + sources.toAbsolutePath());
        List<String> offending = files.stream().filter(PipelineImportsTest::importsDjl).map(p -> p.getFileName().toString())
                .toList();
        assertEquals(List.of(), offending, "pipeline sources importing ai.djl");
    }

    private static boolean importsDjl(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .anyMatch(line -> line.startsWith("import ai.djl.") || line.startsWith("import static ai.djl."));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
