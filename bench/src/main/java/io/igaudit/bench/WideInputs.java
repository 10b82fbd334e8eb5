package io.igaudit.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.randn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The inputs of scripts/bench-e2e.sh: ROWS rows of an id and FEATURES standard-normal float
 * columns f0.., written three ways under FOLDER: {@code parquet/} (a folder of two files),
 * {@code rows.parquet} (one file) and {@code rows.csv} (one file with a header), the same rows in
 * each.
 *
 * <p>Usage: {@code WideInputs FOLDER ROWS FEATURES}.
 */
public final class WideInputs {

    private WideInputs() {}

    /** Writes the three inputs. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        int features = Integer.parseInt(args[2]);
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Column> columns = new ArrayList<>(List.of(col("id")));
            for (int i = 0; i < features; i++) {
                columns.add(randn(i).cast("float").as("f" + i));
            }
            String parquet = folder.resolve("parquet").toString();
            spark.range(0, rows, 1, 2).select(columns.toArray(Column[]::new)).write().mode("overwrite").parquet(parquet);
            Dataset<Row> ordered = spark.read().parquet(parquet).orderBy("id").coalesce(1);
            single(ordered.write().mode("overwrite").option("header", "true").format("csv"), folder, "csv");
            single(ordered.write().mode("overwrite").format("parquet"), folder, "parquet");
        } finally {
            spark.stop();
        }
    }

    /** Writes {@code rows.EXTENSION}: Spark writes a folder, of which the one part file is moved out. */
    private static void single(org.apache.spark.sql.DataFrameWriter<Row> writer, Path folder, String extension) throws Exception {
        Path written = folder.resolve("single-" + extension);
        writer.save(written.toString());
        try (var files = Files.list(written)) {
            Path part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            Files.move(part, folder.resolve("rows." + extension), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try (var files = Files.walk(written)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
