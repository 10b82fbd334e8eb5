package io.igaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules the code relies on, read from the sources: the IG maths knows nothing of
 * Spark, DJL or the rest of the job, the statistics nothing of DJL or the rest of the job, and no
 * main code references the benchmarks.
 */
class ArchitectureTest {

    private static Path sources() {
        Path main = Path.of("src", "main", "java", "io", "igaudit");
        return Files.isDirectory(main) ? main : Path.of("job").resolve(main);
    }

    /** The import lines of every source file below {@code folder} that match {@code forbidden}, as "File: import". */
    private static List<String> offending(String folder, Predicate<String> forbidden) throws IOException {
        Path root = sources().resolve(folder);
        List<Path> files;
        try (Stream<Path> walked = Files.walk(root)) {
            files = walked.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 3, "sources found in " + root.toAbsolutePath());
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                String stripped = line.strip();
                if (stripped.startsWith("import ") && forbidden.test(stripped.replace("import static ", "import "))) {
                    found.add(sources().relativize(file) + ": " + stripped);
                }
            }
        }
        return found;
    }

    private static boolean ofOurs(String importLine) {
        return importLine.startsWith("import io.igaudit.");
    }

    @Test
    void theIgMathsImportsNoSparkNoDjlAndNothingElseOfOurs() throws IOException {
        assertEquals(List.of(), offending("ig", line -> line.startsWith("import org.apache.spark") || line.startsWith("import ai.djl")
                || ofOurs(line) && !line.startsWith("import io.igaudit.ig.")));
    }

    @Test
    void xraisRegionsImportNoSparkNoDjlAndNothingElseOfOurs() throws IOException {
        assertEquals(List.of(), offending("xrai", line -> line.startsWith("import org.apache.spark") || line.startsWith("import ai.djl")
                || ofOurs(line) && !line.startsWith("import io.igaudit.xrai.")));
    }

    /**
     * The statistics import no DJL and nothing else of ours; Spark only where their states travel
     * as an accumulator (io.StatsTables makes their records Spark rows; the list may shrink, never
     * grow).
     */
    @Test
    void theStatisticsImportNoDjlNothingElseOfOursAndSparkOnlyWhereTheyAlreadyDo() throws IOException {
        List<String> spark = List.of("StatsAccumulator.java");
        assertEquals(List.of(), offending("stats", line -> line.startsWith("import ai.djl")
                || ofOurs(line) && !line.startsWith("import io.igaudit.stats.")));
        List<String> sparkFiles = offending("stats", line -> line.startsWith("import org.apache.spark")).stream()
                .map(found -> found.substring("stats/".length(), found.indexOf(':'))).distinct().sorted().toList();
        assertTrue(spark.containsAll(sparkFiles), "stats sources importing Spark: " + sparkFiles);
    }

    /** The benchmarks are their own module (bench/), which depends on the job: never the other way. */
    @Test
    void noMainCodeReferencesTheBenchmarks() throws IOException {
        Path main = sources().getParent().getParent().getParent();
        List<Path> files;
        try (Stream<Path> walked = Files.walk(main)) {
            files = walked.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 3, "files found in " + main.toAbsolutePath());
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("io.igaudit.bench")) {
                found.add(main.relativize(file).toString());
            }
        }
        assertEquals(List.of(), found);
    }
}
