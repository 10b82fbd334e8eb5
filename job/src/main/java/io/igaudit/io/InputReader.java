package io.igaudit.io;

import io.igaudit.config.ConfigException;
import io.igaudit.config.InputConfig;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Opens the input dataset, turning every way it can fail into a message that names the path. */
public final class InputReader {

    private InputReader() {}

    /** The input as a DataFrame (lazy: only the schema has been read). */
    public static Dataset<Row> read(SparkSession spark, InputConfig input) {
        requireExists(spark, input.path(), "input.path");
        requireDataFiles(spark, input.path(), input.format(), "input.path");
        return open(spark, input.path(), input.format(), "input.path");
    }

    /** A dataset of the given format, or a {@link ConfigException} naming {@code key} and the path. */
    public static Dataset<Row> open(SparkSession spark, String path, String format, String key) {
        DataFrameReader reader = spark.read().format(format);
        if (format.equals("csv")) {
            // columnPruning off: a short row must fail here, not be padded with nulls when only
            // some columns are read.
            reader = reader.option("header", "true").option("inferSchema", "true").option("mode", "FAILFAST")
                    .option("columnPruning", "false");
        }
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
                throw new ConfigException(key + " " + location + " does not exist (check the path)");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(key + " " + location + " cannot be reached: " + Messages.firstLine(e), e);
        }
    }
}
