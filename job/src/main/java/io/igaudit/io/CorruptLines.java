package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/**
 * Lines of a JSON input that Spark could not parse: it keeps them whole in {@code _corrupt_record}
 * (every other column null), and such a row is invalid for that reason, not for a null column.
 * A line that holds bytes of another character set than UTF-8 is told apart.
 */
public final class CorruptLines {

    /** The column Spark's JSON reader adds when a line does not parse. */
    public static final String COLUMN = "_corrupt_record";

    private CorruptLines() {}

    /** Whether the input has such lines' column. */
    public static boolean present(StructType schema) {
        return Arrays.asList(schema.fieldNames()).contains(COLUMN);
    }

    /** {@code valid}, and false for a line that did not parse. */
    public static Column valid(StructType schema, Column valid) {
        return present(schema) ? col(COLUMN).isNull().and(valid) : valid;
    }

    /** Why a line that did not parse is invalid, else {@code reason}. */
    public static Column reason(StructType schema, Column reason) {
        if (!present(schema)) {
            return reason;
        }
        Column line = col(COLUMN);
        // Spark keeps the line's bytes as they are: re-encoding replaces each invalid sequence by
        // U+FFFD's three bytes, so the byte counts differ exactly when the line is not UTF-8.
        Column notUtf8 = expr("octet_length(encode(" + COLUMN + ", 'UTF-8')) <> octet_length(" + COLUMN + ")");
        return when(line.isNotNull().and(notUtf8),
                        lit("line is not valid UTF-8 (set input.encoding to the file's character set) nor JSON"))
                .when(line.isNotNull(), lit("line is not valid JSON"))
                .otherwise(reason);
    }
}
