package io.igaudit.io;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Whether a row can be attributed, as Spark expressions: a compact validity test for the scans
 * over every row, and the reason (a string naming the column and the problem: null, NaN or
 * infinite value) for the rows that fail it. Values are judged as the float32 the model computes
 * in, so a double beyond float32's range counts as infinite.
 */
public final class RowValidity {

    private RowValidity() {}

    /**
     * True for a row whose features are all present and finite as float32. For named columns this
     * is one sum: null when any value is null, NaN or infinite when any value is (floats cannot
     * overflow a double sum). Its generated code stays small; the per-column reasons, applied to
     * every row, made a method too large for the JIT to compile on wide inputs (measured: the input
     * scans ran interpreted, 2.7 s of 10 s for 1M rows of 30 features).
     */
    public static Column isValid(java.util.Optional<String> arrayColumn, List<String> featureColumns) {
        if (arrayColumn.isPresent()) {
            return invalidReason(arrayColumn, featureColumns).isNull();
        }
        Column sum = featureColumns.stream().map(name -> asFloat32(name).cast("double")).reduce(Column::plus).orElseThrow();
        return sum.isNotNull().and(not(isnan(sum))).and(abs(sum).notEqual(Double.POSITIVE_INFINITY));
    }

    /**
     * The reason expression for features in {@code arrayColumn}, or else in {@code featureColumns}:
     * meant for the rows {@link #isValid} rejects (null for the others).
     */
    public static Column invalidReason(java.util.Optional<String> arrayColumn, List<String> featureColumns) {
        if (arrayColumn.isPresent()) {
            String name = arrayColumn.get();
            String quoted = quote(name);
            return when(col(quoted).isNull(), lit("array column '" + name + "' is null"))
                    .when(expr("exists(" + quoted + ", v -> v IS NULL)"), lit("null value in array column '" + name + "'"))
                    .when(expr("exists(" + quoted + ", v -> isnan(double(float(v))) OR abs(double(float(v))) = double('Infinity'))"),
                            lit("NaN or infinite value in array column '" + name + "' (or beyond float32's range)"));
        }
        Column[] reasons = featureColumns.stream().map(RowValidity::columnReason).toArray(Column[]::new);
        return reasons.length == 1 ? reasons[0] : coalesce(reasons);
    }

    private static Column columnReason(String name) {
        Column value = asFloat32(name).cast("double");
        return when(col(quote(name)).isNull(), lit("null in column '" + name + "'"))
                .when(isnan(value), lit("NaN in column '" + name + "'"))
                .when(value.equalTo(Double.POSITIVE_INFINITY).or(value.equalTo(Double.NEGATIVE_INFINITY)),
                        lit("infinite value in column '" + name + "' (or beyond float32's range, which the model computes in)"));
    }

    private static Column asFloat32(String name) {
        return col(quote(name)).cast("float");
    }

    /** A column name quoted for Spark expressions (names may hold dots or spaces). */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
