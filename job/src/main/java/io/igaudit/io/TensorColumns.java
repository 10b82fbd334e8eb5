package io.igaudit.io;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.igaudit.config.ConfigException;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.TensorType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * The input columns of configured tensors: their types checked against the schema (ids must be
 * integers, numbers numeric, text a string), and, as Spark expressions, why a row cannot be
 * attributed (a null, a NaN or infinite float, a negative id or code, a null text).
 */
public final class TensorColumns {

    private TensorColumns() {}

    /**
     * Checks every column a tensor reads.
     *
     * @throws ConfigException naming the tensor, the column, its type and the fix
     */
    public static void checkTypes(Dataset<Row> frame, TensorInputs inputs, List<String> idColumns) {
        StructType schema = frame.schema();
        for (TensorSpec tensor : inputs.tensors()) {
            String key = "input.tensors (" + tensor.name() + ")";
            if (tensor.source() instanceof TensorSpec.Source.ArrayColumn array) {
                DataType type = FeatureLayout.field(schema, array.column(), key).dataType();
                if (!(type instanceof ArrayType arrayType) || !(arrayType.elementType() instanceof NumericType)) {
                    throw new ConfigException("tensor " + tensor.name() + " reads column '" + array.column() + "' of type "
                            + type.simpleString() + "; column = ... needs an array of numbers (a sequence per row)");
                }
                requireElementType(tensor, array.column(), arrayType.elementType(), type);
            } else if (tensor.source() instanceof TensorSpec.Source.Columns columns) {
                for (String name : columns.columns()) {
                    DataType type = FeatureLayout.field(schema, name, key).dataType();
                    if (!(type instanceof NumericType)) {
                        throw new ConfigException("tensor " + tensor.name() + " reads column '" + name + "' of type "
                                + type.simpleString() + firstNonNumber(frame, name, idColumns)
                                + "; columns = [...] must name numeric columns (encode missing values as a code of their own,"
                                + " cast the column, or filter such rows out)");
                    }
                    requireElementType(tensor, name, type, type);
                }
            }
        }
        inputs.text().ifPresent(text -> {
            DataType type = FeatureLayout.field(schema, text.column(), "input.text.column").dataType();
            if (!(type instanceof StringType)) {
                throw new ConfigException("input.text.column '" + text.column() + "' has type " + type.simpleString()
                        + "; it must hold the raw text as strings (for token ids already made, use a tensor with column = ... "
                        + "and type = int64)");
            }
        });
    }

    /** ": it holds 'NA' (the row with id 17), which is no number" for a string column; "" when every value is a number. */
    private static String firstNonNumber(Dataset<Row> frame, String column, List<String> idColumns) {
        if (!(frame.schema().apply(column).dataType() instanceof StringType)) {
            return "";
        }
        Column value = col(RowValidity.quote(column));
        List<Column> shown = new ArrayList<>();
        idColumns.forEach(id -> shown.add(col(RowValidity.quote(id)).cast("string")));
        shown.add(value);
        Column number = expr("try_cast(" + RowValidity.quote(column) + " AS DOUBLE)"); // cast fails on text in ANSI mode
        List<Row> found = frame.filter(value.isNotNull().and(number.isNull())).select(shown.toArray(Column[]::new))
                .limit(1).collectAsList();
        if (found.isEmpty()) {
            return "";
        }
        Row row = found.get(0);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < idColumns.size(); i++) {
            where.append(i == 0 ? " (the row with " : ", ").append(idColumns.get(i)).append(' ').append(row.getString(i));
        }
        return ": it holds '" + row.getString(idColumns.size()) + "'" + (where.length() > 0 ? where + ")" : "")
                + ", which is no number";
    }

    /** Ids and codes (int64) need integer columns: a float column there is a mistake, not a rounding. */
    private static void requireElementType(TensorSpec tensor, String column, DataType element, DataType whole) {
        if (tensor.type() == TensorType.INT64 && !(element instanceof IntegralType)) {
            throw new ConfigException("tensor " + tensor.name() + " is int64 (ids or category codes) but column '" + column
                    + "' has type " + whole.simpleString() + "; cast the column to integers (int or bigint) in the input, "
                    + "or set the tensor's type = float32 if its values are numbers rather than ids");
        }
    }

    /** The reason a row cannot be attributed, or null for a valid row. */
    public static Column invalidReason(TensorInputs inputs) {
        List<Column> reasons = new ArrayList<>();
        for (TensorSpec tensor : inputs.tensors()) {
            boolean ids = tensor.type() == TensorType.INT64;
            if (tensor.source() instanceof TensorSpec.Source.ArrayColumn array) {
                reasons.add(arrayReason(array.column(), ids));
            } else if (tensor.source() instanceof TensorSpec.Source.Columns columns) {
                columns.columns().forEach(name -> reasons.add(scalarReason(name, ids)));
            }
        }
        inputs.text().ifPresent(text -> reasons.add(when(col(RowValidity.quote(text.column())).isNull(),
                lit("null text in column '" + text.column() + "'"))));
        return reasons.size() == 1 ? reasons.get(0) : coalesce(reasons.toArray(Column[]::new));
    }

    /** True for a row that can be attributed. */
    public static Column isValid(TensorInputs inputs) {
        return invalidReason(inputs).isNull();
    }

    private static Column arrayReason(String name, boolean ids) {
        String quoted = RowValidity.quote(name);
        Column reason = when(col(quoted).isNull(), lit("array column '" + name + "' is null"))
                .when(expr("exists(" + quoted + ", v -> v IS NULL)"), lit("null value in array column '" + name + "'"));
        return ids
                ? reason.when(expr("exists(" + quoted + ", v -> v < 0)"), lit("negative id in array column '" + name + "'"))
                : reason.when(expr("exists(" + quoted + ", v -> isnan(double(float(v))) OR abs(double(float(v))) = double('Infinity'))"),
                        lit("NaN or infinite value in array column '" + name + "' (or beyond float32's range)"));
    }

    private static Column scalarReason(String name, boolean ids) {
        Column value = col(RowValidity.quote(name));
        Column reason = when(value.isNull(), lit("null in column '" + name + "'"));
        if (ids) {
            return reason.when(value.lt(0), lit("negative code in column '" + name + "'"));
        }
        Column asFloat = value.cast("float").cast("double");
        return reason.when(isnan(asFloat), lit("NaN in column '" + name + "'"))
                .when(asFloat.equalTo(Double.POSITIVE_INFINITY).or(asFloat.equalTo(Double.NEGATIVE_INFINITY)),
                        lit("infinite value in column '" + name + "' (or beyond float32's range, which the model computes in)"));
    }
}
