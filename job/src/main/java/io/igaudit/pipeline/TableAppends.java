package io.igaudit.pipeline;

import io.igaudit.history.HistoryTable;
import io.igaudit.io.OutputLocation;
import io.igaudit.io.OutputTables;
import io.igaudit.io.StatsTables;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The run's rows for output.table-prefix's tables: what it wrote to its folder, and its history
 * row; checked against the tables before any work, appended in one publish at the end.
 */
final class TableAppends {

    private final SparkSession spark;
    private final Optional<OutputTables> tables;

    TableAppends(SparkSession spark, Optional<OutputTables> tables) {
        this.spark = spark;
        this.tables = tables;
    }

    /** Before any work: the tables that exist take this run's columns. */
    void check(StructType attributions) {
        tables.ifPresent(t -> {
            Map<OutputTables.Kind, StructType> schemas = new EnumMap<>(OutputTables.Kind.class);
            schemas.put(OutputTables.Kind.ATTRIBUTIONS, attributions);
            schemas.put(OutputTables.Kind.FEATURE_STATS, StatsTables.FEATURES.schema());
            schemas.put(OutputTables.Kind.TOKEN_STATS, StatsTables.TOKENS.schema());
            schemas.put(OutputTables.Kind.CATEGORY_STATS, StatsTables.CATEGORIES.schema());
            schemas.put(OutputTables.Kind.SLICE_STATS, StatsTables.SLICES.schema());
            schemas.put(OutputTables.Kind.SLICE_TOKEN_STATS, StatsTables.SLICE_TOKENS.schema());
            schemas.put(OutputTables.Kind.SLICE_CATEGORY_STATS, StatsTables.SLICE_CATEGORIES.schema());
            schemas.put(OutputTables.Kind.HISTORY, HistoryTable.SCHEMA);
            t.checkSchemas(schemas);
        });
    }

    /**
     * Appends the run to every table, all or none: staged first, then published.
     *
     * @return each table's snapshot holding the run's rows; empty without output.table-prefix
     */
    Map<String, Long> append(OutputLocation output, AuditedRun run) throws IOException {
        if (tables.isEmpty()) {
            return Map.of();
        }
        Map<OutputTables.Kind, Function<SparkSession, Dataset<Row>>> rows = new EnumMap<>(OutputTables.Kind.class);
        rows.put(OutputTables.Kind.ATTRIBUTIONS, folder(output, OutputLocation.ATTRIBUTIONS));
        rows.put(OutputTables.Kind.FEATURE_STATS, folder(output, OutputLocation.FEATURE_STATS));
        if (exists(output, OutputLocation.TOKEN_STATS)) {
            rows.put(OutputTables.Kind.TOKEN_STATS, folder(output, OutputLocation.TOKEN_STATS));
        }
        if (exists(output, OutputLocation.CATEGORY_STATS)) {
            rows.put(OutputTables.Kind.CATEGORY_STATS, folder(output, OutputLocation.CATEGORY_STATS));
        }
        Map<OutputTables.Kind, String> sliceFolders = Map.of(OutputTables.Kind.SLICE_STATS, OutputLocation.SLICE_STATS,
                OutputTables.Kind.SLICE_TOKEN_STATS, OutputLocation.SLICE_TOKEN_STATS,
                OutputTables.Kind.SLICE_CATEGORY_STATS, OutputLocation.SLICE_CATEGORY_STATS);
        for (Map.Entry<OutputTables.Kind, String> slice : sliceFolders.entrySet()) {
            if (exists(output, slice.getValue())) {
                rows.put(slice.getKey(), folder(output, slice.getValue()));
            }
        }
        rows.put(OutputTables.Kind.HISTORY, session -> HistoryTable.frame(session, HistoryRow.of(run)));
        LocalDate runDate = LocalDate.ofInstant(run.facts().started(), ZoneOffset.UTC);
        OutputTables.Staged staged = tables.get().stage(run.facts().runId(), runDate, rows);
        staged.publish();
        return staged.published();
    }

    private static Function<SparkSession, Dataset<Row>> folder(OutputLocation output, String name) {
        return session -> session.read().parquet(output.child(name));
    }

    private boolean exists(OutputLocation output, String name) throws IOException {
        Path path = new Path(output.child(name));
        return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path);
    }
}
