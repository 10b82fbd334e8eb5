package io.igaudit.io;

import io.igaudit.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The snapshots of an Iceberg input.table that a run reads: the table as of its current snapshot,
 * or with {@code input.since = last-audit} only what was appended after the snapshot the last
 * audit read. Both the checks and the attribution pass read the same snapshot.
 */
public final class TableSnapshots {

    private TableSnapshots() {}

    /**
     * What a run reads of an Iceberg table.
     *
     * @param table the table's whole name
     * @param after the snapshot read by the last audit (exclusive); empty = the whole table
     * @param afterRunId the run that read {@code after}; empty with it
     * @param upTo the snapshot read up to (inclusive): the table's current one when the run started
     * @param files data files in the range, before input.where prunes them
     * @param rowsInFiles rows in those files
     * @param skipped snapshots in the range that are not appends (overwrite, delete, replace): their
     *     changes are not audited, only appended files are
     */
    public record Range(String table, OptionalLong after, Optional<String> afterRunId, long upTo, long files, long rowsInFiles,
            List<String> skipped) {

        /** Copies the list. */
        public Range {
            skipped = List.copyOf(skipped);
        }

        /** True when nothing was committed since the last audit's snapshot. */
        public boolean nothingNew() {
            return after.isPresent() && after.getAsLong() == upTo;
        }
    }

    /**
     * The range a run reads of input.table, or empty when the table is not an Iceberg table (it
     * is then read as Spark's catalog gives it) or does not exist (reading it says so).
     *
     * @param name input.table as configured
     * @param since whether input.since = last-audit
     * @param last the snapshot the last audit of this table read, from the history
     * @throws ConfigException for input.since on a table that is not Iceberg's, or a last snapshot the table no longer has
     */
    public static Optional<Range> plan(SparkSession spark, String name, boolean since, Optional<LastRead> last) {
        List<String> qualified = IcebergTables.qualified(spark, name);
        String whole = String.join(".", qualified);
        boolean exists = spark.catalog().tableExists(String.join(".", IcebergTables.quoted(qualified)));
        if (!exists) {
            return Optional.empty();
        }
        Optional<Table> table = IcebergTables.isIcebergCatalog(spark, qualified.get(0)) ? loadIceberg(spark, qualified) : Optional.empty();
        if (table.isEmpty()) {
            if (since) {
                throw new ConfigException("input.since = last-audit needs an Iceberg table, whose snapshots tell what is new; "
                        + "input.table " + name + " (" + whole + ") is not one. Select the new rows with input.where instead");
            }
            return Optional.empty();
        }
        Snapshot current = table.get().currentSnapshot();
        if (current == null) {
            return Optional.of(new Range(whole, OptionalLong.empty(), Optional.empty(), -1, 0, 0, List.of()));
        }
        long upTo = current.snapshotId();
        Optional<LastRead> from = since ? last : Optional.empty();
        if (from.isPresent()) {
            long after = from.get().snapshotId();
            if (after == upTo) {
                return Optional.of(new Range(whole, OptionalLong.of(after), Optional.of(from.get().runId()), upTo, 0, 0, List.of()));
            }
            if (!SnapshotUtil.isAncestorOf(table.get(), upTo, after)) {
                throw new ConfigException("input.since = last-audit: snapshot " + after + " of input.table " + name + ", which run "
                        + from.get().runId() + " read on " + from.get().runTime() + ", is no longer in the table's history "
                        + "(expired, or the table was rolled back or replaced). Audit the whole table once with input.since = \"\"; "
                        + "the next audit with last-audit starts from the snapshot that run reads");
            }
            List<String> skipped = new ArrayList<>();
            for (Snapshot s : SnapshotUtil.ancestorsBetween(table.get(), upTo, after)) {
                if (!DataOperations.APPEND.equals(s.operation())) {
                    skipped.add(s.snapshotId() + " (" + s.operation() + ")");
                }
            }
            long[] counts = count(table.get().newIncrementalAppendScan().fromSnapshotExclusive(after).toSnapshot(upTo).planFiles());
            return Optional.of(new Range(whole, OptionalLong.of(after), Optional.of(from.get().runId()), upTo, counts[0], counts[1],
                    skipped));
        }
        long[] counts = count(table.get().newScan().useSnapshot(upTo).planFiles());
        return Optional.of(new Range(whole, OptionalLong.empty(), Optional.empty(), upTo, counts[0], counts[1], List.of()));
    }

    /**
     * The snapshot the last audit read, as the history keeps it.
     *
     * @param runId the run
     * @param runTime when it started
     * @param snapshotId the snapshot it read up to
     */
    public record LastRead(String runId, Instant runTime, long snapshotId) {}

    /** The rows of the range (lazy). A table without a snapshot reads as the empty table. */
    public static Dataset<Row> read(SparkSession spark, Range range) {
        if (range.upTo() < 0) {
            return spark.table(range.table());
        }
        var reader = spark.read().format("iceberg");
        if (range.after().isPresent()) {
            reader = reader.option("start-snapshot-id", range.after().getAsLong()).option("end-snapshot-id", range.upTo());
        } else {
            reader = reader.option("snapshot-id", range.upTo());
        }
        return reader.load(range.table());
    }

    private static Optional<Table> loadIceberg(SparkSession spark, List<String> qualified) {
        try {
            return IcebergTables.load(spark, qualified);
        } catch (ConfigException e) { // a Spark table in a catalog that also holds Iceberg tables
            return Optional.empty();
        }
    }

    /** Files and rows of a scan's plan. */
    private static long[] count(CloseableIterable<FileScanTask> tasks) {
        long files = 0;
        long rows = 0;
        try (tasks) {
            for (FileScanTask task : tasks) {
                files++;
                rows += task.file().recordCount();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new long[] {files, rows};
    }
}
