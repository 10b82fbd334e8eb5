package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The types of a CSV input's columns that are not features (ids and any other column), when the
 * input is read as strings instead of through Spark's schema inference, which reads every file
 * once more before the checks. Each cell's kind is a bit; the profile scan ORs them per column
 * ({@link InputProfile#columnKinds()}), and the column gets the type Spark's inference gives in the
 * usual cases: {@code int}, {@code bigint}, {@code decimal(38,0)} (integers beyond a long, where
 * inference gives a decimal of their digits), {@code double}, {@code boolean}, else {@code string}
 * (dates and timestamps stay strings).
 */
public final class CsvColumnTypes {

    static final long INT = 1;
    static final long BIGINT = 2;
    static final long DOUBLE = 4;
    static final long BOOLEAN = 8;
    static final long TEXT = 16;
    static final long DECIMAL = 32;

    /** Integers too long for a long: inference makes them decimals of up to 38 digits. */
    static final DataType WIDE_INTEGER = DataTypes.createDecimalType(38, 0);

    private static final String INTEGRAL = "'^[+-]?[0-9]+$'";

    private CsvColumnTypes() {}

    /** A string cell's kind: one of the bits above, 0 for null. */
    public static Column cellKind(String name) {
        String cell = RowValidity.quote(name);
        List<String> specials = new ArrayList<>(CsvNumbers.NAN);
        specials.addAll(CsvNumbers.POSITIVE_INFINITY);
        specials.addAll(CsvNumbers.NEGATIVE_INFINITY);
        // Spark's cast takes nan, inf and infinity in any case; inference only Java's spellings and its own NaN, Inf, -Inf.
        String lowerCaseSpecial = "lower(trim(" + cell + ")) IN (" + CsvNumbers.quoted(specials) + ")"
                + " AND trim(" + cell + ") NOT IN ('NaN', 'Infinity', '+Infinity', '-Infinity')"
                + " AND " + cell + " NOT IN ('Inf', '-Inf')";
        // The pattern is tested once per cell; digits beyond 38 still parse as a double.
        return expr("CASE WHEN " + cell + " IS NULL THEN 0L"
                + " WHEN " + cell + " RLIKE " + INTEGRAL + " THEN CASE"
                + " WHEN try_cast(" + cell + " AS INT) IS NOT NULL THEN " + INT + "L"
                + " WHEN try_cast(" + cell + " AS BIGINT) IS NOT NULL THEN " + BIGINT + "L"
                + " WHEN try_cast(" + cell + " AS " + WIDE_INTEGER.sql() + ") IS NOT NULL THEN " + DECIMAL + "L"
                + " ELSE " + DOUBLE + "L END"
                + " WHEN try_cast(" + cell + " AS DOUBLE) IS NOT NULL AND NOT (" + lowerCaseSpecial + ") THEN " + DOUBLE + "L"
                + " WHEN lower(" + cell + ") IN ('true', 'false') THEN " + BOOLEAN + "L"
                + " ELSE " + TEXT + "L END");
    }

    /** The type of a column whose cells' kinds OR to {@code kinds}: the narrowest that holds every cell. */
    static DataType typeOf(long kinds) {
        if (kinds == 0 || (kinds & TEXT) != 0 || (kinds & BOOLEAN) != 0 && kinds != BOOLEAN) {
            return DataTypes.StringType; // empty, text, or booleans mixed with numbers
        }
        if (kinds == BOOLEAN) {
            return DataTypes.BooleanType;
        }
        if ((kinds & DOUBLE) != 0) {
            return DataTypes.DoubleType;
        }
        if ((kinds & DECIMAL) != 0) {
            return WIDE_INTEGER;
        }
        return (kinds & BIGINT) != 0 ? DataTypes.LongType : DataTypes.IntegerType;
    }

    /** {@code frame} with each named string column cast to the type of its cells' kinds (in the same order). */
    public static Dataset<Row> typed(Dataset<Row> frame, List<String> names, List<Long> kinds) {
        if (names.isEmpty()) {
            return frame;
        }
        List<Column> columns = new ArrayList<>();
        for (String name : frame.columns()) {
            int index = names.indexOf(name);
            columns.add(index < 0 ? col(RowValidity.quote(name)) : castTo(name, typeOf(kinds.get(index))).as(name));
        }
        return frame.select(columns.toArray(Column[]::new));
    }

    private static Column castTo(String name, DataType type) {
        String cell = RowValidity.quote(name);
        if (type.equals(DataTypes.StringType)) {
            return col(cell);
        }
        // The kinds say every cell fits; try_cast keeps an ANSI session from failing the run over one that does not.
        String value = type.equals(DataTypes.BooleanType) ? "lower(" + cell + ")" : cell;
        return expr("try_cast(" + value + " AS " + type.sql() + ")");
    }
}
