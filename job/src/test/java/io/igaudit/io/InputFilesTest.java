package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-file check of input folders, on the local filesystem (no Spark). */
class InputFilesTest {

    private static final byte[] PARQUET_LIKE = {'P', 'A', 'R', '1', 0, 0, 0, 0, 'P', 'A', 'R', '1'};

    @TempDir
    Path tmp;

    private static void check(Path location, String format) throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        InputFiles.check(fs, new org.apache.hadoop.fs.Path(location.toString()), format, "input.path");
    }

    private static String failure(Path location, String format) {
        return assertThrows(ConfigException.class, () -> check(location, format)).getMessage();
    }

    @Test
    void extensionsNameFormatsAfterACompressionExtension() {
        assertEquals(Optional.of("csv"), InputFiles.extensionFormat("part-00000.csv.gz"));
        assertEquals(Optional.of("parquet"), InputFiles.extensionFormat("part-00000-c000.snappy.parquet"));
        assertEquals(Optional.of("json"), InputFiles.extensionFormat("rows.JSONL"));
        assertEquals(Optional.empty(), InputFiles.extensionFormat("part-00000"));
        assertEquals(Optional.empty(), InputFiles.extensionFormat("notes.txt"));
        assertEquals(Optional.empty(), InputFiles.extensionFormat("gz"));
    }

    @Test
    void hiddenNamesAreSparksOnes() {
        assertTrue(InputFiles.hidden("_SUCCESS"));
        assertTrue(InputFiles.hidden(".part-00000.crc"));
        assertTrue(InputFiles.hidden("_temporary"));
        assertTrue(InputFiles.hidden("rows.csv._COPYING_"));
        assertFalse(InputFiles.hidden("_year=2024"), "a partition folder");
        assertFalse(InputFiles.hidden("part-00000.parquet"));
    }

    @Test
    void partitionedParquetWithSparksSideFilesPasses() throws Exception {
        Path table = tmp.resolve("table");
        Files.createDirectories(table.resolve("year=2024"));
        Files.write(table.resolve("year=2024/part-00000"), PARQUET_LIKE);
        Files.write(table.resolve("_SUCCESS"), new byte[0]);
        Files.write(table.resolve("year=2024/.part-00000.crc"), new byte[] {1, 2});
        Files.createDirectories(table.resolve("_temporary/0"));
        Files.writeString(table.resolve("_temporary/0/leftover.csv"), "a\n1\n");
        assertDoesNotThrow(() -> check(table, "parquet"));
    }

    @Test
    void aFileNamedParquetWithoutTheMagicBytesIsNamed() throws Exception {
        Path table = Files.createDirectories(tmp.resolve("table"));
        Files.write(table.resolve("part-00000.parquet"), PARQUET_LIKE);
        Files.writeString(table.resolve("part-00001.parquet"), "id,a\n1,2\n");
        String message = failure(table, "parquet");
        assertTrue(message.contains("part-00001.parquet is not a Parquet file (it does not start with PAR1)"), message);
    }

    @Test
    void anEmptyFileIsNoParquetButFineForCsv() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("rows"));
        Files.writeString(folder.resolve("part-0.csv"), "a\n1\n");
        Files.write(folder.resolve("part-1.csv"), new byte[0]);
        assertDoesNotThrow(() -> check(folder, "csv"));
        Path table = Files.createDirectories(tmp.resolve("table"));
        Files.write(table.resolve("part-0.parquet"), PARQUET_LIKE);
        Files.write(table.resolve("part-1.parquet"), new byte[0]);
        assertTrue(failure(table, "parquet").contains("part-1.parquet is empty, not a Parquet file"));
    }

    @Test
    void aSingleFileOfAnotherFormatSuggestsIt() throws Exception {
        Path csv = Files.writeString(tmp.resolve("rows.csv"), "a\n1\n");
        String message = failure(csv, "orc");
        assertEquals("input.path " + csv + " is a CSV file but input.format = orc; set input.format = csv", message);
    }

    /** A relative folder below a hidden-named folder: only names below input.path count as hidden. */
    @Test
    void aHiddenParentFolderDoesNotHideTheInput() throws Exception {
        Path base = Path.of("target", "input-files-test-" + System.nanoTime(), ".cache", "data");
        Files.createDirectories(base);
        try {
            Files.writeString(base.resolve("rows.csv"), "a\n1\n");
            assertFalse(base.isAbsolute());
            assertDoesNotThrow(() -> check(base, "csv"));
        } finally {
            Files.delete(base.resolve("rows.csv"));
            Files.delete(base);
            Files.delete(base.getParent());
            Files.delete(base.getParent().getParent());
        }
    }
}
