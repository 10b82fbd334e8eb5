package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import io.igaudit.config.ConfigException;
import io.igaudit.config.InputConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Feature columns of a CSV input that are strings (all of them when the file is read as text,
 * {@link InputReader.CsvTypes#TEXT}; else those that schema inference left as strings), read as
 * numbers. numpy and pandas write missing and special values as {@code nan}, {@code inf},
 * {@code -inf} or an empty cell, which Spark's inference does not take for numbers; here they
 * become NaN, ±infinity and null (any case, spaces around them ignored), so the invalid-row policy
 * handles those rows. A
 * value that is none of these and no number is text: the run stops, naming the first such value,
 * its file and line, and the fix. Whether any text is there is counted in the one scan of the
 * input ({@link InputProfile}); only then is the input read again to find the first one.
 */
public final class CsvNumbers {

    /** Lower-cased spellings of a missing value, read as null (the usual ones of pandas' {@code na_values}). */
    static final List<String> MISSING = List.of("", "na", "n/a", "null", "none", "<na>", "#n/a");
    /** Lower-cased spellings of NaN. */
    static final List<String> NAN = List.of("nan", "+nan", "-nan");
    /** Lower-cased spellings of +infinity. */
    static final List<String> POSITIVE_INFINITY = List.of("inf", "+inf", "infinity", "+infinity");
    /** Lower-cased spellings of -infinity. */
    static final List<String> NEGATIVE_INFINITY = List.of("-inf", "-infinity");

    /** The hidden column that flags a row holding text in a feature column, present only during the profile scan. */
    private static final String TEXT_FLAG = "__ig_audit_text_cell";
    private static final String LINE = "__ig_audit_line";
    private static final String TEXT = "__ig_audit_text";
    private static final String TEXT_COLUMN = "__ig_audit_text_column";
    private static final String ROW = "__ig_audit_row";
    private static final String FILE = "__ig_audit_file";
    private static final String TEXT_VALUE = "__ig_audit_text_value";

    private final List<String> columns;

    private CsvNumbers(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The feature columns of a CSV input that were read as strings; none for other formats. */
    public static CsvNumbers of(StructType schema, InputConfig input) {
        if (!input.files("csv")) {
            return new CsvNumbers(List.of());
        }
        List<String> strings = new ArrayList<>();
        for (String name : input.features()) {
            for (StructField field : schema.fields()) {
                if (field.name().equals(name) && field.dataType() instanceof StringType) {
                    strings.add(name);
                }
            }
        }
        return new CsvNumbers(strings);
    }

    /** The string feature columns read as numbers. */
    public List<String> columns() {
        return columns;
    }

    /**
     * The frame with every string feature column replaced by its value as a double, plus a hidden
     * boolean column that is true for rows holding text in a feature column.
     */
    public Dataset<Row> withTextFlag(Dataset<Row> raw) {
        return columns.isEmpty() ? raw : raw.select(projection(raw));
    }

    /** A frame made by {@link #withTextFlag} without its flag (a projection: it reads what that frame reads, a cache too). */
    public Dataset<Row> withoutTextFlag(Dataset<Row> flagged) {
        return columns.isEmpty() ? flagged : flagged.drop(TEXT_FLAG);
    }

    /** True for the rows of {@link #withTextFlag} that hold text in a feature column. */
    public Column textFlag() {
        return columns.isEmpty() ? lit(false) : col(TEXT_FLAG);
    }

    private Column[] projection(Dataset<Row> raw) {
        List<Column> projection = new ArrayList<>();
        for (String name : raw.columns()) {
            projection.add(columns.contains(name) ? number(name).as(name) : col(RowValidity.quote(name)));
        }
        projection.add(anyText(columns).as(TEXT_FLAG));
        return projection.toArray(Column[]::new);
    }

    /**
     * A string cell as a double: Spark's parse, which takes the spellings above except a signed NaN
     * (any case, spaces around ignored) and gives null for a missing value and for text.
     */
    static Column number(String name) {
        String cell = RowValidity.quote(name);
        return expr("coalesce(try_cast(" + cell + " AS DOUBLE), "
                + "CASE WHEN lower(trim(" + cell + ")) IN ('+nan', '-nan') THEN double('NaN') END)");
    }

    /** True when a string cell holds a value that is neither a number nor one of the spellings above. */
    static Column isText(String name) {
        String cell = RowValidity.quote(name);
        return expr(cell + " IS NOT NULL").and(number(name).isNull())
                .and(expr("lower(trim(" + cell + ")) NOT IN (" + quoted(MISSING) + ")"));
    }

    private static Column anyText(List<String> names) {
        return names.stream().map(CsvNumbers::isText).reduce(Column::or).orElseThrow();
    }

    /** The spellings as a SQL list of string literals ({@code 'a', 'b'}). */
    static String quoted(List<String> spellings) {
        return spellings.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    }

    /**
     * Stops the run when the profile counted rows holding text: names the first value that is not a
     * number, its column, the file and line it is on, the row's id columns, and the fix.
     *
     * @param raw the input as read (string columns as they are)
     * @param textRows rows holding text, from the profile scan
     */
    public void requireNumbers(SparkSession spark, Dataset<Row> raw, long textRows, List<String> idColumns) {
        if (textRows == 0) {
            return;
        }
        List<Column> shown = new ArrayList<>(List.of(input_file_name().as(FILE), lit(0L).as(LINE)));
        idColumns.forEach(id -> shown.add(col(RowValidity.quote(id)).cast("string").as(id)));
        Row first = firstText(raw, shown);
        String file = readable(first.getString(0));
        // The line comes from reading that file again as text; without it the message still names the value.
        Row exact = firstTextLine(spark, raw.schema(), file, idColumns).orElse(first);
        long line = exact.getLong(1);
        String column = exact.getString(exact.fieldIndex(TEXT_COLUMN));
        String ids = idColumns.stream().map(id -> id + "=" + exact.getString(exact.fieldIndex(id))).collect(Collectors.joining(", "));
        throw new ConfigException("feature column '" + column + "' holds text: '"
                + exact.getString(exact.fieldIndex(TEXT_VALUE)) + "'" + (line > 0 ? " on line " + line : "") + " of " + file
                + (ids.isEmpty() ? "" : " (" + ids + ")") + " is not a number (" + textRows + " row(s) hold text); "
                + "input.features must name numeric columns: write numbers there (an empty cell, nan or inf marks a missing or "
                + "invalid value, which input.on-invalid-row handles) or drop '" + column + "' from input.features");
    }

    /** The first row of {@code frame} holding text: the {@code shown} columns, then the text's column and value. */
    private Row firstText(Dataset<Row> frame, List<Column> shown) {
        List<Column> selected = new ArrayList<>(shown);
        selected.add(functions.coalesce(columns.stream().map(c -> functions.when(isText(c), lit(c))).toArray(Column[]::new))
                .as(TEXT_COLUMN));
        selected.add(functions.coalesce(columns.stream().map(c -> functions.when(isText(c), col(RowValidity.quote(c))))
                .toArray(Column[]::new)).as(TEXT_VALUE));
        return frame.filter(anyText(columns)).select(selected.toArray(Column[]::new)).first();
    }

    /** input_file_name() gives a URI with %-escapes; Spark's readers and people want the path itself. */
    private static String readable(String uri) {
        try {
            return new org.apache.hadoop.fs.Path(new java.net.URI(uri)).toString();
        } catch (java.net.URISyntaxException e) {
            return uri;
        }
    }

    /**
     * The first line of {@code file} holding text in a feature column, as {@link #firstText} gives it
     * with the line number (1 = the header). Lines are numbered by reading the file as text, so the
     * number is the one an editor shows (for files without line breaks inside quoted values, which
     * Spark's CSV reader does not split over lines by default).
     */
    private Optional<Row> firstTextLine(SparkSession spark, StructType schema, String file, List<String> idColumns) {
        StructType strings = new StructType();
        for (StructField field : schema.fields()) {
            strings = strings.add(field.name(), DataTypes.StringType);
        }
        StructType numbered = new StructType().add(LINE, DataTypes.LongType).add(TEXT, DataTypes.StringType);
        Dataset<Row> lines = spark.createDataFrame(spark.read().text(file).javaRDD().zipWithIndex().map(new Numbered()), numbered)
                .filter(col(LINE).gt(1));
        List<Column> cells = new ArrayList<>();
        cells.add(col(LINE));
        for (String name : schema.fieldNames()) {
            cells.add(col(ROW + "." + RowValidity.quote(name)).as(name));
        }
        Column parsed = functions.from_csv(col(TEXT), lit(strings.toDDL()), Map.<String, String>of());
        List<Column> shown = new ArrayList<>(List.of(lit(file).as(FILE), col(LINE)));
        idColumns.forEach(id -> shown.add(col(RowValidity.quote(id))));
        try {
            Dataset<Row> rows = lines.select(col(LINE), parsed.as(ROW)).select(cells.toArray(Column[]::new));
            return Optional.of(firstText(rows, shown));
        } catch (RuntimeException e) { // not found (NoSuchElementException) or unreadable: no line number then
            return Optional.empty();
        }
    }

    /** (line, index) to a row of (1-based line number, line). */
    private static final class Numbered implements Function<Tuple2<Row, Long>, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row call(Tuple2<Row, Long> line) {
            return RowFactory.create(line._2() + 1, line._1().getString(0));
        }
    }
}
