package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A CSV cell read as text becomes the number it spells: every spelling of NaN, infinity and a
 * missing value that the class names (lower, upper and mixed case, with spaces around), plain
 * numbers exactly as Java parses them, and text flagged as text and nothing else.
 */
class CsvNumbersTest {

    private record Parsed(Double value, boolean text) {}

    private static List<Parsed> parse(List<String> cells) {
        List<Row> rows = new ArrayList<>();
        cells.forEach(cell -> rows.add(RowFactory.create(cell)));
        Dataset<Row> frame = SparkTestSession.get().createDataFrame(rows, new StructType().add("c", DataTypes.StringType));
        List<Parsed> parsed = new ArrayList<>();
        for (Row row : frame.select(CsvNumbers.number("c"), CsvNumbers.isText("c")).collectAsList()) {
            parsed.add(new Parsed(row.isNullAt(0) ? null : row.getDouble(0), row.getBoolean(1)));
        }
        return parsed;
    }

    /** Each spelling as written, upper-cased, capitalised and with spaces around. */
    private static List<String> variants(List<String> spellings) {
        List<String> all = new ArrayList<>();
        for (String spelling : spellings) {
            all.add(spelling);
            all.add(spelling.toUpperCase(Locale.ROOT));
            all.add(spelling.isEmpty() ? spelling : Character.toUpperCase(spelling.charAt(0)) + spelling.substring(1));
            all.add("  " + spelling + " ");
        }
        return all;
    }

    private static void assertAll(List<String> cells, Double expected) {
        List<Parsed> parsed = parse(cells);
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(expected, parsed.get(i).value(), "'" + cells.get(i) + "'");
            assertTrue(!parsed.get(i).text(), "'" + cells.get(i) + "' is not text");
        }
    }

    @Test
    void nanAndInfinitySpellingsAreNanAndInfinity() {
        assertAll(variants(CsvNumbers.NAN), Double.NaN);
        assertAll(variants(CsvNumbers.POSITIVE_INFINITY), Double.POSITIVE_INFINITY);
        assertAll(variants(CsvNumbers.NEGATIVE_INFINITY), Double.NEGATIVE_INFINITY);
    }

    @Test
    void missingSpellingsAreNullAndNotText() {
        assertAll(variants(CsvNumbers.MISSING), null);
    }

    @Test
    void numbersAreParsedAsJavaParsesThem() {
        List<String> numbers = List.of("0", "-3", "+2.5", "1e-3", "6.02E23", " 42 ", "-0.000001", "123456789012345678");
        List<Parsed> parsed = parse(numbers);
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(Double.parseDouble(numbers.get(i)), parsed.get(i).value(), numbers.get(i));
            assertTrue(!parsed.get(i).text());
        }
    }

    @Test
    void textIsFlaggedAndReadAsNull() {
        List<String> text = List.of("high", "1,5", "12 cm", "n.a.", "--", "nan%");
        for (Parsed parsed : parse(text)) {
            assertNull(parsed.value());
            assertTrue(parsed.text());
        }
        Row nullCell = SparkTestSession.get().createDataFrame(List.of(RowFactory.create((Object) null)),
                new StructType().add("c", DataTypes.StringType)).select(CsvNumbers.isText("c")).first();
        assertTrue(!nullCell.getBoolean(0), "a null cell is missing, not text");
    }
}
