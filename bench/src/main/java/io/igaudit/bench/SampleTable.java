package io.igaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;

/**
 * The rows of a bundled sample file as JSON objects, read and written without Spark: JSON lines
 * (one object per line) or CSV with a header and no quoting (every value kept as its text, so that
 * a written copy reads back as the original does).
 */
final class SampleTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleTable() {}

    /** Every row of {@code file}, in file order; {@code format} is the job's input.format. */
    static List<ObjectNode> read(Path file, String format) throws IOException {
        return switch (format) {
            case "json" -> readJsonLines(file);
            case "csv" -> readCsv(file);
            default -> throw new IllegalArgumentException("the layer benchmark reads json or csv samples, not " + format
                    + " (" + file + ")");
        };
    }

    /** Writes {@code rows} to {@code file} in {@code format}; CSV takes its header from the first row's fields. */
    static void write(List<ObjectNode> rows, Path file, String format) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            if (format.equals("csv") && !rows.isEmpty()) {
                out.write(csvLine(rows.get(0).fieldNames(), name -> name));
                for (ObjectNode row : rows) {
                    out.write(csvLine(row.elements(), JsonNode::asText));
                }
            } else {
                for (ObjectNode row : rows) {
                    out.write(JSON.writeValueAsString(row));
                    out.write('\n');
                }
            }
        }
    }

    private static List<ObjectNode> readJsonLines(Path file) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                rows.add((ObjectNode) JSON.readTree(line));
            }
        }
        return rows;
    }

    private static List<ObjectNode> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<ObjectNode> rows = new ArrayList<>();
        for (int l = 1; l < lines.size(); l++) {
            String line = lines.get(l);
            if (line.isBlank()) {
                continue;
            }
            if (line.indexOf('"') >= 0) {
                throw new IllegalArgumentException(file + " line " + (l + 1) + " is quoted; the layer benchmark reads plain CSV only");
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new IllegalArgumentException(file + " line " + (l + 1) + " has " + cells.length + " cells, the header "
                        + header.length);
            }
            ObjectNode row = JSON.createObjectNode();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], cells[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static <T> String csvLine(Iterator<T> values, java.util.function.Function<T, String> text) {
        StringJoiner line = new StringJoiner(",", "", "\n");
        values.forEachRemaining(v -> line.add(text.apply(v)));
        return line.toString();
    }
}
