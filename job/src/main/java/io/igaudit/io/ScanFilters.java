package io.igaudit.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What Spark's plan pushes of input.where into the input's scans, read from the physical plan.
 *
 * @param partitionFilters predicates on partition columns: whole partitions are skipped
 * @param dataFilters predicates on data columns handed to the file reader
 * @param pushedFilters the filters the file reader takes (row groups and stripes skipped where
 *     the format keeps statistics), as Spark shows them
 * @param tableScans for a table of a catalog that plans its own scans (Iceberg, say), each scan as
 *     its source describes it, with the filters it took
 */
public record ScanFilters(List<String> partitionFilters, List<String> dataFilters, List<String> pushedFilters,
        List<String> tableScans) {

    /** Nothing pushed: no input.where. */
    public static final ScanFilters NONE = new ScanFilters(List.of(), List.of(), List.of(), List.of());

    /** Copies the lists. */
    public ScanFilters {
        partitionFilters = List.copyOf(partitionFilters);
        dataFilters = List.copyOf(dataFilters);
        pushedFilters = List.copyOf(pushedFilters);
        tableScans = List.copyOf(tableScans);
    }

    /** The filters of every scan of {@code frame}'s plan (planning only; nothing is read). */
    public static ScanFilters of(Dataset<Row> frame) {
        List<String> partition = new ArrayList<>();
        List<String> data = new ArrayList<>();
        List<String> pushed = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        SparkPlan plan = frame.queryExecution().sparkPlan();
        for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
            if (leaf instanceof FileSourceScanExec files) {
                CollectionConverters.asJava(files.partitionFilters()).forEach(e -> partition.add(sql(e)));
                CollectionConverters.asJava(files.dataFilters()).forEach(e -> data.add(sql(e)));
                files.metadata().get("PushedFilters").foreach(filters -> pushed.add(filters));
            } else if (leaf instanceof BatchScanExec batch) {
                tables.add(batch.scan().description());
            }
        }
        return new ScanFilters(partition, data, pushed, tables);
    }

    private static String sql(Expression expression) {
        return expression.sql();
    }
}
