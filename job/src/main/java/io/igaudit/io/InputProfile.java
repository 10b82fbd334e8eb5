package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.igaudit.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one scan of the input tells before attribution starts: how many rows, how many invalid,
 * the lengths of an array feature column, the range of a per-row target column, and how many
 * input partitions hold valid rows.
 *
 * @param rows rows in the input
 * @param invalidRows rows with a null, NaN or infinite feature
 * @param minArrayLength shortest non-null array of the feature column (-1 without one)
 * @param maxArrayLength longest non-null array of the feature column (-1 without one)
 * @param targetNulls rows whose target column is null (0 without one)
 * @param targetMin smallest target index (0 without one)
 * @param targetMax largest target index (0 without one)
 * @param textRows rows holding text in a feature column that the CSV reader left as strings (see {@link CsvNumbers})
 * @param filledPartitions input partitions holding at least one valid row: fewer than the task
 *     slots means some slots would idle (e.g. one Parquet row group read by one task)
 */
public record InputProfile(
        long rows, long invalidRows, int minArrayLength, int maxArrayLength,
        long targetNulls, long targetMin, long targetMax, long textRows, long filledPartitions) {

    private static final String PARTITION = "_ig_audit_partition_";

    /**
     * Scans the input once.
     *
     * @param textRow true for a row holding text where a number belongs ({@link CsvNumbers#textFlag()})
     */
    public static InputProfile scan(Dataset<Row> input, Column valid,
            Optional<String> arrayColumn, Optional<String> targetColumn, Column textRow) {
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
        aggregates.add(count_distinct(when(valid, col(PARTITION))));
        Row row;
        try {
            // Spark allows the (non-deterministic) partition id in a projection, not inside an aggregate.
            row = input.withColumn(PARTITION, spark_partition_id()).agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).first();
        } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
            throw new ConfigException("the input could not be scanned: " + Messages.firstLine(e)
                    + " (a corrupt or unreadable file in input.path?)", e);
        }
        return new InputProfile(
                row.getLong(0),
                row.isNullAt(1) ? 0 : row.getLong(1),
                row.isNullAt(2) ? -1 : ((Number) row.get(2)).intValue(),
                row.isNullAt(3) ? -1 : ((Number) row.get(3)).intValue(),
                row.isNullAt(4) ? 0 : row.getLong(4),
                row.isNullAt(5) ? 0 : row.getLong(5),
                row.isNullAt(6) ? 0 : row.getLong(6),
                row.isNullAt(7) ? 0 : row.getLong(7),
                row.getLong(8));
    }
}
