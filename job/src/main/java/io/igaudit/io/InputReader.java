package io.igaudit.io;

import io.igaudit.config.ConfigException;
import io.igaudit.config.InputConfig;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Opens the input dataset, turning every way it can fail into a message that names the path. */
public final class InputReader {

    private InputReader() {}

    /** How a CSV file's column types are found. */
    public enum CsvTypes {
        /** Spark's schema inference, which reads every file once before the first query. */
        INFERRED,
        /**
         * Feature columns read as doubles by the CSV parser (which also takes {@code nan}, {@code inf},
         * {@code -inf}, {@code NaN}, {@code Infinity}, {@code -Infinity} and an empty cell), every
         * other column as a string for {@link CsvColumnTypes}; only the header is read here. A line
         * the parser does not take whole is kept in {@link #UNPARSED_LINE} (null otherwise): read
         * the file as {@link #TEXT} then.
         */
        NUMBERS,
        /**
         * Every column read as a string (only the header is read here): {@link CsvNumbers} and
         * {@link CsvColumnTypes} type them.
         */
        TEXT
    }

    /** The column that holds a line of a CSV read with {@link CsvTypes#NUMBERS} that the parser did not take. */
    public static final String UNPARSED_LINE = "__ig_audit_unparsed_line";
    /** The names of the job's hidden columns (lower case), which an input's columns may not take. */
    private static final String HIDDEN_NAMES = "_+ig_audit_.*";

    /**
     * The input as a DataFrame (lazy: only the schema has been read): the files of input.path or
     * the table of input.table, with input.where applied.
     */
    public static Dataset<Row> read(SparkSession spark, InputConfig input, CsvTypes csvTypes, Optional<TableSnapshots.Range> snapshots) {
        Dataset<Row> read = input.table().isPresent()
                ? requireNoHiddenColumns(snapshots.map(range -> TableSnapshots.read(spark, range))
                        .orElseGet(() -> InputTable.open(spark, input.table().get())), input.source())
                : readFiles(spark, input, csvTypes);
        Dataset<Row> frame = input.images().byteColumn().isPresent() ? ImageFiles.decodeColumn(read, input) : read;
        return input.where().map(predicate -> RowFilter.apply(frame, predicate, input.source())).orElse(frame);
    }

    /** The input's own columns, without the reader's hidden ones. */
    public static List<String> visibleColumns(Dataset<Row> frame) {
        return java.util.Arrays.stream(frame.columns())
                .filter(name -> !name.toLowerCase(java.util.Locale.ROOT).matches(HIDDEN_NAMES)).toList();
    }

    private static Dataset<Row> requireNoHiddenColumns(Dataset<Row> frame, String source) {
        for (String name : frame.columns()) {
            if (name.toLowerCase(java.util.Locale.ROOT).matches(HIDDEN_NAMES)) {
                throw new ConfigException(source + " has a column '" + name + "'; names starting with "
                        + "_ig_audit_ or __ig_audit_ are kept for IG Audit's own hidden columns: rename it");
            }
        }
        return frame;
    }

    private static Dataset<Row> readFiles(SparkSession spark, InputConfig input, CsvTypes csvTypes) {
        requireExists(spark, input.path(), "input.path");
        if (input.imageFiles()) {
            return ImageFiles.read(spark, input);
        }
        requireDataFiles(spark, input.path(), input.format(), "input.path");
        Dataset<Row> frame = requireNoHiddenColumns(open(spark, input.path(), input.format(), "input.path",
                csvTypes == CsvTypes.INFERRED, input.encoding()), input.source());
        if (!input.format().equals("csv") || csvTypes != CsvTypes.NUMBERS) {
            return frame;
        }
        StructType schema = new StructType();
        for (StructField field : frame.schema().fields()) {
            schema = schema.add(field.name(), input.features().contains(field.name()) ? DataTypes.DoubleType : DataTypes.StringType);
        }
        DataFrameReader numbers = csvReader(spark, false, input.encoding()).schema(schema.add(UNPARSED_LINE, DataTypes.StringType))
                .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", UNPARSED_LINE)
                .option("nanValue", "nan").option("positiveInf", "inf").option("negativeInf", "-inf");
        try {
            return numbers.load(input.path());
        } catch (Exception e) {
            throw new ConfigException("input.path " + input.path() + " could not be read as csv: " + Messages.firstLine(e), e);
        }
    }

    /** A dataset of the given format (CSV types inferred), or a {@link ConfigException} naming {@code key} and the path. */
    public static Dataset<Row> open(SparkSession spark, String path, String format, String key) {
        return open(spark, path, format, key, true, "UTF-8");
    }

    private static Dataset<Row> open(SparkSession spark, String path, String format, String key, boolean inferCsvTypes,
            String encoding) {
        DataFrameReader reader = format.equals("csv") ? csvReader(spark, inferCsvTypes, encoding)
                : format.equals("json") && !isUtf8(encoding)
                        ? spark.read().format(format).option("encoding", encoding).option("lineSep", "\n")
                        : spark.read().format(format);
        try {
            Dataset<Row> frame = reader.load(path);
            if (frame.schema().isEmpty()) {
                throw new ConfigException(key + " " + path + " holds no columns: is it empty?");
            }
            return frame;
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(key + " " + path + " could not be read as " + format + ": "
                    + Messages.firstLine(e) + " (check the path and input.format)", e);
        }
    }

    private static boolean isUtf8(String encoding) {
        return java.nio.charset.StandardCharsets.UTF_8.name().equals(encoding);
    }

    private static DataFrameReader csvReader(SparkSession spark, boolean inferTypes, String encoding) {
        // columnPruning off: a short row must fail here, not be padded with nulls when only
        // some columns are read.
        return spark.read().format("csv").option("header", "true").option("inferSchema", String.valueOf(inferTypes))
                .option("mode", "FAILFAST").option("columnPruning", "false").option("encoding", encoding);
    }

    /** Fails unless the location holds data files, all of the format ({@link InputFiles}). */
    private static void requireDataFiles(SparkSession spark, String location, String format, String key) {
        try {
            Path path = new Path(location);
            InputFiles.check(path.getFileSystem(spark.sparkContext().hadoopConfiguration()), path, format, key);
        } catch (IOException e) {
            throw new ConfigException(key + " " + location + " cannot be listed: " + Messages.firstLine(e), e);
        }
    }

    /** Fails unless the path exists on its filesystem. */
    public static void requireExists(SparkSession spark, String location, String key) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw new ConfigException(Messages.missing(key, location, fs, path));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(key + " " + location + " cannot be reached: " + Messages.firstLine(e), e);
        }
    }
}
