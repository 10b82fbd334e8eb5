package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftRightUnsigned;
import static org.apache.spark.sql.functions.xxhash64;

import io.igaudit.config.JobConfig;
import io.igaudit.config.SampleSpec;
import io.igaudit.config.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * input.sample: the rows a seeded hash keeps. A row's position in [0, 1) is xxHash64 of the seed and
 * the row's id columns (without them, the columns the job reads), each as text, its top 53 bits
 * read as a fraction; the row is kept when the position is below input.sample.fraction. The
 * position depends on the row's values alone, so the sample is the same whatever the partitioning
 * and a rerun audits the same rows; the values are hashed as text so that an id read as an integer
 * from Parquet and as a string from a CSV selects the same rows.
 */
public final class RowSampling {

    /** 2^-53: the top 53 bits of a 64-bit hash as a fraction in [0, 1). */
    private static final double UNIT = 0x1.0p-53;

    private RowSampling() {}

    /** The rows of {@code frame} that input.sample keeps (lazy); the frame itself at fraction 1. */
    public static Dataset<Row> apply(Dataset<Row> frame, JobConfig config) {
        SampleSpec sample = config.input().sample();
        if (!sample.sampled()) {
            return frame;
        }
        return frame.filter(position(present(frame, hashedColumns(config)), sample.seed()).lt(sample.fraction()));
    }

    /**
     * The columns whose values pick a row: input.id-columns, or without them every column the job
     * reads (the feature columns or the feature column, the tensors' columns and the text column).
     */
    public static List<String> hashedColumns(JobConfig config) {
        if (!config.input().idColumns().isEmpty()) {
            return config.input().idColumns();
        }
        Set<String> columns = new LinkedHashSet<>(config.input().features());
        config.input().featureColumn().ifPresent(columns::add);
        for (TensorSpec tensor : config.tensors().tensors()) {
            if (tensor.source() instanceof TensorSpec.Source.ArrayColumn array) {
                columns.add(array.column());
            } else if (tensor.source() instanceof TensorSpec.Source.Columns scalars) {
                columns.addAll(scalars.columns());
            }
        }
        config.tensors().text().ifPresent(text -> columns.add(text.column()));
        return List.copyOf(columns);
    }

    /** A row's position in [0, 1): the top 53 bits of xxHash64(seed, each column as text). */
    static Column position(List<String> columns, long seed) {
        List<Column> hashed = new ArrayList<>();
        hashed.add(lit(seed));
        for (String name : columns) {
            hashed.add(col(RowValidity.quote(name)).cast("string"));
        }
        return shiftRightUnsigned(xxhash64(hashed.toArray(Column[]::new)), 11).cast("double").multiply(UNIT);
    }

    /** The columns the frame has (a missing one is reported by the checks that follow, naming its key). */
    private static List<String> present(Dataset<Row> frame, List<String> columns) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(frame.columns()).forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        return columns.stream().filter(name -> names.contains(name.toLowerCase(Locale.ROOT))).toList();
    }
}
