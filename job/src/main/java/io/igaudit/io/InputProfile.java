package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.igaudit.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * What one scan of the input tells before attribution starts: how many rows, how many invalid,
 * the lengths of an array feature column, the range of a per-row target column, how many input
 * partitions hold valid rows, for a mean baseline each feature column's mean over the valid rows
 * and, for a CSV read without inference, the kinds of cells in its other columns. One job: each task sums
 * up its partition (a plain aggregate grouped by partition, which Spark compiles to one loop) and
 * the driver adds up the partitions' rows.
 *
 * @param rows rows in the input
 * @param invalidRows rows with a null, NaN or infinite feature
 * @param minArrayLength shortest non-null array of the feature column (-1 without one)
 * @param maxArrayLength longest non-null array of the feature column (-1 without one)
 * @param targetNulls rows whose target column is null (0 without one)
 * @param targetMin smallest target index (0 without one)
 * @param targetMax largest target index (0 without one)
 * @param textRows rows for which the {@code textRow} column given to {@link #scan} is true: text in a
 *     feature column read as strings ({@link CsvNumbers}), or a line the CSV reader did not parse
 * @param filledPartitions input partitions holding at least one valid row: fewer than the task
 *     slots means some slots would idle (e.g. one Parquet row group read by one task)
 * @param means each feature column's mean over the valid rows when asked for in {@link #scan}
 *     (empty otherwise; NaN entries when no row is valid)
 * @param columnKinds each cell-kind column given to {@link #scan}, its bits ORed over all rows
 *     ({@link CsvColumnTypes}; empty when none was given)
 */
public record InputProfile(
        long rows, long invalidRows, int minArrayLength, int maxArrayLength,
        long targetNulls, long targetMin, long targetMax, long textRows, long filledPartitions, List<Double> means,
        List<Long> columnKinds) {

    private static final String PARTITION = "_ig_audit_partition_";
    private static final int FIRST_SUM = 9;

    /** The profile without means. */
    public InputProfile(long rows, long invalidRows, int minArrayLength, int maxArrayLength,
            long targetNulls, long targetMin, long targetMax, long textRows, long filledPartitions) {
        this(rows, invalidRows, minArrayLength, maxArrayLength, targetNulls, targetMin, targetMax, textRows, filledPartitions,
                List.of(), List.of());
    }

    /**
     * Scans the input once.
     *
     * @param textRow true for a row holding text where a number belongs ({@link CsvNumbers#textFlag()})
     * @param meanColumns feature columns whose means over the valid rows to compute (none: empty)
     * @param cellKinds per-row bit flags to OR over all rows, e.g. {@link CsvColumnTypes#cellKind} (none: empty)
     */
    public static InputProfile scan(Dataset<Row> input, Column valid, Optional<String> arrayColumn,
            Optional<String> targetColumn, Column textRow, List<String> meanColumns, List<Column> cellKinds) {
        return scan(input, valid, arrayColumn, targetColumn, textRow, meanColumns, cellKinds, List.of()).profile();
    }

    /** An aggregate a caller adds to the scan, and how two partitions' values of it combine. */
    public record Extra(Column aggregate, Combine combine) {
        /** How two partitions' values combine; nulls are skipped. */
        public enum Combine { MIN, MAX, SUM }
    }

    /**
     * The profile and the extra aggregates' values over all partitions, in their order (null
     * where every partition's value is null).
     */
    public record Scanned(InputProfile profile, Row extras) {}

    /** Scans the input once, with extra aggregates. */
    public static Scanned scan(Dataset<Row> input, Column valid, Optional<String> arrayColumn,
            Optional<String> targetColumn, Column textRow, List<String> meanColumns, List<Column> cellKinds, List<Extra> extras) {
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(count(lit(1)));
        aggregates.add(sum(when(valid, 0L).otherwise(1L)));
        Column length = arrayColumn.map(name -> when(col(RowValidity.quote(name)).isNotNull(), size(col(RowValidity.quote(name)))))
                .orElse(lit(-1));
        aggregates.add(min(length));
        aggregates.add(max(length));
        Column target = targetColumn.map(name -> col(RowValidity.quote(name)).cast("long")).orElse(lit(0L));
        aggregates.add(sum(when(target.isNull(), 1L).otherwise(0L)));
        aggregates.add(min(target));
        aggregates.add(max(target));
        aggregates.add(sum(when(textRow, 1L).otherwise(0L)));
        for (String name : meanColumns) {
            aggregates.add(sum(when(valid, col(RowValidity.quote(name)).cast("double"))));
        }
        cellKinds.forEach(kind -> aggregates.add(bit_or(kind)));
        extras.forEach(extra -> aggregates.add(extra.aggregate()));
        List<Row> partitions;
        try {
            // Spark allows the (non-deterministic) partition id in a projection, not inside an aggregate.
            partitions = input.withColumn(PARTITION, spark_partition_id()).groupBy(col(PARTITION))
                    .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).collectAsList();
        } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
            throw new ConfigException("the input could not be scanned: "
                    + Messages.readFailure(e, "(a corrupt or unreadable file in input.path?)"), e);
        }
        return new Scanned(merge(partitions, meanColumns.size(), cellKinds.size()),
                mergeExtras(partitions, FIRST_SUM + meanColumns.size() + cellKinds.size(), extras));
    }

    /** The extra aggregates of every partition (from {@code first} on in its row), combined. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Row mergeExtras(List<Row> partitions, int first, List<Extra> extras) {
        Object[] values = new Object[extras.size()];
        for (Row partition : partitions) {
            for (int i = 0; i < values.length; i++) {
                Object value = partition.get(first + i);
                if (value == null) {
                    continue;
                }
                Object own = values[i];
                values[i] = own == null ? value : switch (extras.get(i).combine()) {
                    case MIN -> ((Comparable) value).compareTo(own) < 0 ? value : own;
                    case MAX -> ((Comparable) value).compareTo(own) > 0 ? value : own;
                    case SUM -> ((Number) own).longValue() + ((Number) value).longValue();
                };
            }
        }
        return RowFactory.create(values);
    }

    /** The partitions' rows (partition id, then the aggregates in the order of {@link #scan}) added up. */
    private static InputProfile merge(List<Row> partitions, int means, int kindColumns) {
        long rows = 0;
        long invalid = 0;
        int minLength = -1;
        int maxLength = -1;
        long targetNulls = 0;
        Long targetMin = null;
        Long targetMax = null;
        long text = 0;
        long filled = 0;
        double[] sums = new double[means];
        long[] kinds = new long[kindColumns];
        for (Row partition : partitions) {
            long partitionRows = partition.getLong(1);
            long partitionInvalid = longOr(partition, 2, 0);
            rows += partitionRows;
            invalid += partitionInvalid;
            if (!partition.isNullAt(3)) {
                int shortest = ((Number) partition.get(3)).intValue();
                int longest = ((Number) partition.get(4)).intValue();
                minLength = minLength < 0 ? shortest : Math.min(minLength, shortest);
                maxLength = Math.max(maxLength, longest);
            }
            targetNulls += longOr(partition, 5, 0);
            if (!partition.isNullAt(6)) {
                targetMin = targetMin == null ? partition.getLong(6) : Math.min(targetMin, partition.getLong(6));
                targetMax = targetMax == null ? partition.getLong(7) : Math.max(targetMax, partition.getLong(7));
            }
            text += longOr(partition, 8, 0);
            filled += partitionRows > partitionInvalid ? 1 : 0;
            for (int i = 0; i < means; i++) {
                sums[i] += partition.isNullAt(FIRST_SUM + i) ? 0 : partition.getDouble(FIRST_SUM + i);
            }
            for (int i = 0; i < kindColumns; i++) {
                kinds[i] |= longOr(partition, FIRST_SUM + means + i, 0);
            }
        }
        List<Double> meanValues = new ArrayList<>(means);
        for (double total : sums) {
            meanValues.add(rows > invalid ? total / (rows - invalid) : Double.NaN);
        }
        return new InputProfile(rows, invalid, minLength, maxLength, targetNulls, targetMin == null ? 0 : targetMin,
                targetMax == null ? 0 : targetMax, text, filled, List.copyOf(meanValues),
                Arrays.stream(kinds).boxed().toList());
    }

    /** A row's integral value at {@code index}, or {@code otherwise} when it is null. */
    static long longOr(Row row, int index, long otherwise) {
        return row.isNullAt(index) ? otherwise : ((Number) row.get(index)).longValue();
    }
}
