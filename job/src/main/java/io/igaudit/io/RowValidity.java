package io.igaudit.io;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Why a row cannot be attributed, as a Spark expression: a string naming the column and the
 * problem (null, NaN or infinite value), or null for a valid row.
 */
public final class RowValidity {

    private RowValidity() {}

    /** The reason expression for features in {@code arrayColumn}, or else in {@code featureColumns}. */
    public static Column invalidReason(java.util.Optional<String> arrayColumn, List<String> featureColumns) {
        if (arrayColumn.isPresent()) {
            String name = arrayColumn.get();
            String quoted = quote(name);
            return when(col(quoted).isNull(), lit("array column '" + name + "' is null"))
                    .when(expr("exists(" + quoted + ", v -> v IS NULL)"), lit("null value in array column '" + name + "'"))
                    .when(expr("exists(" + quoted + ", v -> isnan(double(v)) OR abs(double(v)) = double('Infinity'))"),
                            lit("NaN or infinite value in array column '" + name + "'"));
        }
        Column[] reasons = featureColumns.stream().map(RowValidity::columnReason).toArray(Column[]::new);
        return reasons.length == 1 ? reasons[0] : coalesce(reasons);
    }

    private static Column columnReason(String name) {
        Column value = col(quote(name)).cast("double");
        return when(col(quote(name)).isNull(), lit("null in column '" + name + "'"))
                .when(isnan(value), lit("NaN in column '" + name + "'"))
                .when(value.equalTo(Double.POSITIVE_INFINITY).or(value.equalTo(Double.NEGATIVE_INFINITY)),
                        lit("infinite value in column '" + name + "'"));
    }

    /** A column name quoted for Spark expressions (names may hold dots or spaces). */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
