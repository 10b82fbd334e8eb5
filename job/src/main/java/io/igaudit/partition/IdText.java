package io.igaudit.partition;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A row's id values as people read them, for the report (ids come first in the rows). */
public final class IdText {

    private IdText() {}

    /** The types of the id columns, in order. */
    public static DataType[] types(StructType idSchema) {
        DataType[] types = new DataType[idSchema.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = idSchema.fields()[i].dataType();
        }
        return types;
    }

    /** The first {@code types.length} values of the row, as text ("null" for null). */
    public static List<String> of(InternalRow row, DataType[] types) {
        List<String> ids = new ArrayList<>(types.length);
        for (int i = 0; i < types.length; i++) {
            ids.add(row.isNullAt(i) ? "null" : text(row.get(i, types[i]), types[i]));
        }
        return ids;
    }

    /** An internal value as people read it (dates and timestamps are numbers inside Spark). */
    private static String text(Object value, DataType type) {
        if (type.equals(DataTypes.DateType)) {
            return LocalDate.ofEpochDay((Integer) value).toString();
        }
        if (type.equals(DataTypes.TimestampType)) {
            long micros = (Long) value;
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000).toString();
        }
        return String.valueOf(value);
    }
}
