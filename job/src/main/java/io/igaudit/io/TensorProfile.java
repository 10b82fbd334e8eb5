package io.igaudit.io;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.TensorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one scan of the input tells about configured tensors before attribution starts, besides
 * the counts and target range of {@link InputProfile}: the shortest and longest array of every
 * array column, the largest value of every integer column (ids, codes), the rows whose mask has
 * another length than its sequence, and which ids stand at masked (padding) positions.
 *
 * @param base rows, invalid rows, the target column's range and the partitions holding valid rows
 * @param lengths per array column: {shortest, longest} non-null array; {-1, -1} when null in every row
 * @param largest per integer column (array or scalar): the largest value over the valid rows; absent when there is none
 * @param maskMismatches per mask tensor: rows where mask and sequence are both present and differ in length
 * @param paddingIds per sequence tensor with a mask: {smallest, largest} id at positions whose mask is 0,
 *     over the valid rows; absent when no position is masked
 * @param ranges per scalar column of a float32 tensor: {smallest, largest} value over the valid rows;
 *     absent when no row is valid
 */
public record TensorProfile(
        InputProfile base, Map<String, int[]> lengths, Map<String, Long> largest, Map<String, Long> maskMismatches,
        Map<String, long[]> paddingIds, Map<String, double[]> ranges) {

    /** Scans the input once. */
    public static TensorProfile scan(Dataset<Row> input, Column valid, TensorInputs inputs, Optional<String> targetColumn) {
        List<InputProfile.Extra> aggregates = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        List<String> integers = new ArrayList<>();
        for (TensorSpec tensor : inputs.tensors()) {
            boolean ids = tensor.type() == TensorType.INT64;
            if (tensor.source() instanceof TensorSpec.Source.ArrayColumn array) {
                if (!arrays.contains(array.column())) {
                    arrays.add(array.column());
                    Column column = col(RowValidity.quote(array.column()));
                    Column length = when(column.isNotNull(), size(column));
                    aggregates.add(smallest(length));
                    aggregates.add(largest(length));
                }
                if (ids && !integers.contains(array.column())) {
                    integers.add(array.column());
                    aggregates.add(largest(when(valid, array_max(col(RowValidity.quote(array.column()))))));
                }
            } else if (tensor.source() instanceof TensorSpec.Source.Columns columns && ids) {
                for (String name : columns.columns()) {
                    if (!integers.contains(name)) {
                        integers.add(name);
                        aggregates.add(largest(when(valid, col(RowValidity.quote(name)).cast("long"))));
                    }
                }
            }
        }
        List<String[]> masks = maskPairs(inputs);
        for (String[] pair : masks) {
            Column mask = col(RowValidity.quote(pair[2]));
            Column sequence = col(RowValidity.quote(pair[3]));
            aggregates.add(new InputProfile.Extra(when(mask.isNotNull().and(sequence.isNotNull())
                    .and(size(mask).notEqual(size(sequence))), 1L).otherwise(0L), InputProfile.Extra.Combine.SUM));
            // The ids at masked positions of a row, as an array (nulls dropped).
            String padded = "filter(zip_with(" + RowValidity.quote(pair[3]) + ", " + RowValidity.quote(pair[2])
                    + ", (i, m) -> IF(m = 0, i, NULL)), x -> x IS NOT NULL)";
            aggregates.add(smallest(when(valid, expr("array_min(" + padded + ")"))));
            aggregates.add(largest(when(valid, expr("array_max(" + padded + ")"))));
        }
        List<String> floats = new ArrayList<>();
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.type() == TensorType.FLOAT32 && tensor.source() instanceof TensorSpec.Source.Columns columns) {
                for (String name : columns.columns()) {
                    if (!floats.contains(name)) {
                        floats.add(name);
                        Column value = when(valid, col(RowValidity.quote(name)).cast("double"));
                        aggregates.add(smallest(value));
                        aggregates.add(largest(value));
                    }
                }
            }
        }
        InputProfile.Scanned scanned = InputProfile.scan(input, new ValidRows.ByExpression(valid), Optional.empty(), targetColumn,
                lit(false), List.of(), List.of(), aggregates);
        Row row = scanned.extras();
        int at = 0;
        Map<String, int[]> lengths = new LinkedHashMap<>();
        Map<String, Long> largest = new LinkedHashMap<>();
        for (String column : arrays) {
            lengths.put(column, new int[] {(int) InputProfile.longOr(row, at, -1), (int) InputProfile.longOr(row, at + 1, -1)});
            at += 2;
            if (integers.contains(column)) {
                putIfPresent(largest, column, row, at++);
            }
        }
        for (String column : integers) {
            if (!arrays.contains(column)) {
                putIfPresent(largest, column, row, at++);
            }
        }
        Map<String, Long> mismatches = new LinkedHashMap<>();
        Map<String, long[]> paddingIds = new LinkedHashMap<>();
        for (String[] pair : masks) {
            mismatches.put(pair[0], InputProfile.longOr(row, at, 0));
            if (!row.isNullAt(at + 1)) {
                paddingIds.put(pair[1], new long[] {InputProfile.longOr(row, at + 1, 0), InputProfile.longOr(row, at + 2, 0)});
            }
            at += 3;
        }
        Map<String, double[]> ranges = new LinkedHashMap<>();
        for (String column : floats) {
            if (!row.isNullAt(at)) {
                ranges.put(column, new double[] {row.getDouble(at), row.getDouble(at + 1)});
            }
            at += 2;
        }
        return new TensorProfile(scanned.profile(), lengths, largest, mismatches, paddingIds, ranges);
    }

    private static InputProfile.Extra smallest(Column value) {
        return new InputProfile.Extra(value, InputProfile.Extra.Combine.MIN);
    }

    private static InputProfile.Extra largest(Column value) {
        return new InputProfile.Extra(value, InputProfile.Extra.Combine.MAX);
    }

    /** Each mask of an array sequence: {mask tensor, sequence tensor, mask column, sequence column}. */
    private static List<String[]> maskPairs(TensorInputs inputs) {
        List<String[]> pairs = new ArrayList<>();
        for (TensorSpec mask : inputs.tensors()) {
            if (mask.maskFor().isEmpty() || !(mask.source() instanceof TensorSpec.Source.ArrayColumn maskColumn)) {
                continue;
            }
            TensorSpec sequence = inputs.tensor(mask.maskFor().get()).orElseThrow();
            if (sequence.source() instanceof TensorSpec.Source.ArrayColumn sequenceColumn) {
                pairs.add(new String[] {mask.name(), sequence.name(), maskColumn.column(), sequenceColumn.column()});
            }
        }
        return pairs;
    }

    private static void putIfPresent(Map<String, Long> map, String key, Row row, int index) {
        if (!row.isNullAt(index)) {
            map.put(key, ((Number) row.get(index)).longValue());
        }
    }
}
