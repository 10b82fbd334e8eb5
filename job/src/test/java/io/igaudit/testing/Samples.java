package io.igaudit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Paths to the committed sample data and models (tests run in the job/ module folder). */
public final class Samples {

    private Samples() {}

    /** The data-samples folder at the top of the repository. */
    public static Path root() {
        Path fromModule = Path.of("..", "data-samples");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("data-samples");
    }

    /** A file in data-samples. */
    public static Path file(String name) {
        return root().resolve(name);
    }

    /** A small analytic model in data-samples/test-models. */
    public static Path testModel(String name) {
        return root().resolve("test-models").resolve(name);
    }

    /** A CSV of numbers with a header, as rows of doubles (all columns). */
    public static double[][] readNumericCsv(Path path) {
        try {
            List<String> lines = Files.readAllLines(path);
            return lines.stream().skip(1).filter(l -> !l.isBlank())
                    .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Columns {@code from..to-1} of the first {@code rows} rows, row-major, as floats. */
    public static float[] columns(double[][] table, int rows, int from, int to) {
        float[] values = new float[rows * (to - from)];
        for (int r = 0; r < rows; r++) {
            for (int c = from; c < to; c++) {
                values[r * (to - from) + c - from] = (float) table[r][c];
            }
        }
        return values;
    }
}
