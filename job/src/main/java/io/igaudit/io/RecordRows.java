package io.igaudit.io;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A table of records as Spark rows, both ways: one column per record component, in component
 * order, named in snake_case ({@code meanAbs} → {@code mean_abs}); a component that is itself a
 * record gives its own components' columns in its place. The Spark type follows the Java type
 * (String, int, long, double, boolean, their boxes); a column is not null unless the layout says
 * so. A layout may store doubles as floats, leave columns out, and let columns be null, with the
 * rule that makes a value null. Reading a row back, a null in a primitive column reads as NaN (or
 * 0), a column left out as null.
 *
 * @param <R> the record type
 */
public final class RecordRows<R extends Record> {

    /** How a column's value is written. */
    private enum Null {
        /** Never null. */
        NEVER,
        /** Null when the record's value is null (a boxed or reference component). */
        AS_IS,
        /** Null when the value is NaN (a double) or 0 (an int): the record's "none". */
        MISSING,
        /** Null when the column's rule holds for the record. */
        RULE
    }

    /** One column: the path of components to its value, how it is stored. */
    private record Column(String name, List<RecordComponent> path, DataType type, Null nulls) {}

    private final Class<R> type;
    private final Set<String> floats;
    private final Set<String> omitted;
    private final Map<String, Null> nulls;
    private final Map<String, Predicate<R>> rules;
    private final List<Column> columns;
    private final StructType schema;

