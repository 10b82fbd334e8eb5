package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.testing.SparkTestSession;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PackedFeaturesTest {

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType)
            .add("count", DataTypes.IntegerType)
            .add("weight", DataTypes.FloatType)
            .add("note", DataTypes.StringType)
            .add("ratio", DataTypes.DoubleType);
    private static final List<String> FEATURES = List.of("ratio", "count", "weight");

    @Test
    void packsOnlyColumnsThatADoubleHoldsExactly() {
        assertTrue(PackedFeatures.of(SCHEMA, FEATURES).isPresent());
        assertFalse(PackedFeatures.of(SCHEMA.add("big", DataTypes.LongType), List.of("ratio", "big")).isPresent(),
                "a long beyond 2^53 would change");
        assertFalse(PackedFeatures.of(SCHEMA.add("money", new DecimalType(38, 18)), List.of("money")).isPresent());
        assertFalse(PackedFeatures.of(SCHEMA, List.of("ratio", "note")).isPresent(), "text: the checks name the column");
        assertFalse(PackedFeatures.of(SCHEMA, List.of("ratio", "missing")).isPresent(), "a missing column: the checks name it");
        assertFalse(PackedFeatures.of(SCHEMA, List.of("ratio", "ratio")).isPresent());
        assertFalse(PackedFeatures.of(SCHEMA, List.of()).isPresent());
    }

    @Test
    void unpackingGivesBackEveryColumnWithItsTypeAndValue() {
        List<Row> rows = List.of(
                RowFactory.create("a", 3, 0.1f, "x", 1e300),
                RowFactory.create("b", -7, Float.NaN, null, 0.30000000000000004),
                RowFactory.create("c", null, 2.5f, "z", -0.0),
                RowFactory.create("d", 1, 1.5f, "w", 2.0));
        Dataset<Row> input = SparkTestSession.get().createDataFrame(rows, SCHEMA);
        PackedFeatures packed = PackedFeatures.of(SCHEMA, FEATURES).orElseThrow();

        Dataset<Row> stored = packed.pack(input, RowValidity.isValid(Optional.empty(), FEATURES));
        assertEquals(List.of("id", "note", PackedFeatures.FEATURES, PackedFeatures.VALID), List.of(stored.columns()),
                "the cache holds the other columns, one array and the flag");
        Dataset<Row> frame = packed.unpack(stored, SCHEMA);

        assertEquals(List.of("id", "count", "weight", "note", "ratio"), InputReader.visibleColumns(frame));
        for (String name : SCHEMA.fieldNames()) {
            assertEquals(SCHEMA.apply(name).dataType(), frame.schema().apply(name).dataType(), name);
        }
        List<Row> back = frame.orderBy("id").collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            for (int column = 0; column < SCHEMA.size(); column++) {
                assertEquals(rows.get(i).get(column), back.get(i).get(column), "row " + i + ", column " + SCHEMA.fieldNames()[column]);
            }
        }
        // 1e300 is beyond float32, NaN and null are invalid: the flag is RowValidity's over the file's values.
        assertEquals(List.of(false, false, false, true), back.stream().map(r -> r.<Boolean>getAs(PackedFeatures.VALID)).toList());
        float[] floats = toFloats(frame.filter("id = 'a'").select(PackedFeatures.asFloats()).first());
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 3f, 0.1f}, floats,
                "the tasks read the features in the order of input.features, as float32");
    }

    private static float[] toFloats(Row row) {
        List<Float> values = row.getList(0);
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i);
        }
        return floats;
    }
}
