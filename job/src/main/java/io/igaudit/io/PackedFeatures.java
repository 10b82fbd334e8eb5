package io.igaudit.io;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Named feature columns kept in Spark's cache as one {@code array<double>} column, each row's
 * validity computed once beside it. Spark's columnar cache builds, compresses and reads back every
 * column apart, in generated code that grows with the number of columns, which is slow with
 * hundreds of features. One array column is one value per row, which the tasks read as it is
 * ({@link #FEATURES}). The frame the checks see ({@link #unpack}) has every column of
 * the input in its place again, each feature as the array's element cast back to its own type,
 * so the values the checks, baselines and rejected rows see are the file's.
 */
public final class PackedFeatures {

    /** The features, in the order of input.features, as doubles. */
    public static final String FEATURES = "_ig_audit_features";
    /** The row's validity ({@link RowValidity#isValid}), computed before packing. */
    public static final String VALID = "_ig_audit_valid";

    private static final List<DataType> EXACT_IN_DOUBLE = List.of(DataTypes.ByteType, DataTypes.ShortType,
            DataTypes.IntegerType, DataTypes.FloatType, DataTypes.DoubleType);

    private final List<String> features;

    private PackedFeatures(List<String> features) {
        this.features = List.copyOf(features);
    }

    /**
     * Packing for {@code features} of {@code schema}, when every one is a column of a type that a
     * double holds exactly (byte, short, int, float, double). Other inputs are cached as they are,
     * and the checks name what is wrong with their columns.
     */
    public static Optional<PackedFeatures> of(StructType schema, List<String> features) {
        if (features.isEmpty()) {
            return Optional.empty();
        }
        Map<String, DataType> types = types(schema);
        boolean exact = features.stream().allMatch(name -> types.containsKey(name) && EXACT_IN_DOUBLE.contains(types.get(name)));
        return exact && features.stream().distinct().count() == features.size()
                ? Optional.of(new PackedFeatures(features)) : Optional.empty();
    }

    /** The rows to cache: the other columns as they are, then {@link #FEATURES} and {@link #VALID}. */
    public Dataset<Row> pack(Dataset<Row> rows, Column valid) {
        List<Column> columns = new ArrayList<>();
        for (String name : rows.columns()) {
            if (!features.contains(name)) {
                columns.add(col(RowValidity.quote(name)));
            }
        }
        columns.add(array(features.stream().map(name -> col(RowValidity.quote(name)).cast("double")).toArray(Column[]::new))
                .as(FEATURES));
        columns.add(valid.as(VALID));
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * The cached rows with the columns of {@code original} in their order, the features read from
     * the array, then {@link #FEATURES} and {@link #VALID}.
     */
    public Dataset<Row> unpack(Dataset<Row> packed, StructType original) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : original.fields()) {
            int index = features.indexOf(field.name());
            columns.add(index < 0 ? col(RowValidity.quote(field.name()))
                    : col(FEATURES).getItem(index).cast(field.dataType()).as(field.name()));
        }
        columns.add(col(FEATURES));
        columns.add(col(VALID));
        return packed.select(columns.toArray(Column[]::new));
    }

    /** The features as the tasks read them, in the order of input.features. */
    public static Column asFloats() {
        return col(FEATURES).cast("array<float>");
    }

    private static Map<String, DataType> types(StructType schema) {
        Map<String, DataType> types = new HashMap<>();
        for (StructField field : schema.fields()) {
            types.put(field.name(), field.dataType());
        }
        return types;
    }
}
