package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.igaudit.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructField;

/**
 * What one scan of the input tells before attribution starts: how many rows, how many invalid,
 * the lengths of an array feature column, the range of a per-row target column, how many input
 * partitions hold valid rows, for a mean baseline each feature column's mean over the valid rows
 * and, for a CSV read without inference, the kinds of cells in its other columns. One job without
 * a shuffle: Spark projects each row's values, each task adds up its partition's in Java
 * ({@link ProfileFigures}) and the driver adds up the partitions'.
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
        return scan(input, new ValidRows.ByExpression(valid), arrayColumn, targetColumn, textRow, meanColumns, cellKinds,
                List.of()).profile();
    }

    /** Scans the input once, as above, telling the valid rows by {@code valid}. */
    public static InputProfile scan(Dataset<Row> input, ValidRows valid, Optional<String> arrayColumn,
            Optional<String> targetColumn, Column textRow, List<String> meanColumns, List<Column> cellKinds) {
        return scan(input, valid, arrayColumn, targetColumn, textRow, meanColumns, cellKinds, List.of()).profile();
    }

    /**
     * A figure a caller adds to the scan: a numeric value per row and how the rows' values combine;
     * null values are skipped. Integral values combine as longs, others as doubles; only integral
     * values are summed.
     */
    public record Extra(Column value, Combine combine) {
        /** How the rows' values combine. */
        public enum Combine { MIN, MAX, SUM }
    }

    /**
     * The profile and the extra figures over all rows, in their order: a Long for integral values,
     * else a Double; null where every row's value is null.
     */
    public record Scanned(InputProfile profile, Row extras) {}

    /** Scans the input once, with extra figures. */
    public static Scanned scan(Dataset<Row> input, ValidRows valid, Optional<String> arrayColumn,
            Optional<String> targetColumn, Column textRow, List<String> meanColumns, List<Column> cellKinds, List<Extra> extras) {
        List<Column> values = new ArrayList<>();
        // The validity first: one boolean, or the features that ProfileFigures checks.
        int checkedFeatures = 0;
        if (valid instanceof ValidRows.FloatFeatures features) {
            features.features().forEach(name -> values.add(col(RowValidity.quote(name)).cast("float")));
            checkedFeatures = features.features().size();
        } else {
            values.add(((ValidRows.ByExpression) valid).valid());
        }
        values.add(arrayColumn.map(name -> when(col(RowValidity.quote(name)).isNotNull(), size(col(RowValidity.quote(name)))))
                .orElse(lit(-1)).cast("int"));
        values.add(targetColumn.map(name -> col(RowValidity.quote(name)).cast("long")).orElse(lit(0L)));
        values.add(textRow);
        meanColumns.forEach(name -> values.add(col(RowValidity.quote(name)).cast("double")));
        cellKinds.forEach(kind -> values.add(kind.cast("long")));
        boolean[] integral = new boolean[extras.size()];
        if (!extras.isEmpty()) {
            StructField[] types = input.select(extras.stream().map(Extra::value).toArray(Column[]::new)).schema().fields();
            for (int i = 0; i < integral.length; i++) {
                integral[i] = types[i].dataType() instanceof IntegralType;
                if (!integral[i] && extras.get(i).combine() == Extra.Combine.SUM) {
                    throw new IllegalArgumentException("a sum of non-integral values: " + extras.get(i).value());
                }
                values.add(extras.get(i).value().cast(integral[i] ? "long" : "double"));
            }
        }
        ProfileFigures.Layout layout = new ProfileFigures.Layout(checkedFeatures, meanColumns.size(), cellKinds.size(),
                extras.stream().map(Extra::combine).toList(), integral);
        List<ProfileFigures> partitions;
        try {
            partitions = SparkInternals.internalRows(input.select(values.toArray(Column[]::new))).toJavaRDD()
                    .mapPartitions(rows -> Collections.singletonList(ProfileFigures.of(rows, layout)).iterator())
                    .collect();
        } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
            throw new ConfigException("the input could not be scanned: "
                    + Messages.readFailure(e, "(a corrupt or unreadable file in input.path?)"), e);
        }
        ProfileFigures all = ProfileFigures.merge(partitions, layout);
        List<Double> means = new ArrayList<>(meanColumns.size());
        for (double total : all.sums()) {
            means.add(all.rows() > all.invalidRows() ? total / (all.rows() - all.invalidRows()) : Double.NaN);
        }
        InputProfile profile = new InputProfile(all.rows(), all.invalidRows(), all.minLength(), all.maxLength(),
                all.targetNulls(), all.targetMin(), all.targetMax(), all.textRows(), all.filledPartitions(),
                List.copyOf(means), Arrays.stream(all.kinds()).boxed().toList());
        return new Scanned(profile, RowFactory.create(all.extras()));
    }

    /** A row's integral value at {@code index}, or {@code otherwise} when it is null. */
    static long longOr(Row row, int index, long otherwise) {
        return row.isNullAt(index) ? otherwise : ((Number) row.get(index)).longValue();
    }
}
