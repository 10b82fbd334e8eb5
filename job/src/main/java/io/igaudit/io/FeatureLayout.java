package io.igaudit.io;

import io.igaudit.config.ConfigException;
import io.igaudit.config.InputConfig;
import io.igaudit.config.Suggestions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where a row's features come from and what shape the model sees: either named numeric columns
 * (one feature each, in the configured order) or one fixed-length array column. Attributions keep
 * this flat order.
 *
 * @param names one name per feature: the column names, or {@code <column>[i]} for an array column
 * @param arrayColumn the array column, when features come from one
 * @param rowShape the tensor shape of one row; its product is the number of features
 */
public record FeatureLayout(List<String> names, Optional<String> arrayColumn, int[] rowShape) implements Serializable {

    /** Copies the arrays. */
    public FeatureLayout {
        names = List.copyOf(names);
        rowShape = rowShape.clone();
    }

    /** Number of features per row. */
    public int elementsPerRow() {
        return names.size();
    }

    @Override
    public int[] rowShape() {
        return rowShape.clone();
    }

    /**
     * The layout for named columns, checked against the schema. For an array column the length is
     * not in the schema: it is given here and checked by {@link InputProfile}.
     */
    public static FeatureLayout forColumns(StructType schema, InputConfig input) {
        for (String name : input.features()) {
            DataType type = field(schema, name, "input.features").dataType();
            if (!(type instanceof NumericType)) {
                throw new ConfigException("feature column '" + name + "' has type " + type.simpleString()
                        + "; input.features must name numeric columns (cast or drop it)");
            }
        }
        int[] shape = shape(input.shape(), input.features().size(), "input.features has " + input.features().size() + " columns");
        return new FeatureLayout(input.features(), Optional.empty(), shape);
    }

    /** The layout for an array column of {@code length} elements, checked against the schema. */
    public static FeatureLayout forArray(StructType schema, InputConfig input, int length) {
        String column = input.featureColumn().orElseThrow();
        checkArrayColumnType(schema, column);
        int[] shape = shape(input.shape(), length, "rows of '" + column + "' hold " + length + " values");
        List<String> names = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            names.add(column + "[" + i + "]");
        }
        return new FeatureLayout(names, Optional.of(column), shape);
    }

    /** Checks that an array column exists and holds numbers, before its length is known. */
    public static void checkArrayColumnType(StructType schema, String column) {
        DataType type = field(schema, column, "input.feature-column").dataType();
        if (!(type instanceof ArrayType array) || !(array.elementType() instanceof NumericType)) {
            throw new ConfigException("input.feature-column '" + column + "' has type " + type.simpleString()
                    + "; it must be an array of numbers (array<float> or array<double>)");
        }
    }

    /** The schema field of a column, or an error naming the key and suggesting the closest name. */
    public static StructField field(StructType schema, String name, String key) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        List<String> columns = Arrays.asList(schema.fieldNames());
        throw new ConfigException(key + " names column '" + name + "', which the input does not have"
                + Suggestions.didYouMean(name, columns) + "; input columns: " + String.join(", ", columns));
    }

    private static int[] shape(List<Integer> configured, int count, String found) {
        if (configured.isEmpty()) {
            return new int[] {count};
        }
        long product = 1;
        for (int dimension : configured) {
            product *= dimension;
        }
        if (product != count) {
            throw new ConfigException("input.shape " + configured + " holds " + product + " values but " + found
                    + "; make the dimensions multiply to " + count);
        }
        return configured.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureLayout f && names.equals(f.names) && arrayColumn.equals(f.arrayColumn)
                && Arrays.equals(rowShape, f.rowShape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * names.hashCode() + arrayColumn.hashCode()) + Arrays.hashCode(rowShape);
    }

    @Override
    public String toString() {
        return "FeatureLayout[" + names.size() + " features, array=" + arrayColumn.orElse("-")
                + ", shape=" + Arrays.toString(rowShape) + "]";
    }
}
