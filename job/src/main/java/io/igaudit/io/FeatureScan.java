package io.igaudit.io;

import static org.apache.spark.sql.functions.col;

import io.igaudit.config.ConfigException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The {@link InputProfile} of named feature columns read from files that need no parsing (Parquet,
 * ORC, a table), by a loop over Spark's internal rows: the rows, the invalid ones (a null, NaN or
 * infinite feature as float32, as {@link FiniteFeatures} says) and, when asked, the feature
 * columns' means over the valid rows. The same figures as {@link InputProfile#scan}, without the
 * expression over every feature column that Spark would plan and compile in the driver and each
 * task: on a few cores and hundreds of columns, that took longer than reading the rows.
 */
public final class FeatureScan {

    private FeatureScan() {}

    /** One partition's figures. */
    private record PartitionFigures(long rows, long invalidRows, double[] sums) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Scans {@code input} once.
     *
     * @param features the numeric feature columns, checked as float32 (the model's type)
     * @param meanColumns feature columns whose means over the valid rows to compute (none: empty)
     */
    public static InputProfile scan(Dataset<Row> input, List<String> features, List<String> meanColumns) {
        int width = features.size();
        int means = meanColumns.size();
        List<Column> projection = new ArrayList<>(width + means);
        for (String name : features) {
            projection.add(col(RowValidity.quote(name)).cast("float"));
        }
        for (String name : meanColumns) {
            projection.add(col(RowValidity.quote(name)).cast("double"));
        }
        List<PartitionFigures> partitions;
        try {
            partitions = SparkInternals.internalRows(input.select(projection.toArray(Column[]::new))).toJavaRDD()
                    .mapPartitions(rows -> Collections.singletonList(figures(rows, width, means)).iterator())
                    .collect();
        } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
            throw new ConfigException("the input could not be scanned: "
                    + Messages.readFailure(e, "(a corrupt or unreadable file in input.path?)"), e);
        }
        return merge(partitions, means);
    }

    /** Counts one partition's rows; the sums run over its valid rows. */
    static PartitionFigures figures(Iterator<InternalRow> rows, int width, int means) {
        long count = 0;
        long invalid = 0;
        double[] sums = new double[means];
        while (rows.hasNext()) {
            InternalRow row = rows.next();
            count++;
            if (!FiniteFeatures.columnsValid(row, 0, width)) {
                invalid++;
                continue;
            }
            for (int i = 0; i < means; i++) {
                sums[i] += row.getDouble(width + i);
            }
        }
        return new PartitionFigures(count, invalid, sums);
    }

    private static InputProfile merge(List<PartitionFigures> partitions, int means) {
        long rows = 0;
        long invalid = 0;
        long filled = 0;
        double[] sums = new double[means];
        for (PartitionFigures partition : partitions) {
            rows += partition.rows();
            invalid += partition.invalidRows();
            filled += partition.rows() > partition.invalidRows() ? 1 : 0;
            for (int i = 0; i < means; i++) {
                sums[i] += partition.sums()[i];
            }
        }
        List<Double> meanValues = new ArrayList<>(means);
        for (double total : sums) {
            meanValues.add(rows > invalid ? total / (rows - invalid) : Double.NaN);
        }
        return new InputProfile(rows, invalid, -1, -1, 0, 0, 0, 0, filled, List.copyOf(meanValues), List.of());
    }
}
