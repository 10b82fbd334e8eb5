package io.igaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The feature values of a bundled tabular sample: {@code id, features..., label} CSV files with a header. */
final class SampleCsv {

    private SampleCsv() {}

    /** The {@code features} columns after the id column, row-major; rows = length / features. */
    static float[] features(Path csv, int features) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int rows = lines.size() - 1;
        float[] values = new float[rows * features];
        for (int r = 0; r < rows; r++) {
            String[] cells = lines.get(r + 1).split(",");
            for (int i = 0; i < features; i++) {
                values[r * features + i] = Float.parseFloat(cells[1 + i]);
            }
        }
        return values;
    }
}