    private RecordRows(Class<R> type, Set<String> floats, Set<String> omitted, Map<String, Null> nulls,
            Map<String, Predicate<R>> rules) {
        this.type = type;
        this.floats = Set.copyOf(floats);
        this.omitted = Set.copyOf(omitted);
        this.nulls = Map.copyOf(nulls);
        this.rules = Map.copyOf(rules);
        this.columns = new ArrayList<>();
        addColumns(type, List.of());
        StructType built = new StructType();
        for (Column column : columns) {
            built = built.add(column.name(), column.type(), column.nulls() != Null.NEVER);
        }
        this.schema = built;
        for (String name : union(floats, omitted, nulls.keySet())) {
            if (columnsNamed(name) == 0 && !omitted.contains(name)) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no component for column " + name);
            }
        }
    }

    /** Every component a column, not null, doubles as doubles. */
    public static <R extends Record> RecordRows<R> of(Class<R> type) {
        return new RecordRows<>(type, Set.of(), Set.of(), Map.of(), Map.of());
    }

    /** The same layout with these double columns stored as floats. */
    public RecordRows<R> floats(String... names) {
        return new RecordRows<>(type, union(floats, Set.of(names)), omitted, nulls, rules);
    }

    /** The same layout without these columns (read back as null). */
    public RecordRows<R> without(String... names) {
        return new RecordRows<>(type, floats, union(omitted, Set.of(names)), nulls, rules);
    }

    /** The same layout with these columns nullable, null where the record holds null (and NaN as NaN). */
    public RecordRows<R> nullable(String... names) {
        return withNulls(Null.AS_IS, names);
    }

    /** The same layout with these columns null where the record holds NaN (a double) or 0 (an int). */
    public RecordRows<R> nullWhenMissing(String... names) {
        return withNulls(Null.MISSING, names);
    }

    /** The same layout with this column null where {@code rule} holds for the record. */
    public RecordRows<R> nullWhen(String name, Predicate<R> rule) {
        Map<String, Predicate<R>> more = new HashMap<>(rules);
        more.put(name, rule);
        RecordRows<R> withRule = withNulls(Null.RULE, name);
        return new RecordRows<>(type, floats, omitted, withRule.nulls, more);
    }

    private RecordRows<R> withNulls(Null kind, String... names) {
        Map<String, Null> more = new HashMap<>(nulls);
        for (String name : names) {
            more.put(name, kind);
        }
        return new RecordRows<>(type, floats, omitted, more, rules);
    }

    /** The columns. */
    public StructType schema() {
        return schema;
    }

    /** The record's values, in column order. */
    public Object[] values(R record) {
        Object[] values = new Object[columns.size()];
        for (int c = 0; c < values.length; c++) {
            Column column = columns.get(c);
            Object value = record;
            for (RecordComponent component : column.path()) {
                value = get(component, value);
            }
            values[c] = stored(column, record, value);
        }
        return values;
    }

    /** The record as a row of {@link #schema()}. */
    public Row row(R record) {
        return RowFactory.create(values(record));
    }

    /** The records as rows, in order. */
    public List<Row> rows(List<R> records) {
        List<Row> rows = new ArrayList<>(records.size());
        for (R record : records) {
            rows.add(row(record));
        }
        return rows;
    }

    /** The record of a row that holds (at least) these columns, read by name. */
    public R read(Row row) {
        return read(type, row);
    }

    private <T> T read(Class<T> recordType, Row row) {
        RecordComponent[] components = recordType.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> javaType = components[i].getType();
            types[i] = javaType;
            String name = columnName(components[i]);
            if (javaType.isRecord()) {
                values[i] = read(javaType, row);
            } else {
                values[i] = omitted.contains(name) ? fromNull(javaType) : javaValue(javaType, row.get(row.fieldIndex(name)));
            }
        }
        try {
            Constructor<T> canonical = recordType.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot make a " + recordType.getSimpleName() + " from a row", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("a row is not a valid " + recordType.getSimpleName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private void addColumns(Class<?> recordType, List<RecordComponent> parents) {
        for (RecordComponent component : recordType.getRecordComponents()) {
            List<RecordComponent> path = new ArrayList<>(parents);
            path.add(component);
            String name = columnName(component);
            if (component.getType().isRecord()) {
                addColumns(component.getType(), path);
            } else if (!omitted.contains(name)) {
                DataType sparkType = floats.contains(name) ? DataTypes.FloatType : sparkType(component.getType(), name);
                columns.add(new Column(name, List.copyOf(path), sparkType, nulls.getOrDefault(name, Null.NEVER)));
            }
        }
    }

    private Object stored(Column column, R record, Object value) {
        boolean isNull = switch (column.nulls()) {
            case NEVER, AS_IS -> value == null;
            case MISSING -> value == null || value instanceof Double d && d.isNaN() || value instanceof Integer i && i == 0;
            case RULE -> value == null || rules.get(column.name()).test(record);
        };
        if (isNull) {
            return null;
        }
        return column.type() == DataTypes.FloatType ? (Object) ((Number) value).floatValue() : value;
    }

    private long columnsNamed(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).count();
    }

    private static Object get(RecordComponent component, Object owner) {
        try {
            return component.getAccessor().invoke(owner);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of a " + owner.getClass().getSimpleName(), e);
        }
    }

    /** {@code meanAbs} → {@code mean_abs}, {@code p05} → {@code p05}. */
    static String columnName(RecordComponent component) {
        return snakeCase(component.getName());
    }

    /** A Java name in snake_case, an underscore before each capital: {@code topKOverlap} → {@code top_k_overlap}. */
    public static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static DataType sparkType(Class<?> javaType, String name) {
        if (javaType == String.class) {
            return DataTypes.StringType;
        } else if (javaType == int.class || javaType == Integer.class) {
            return DataTypes.IntegerType;
        } else if (javaType == long.class || javaType == Long.class) {
            return DataTypes.LongType;
        } else if (javaType == double.class || javaType == Double.class) {
            return DataTypes.DoubleType;
        } else if (javaType == boolean.class || javaType == Boolean.class) {
            return DataTypes.BooleanType;
        }
        throw new IllegalArgumentException("no Spark column type for " + name + " of type " + javaType.getName());
    }

    private static Object javaValue(Class<?> javaType, Object value) {
        if (value == null) {
            return fromNull(javaType);
        } else if (javaType == double.class || javaType == Double.class) {
            return ((Number) value).doubleValue();
        }
        return value;
    }

    private static Object fromNull(Class<?> javaType) {
        if (javaType == double.class) {
            return Double.NaN;
        } else if (javaType == int.class) {
            return 0;
        } else if (javaType == long.class) {
            return 0L;
        } else if (javaType == boolean.class) {
            return false;
        }
        return null;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        java.util.Set<String> all = new java.util.HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }
}
