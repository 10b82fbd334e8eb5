package io.igaudit.io;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.igaudit.config.ConfigException;
import io.igaudit.config.SliceConfig;
import io.igaudit.config.Suggestions;
import io.igaudit.stats.SliceGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The slices of audit.slices, found on the driver before any work: each slice column's most
 * frequent values (one query per column), each condition checked against the input, and the column
 * that gives every row its slice indices for the tasks ({@link SliceGroups}).
 *
 * @param names every slice's name, index = slice: {@code column=value}, {@code column=other}, or the condition
 * @param entries per entry of audit.slices, what was found
 * @param column per row, one slice index per entry ({@link SliceGroups#NONE} where a condition does
 *     not hold), as {@code array<int>}; empty without slices
 */
public record SliceColumns(List<String> names, List<Entry> entries, Optional<Column> column) {

    /** The name of the column that carries the slice indices to the tasks. */
    public static final String COLUMN = "_ig_audit_slices";
    /** The value part of the slice that holds a column's less frequent values. */
    public static final String OTHER = "other";

    /** No slices. */
    public static final SliceColumns NONE = new SliceColumns(List.of(), List.of(), Optional.empty());

    /**
     * One entry of audit.slices.
     *
     * @param text as configured
     * @param column true for a column's values, false for a condition
     * @param distinctValues the column's distinct values (1 for a condition)
     * @param slices the indices of its slices in {@link #names}
     */
    public record Entry(String text, boolean column, long distinctValues, List<Integer> slices) {}

    /** Copies the lists. */
    public SliceColumns {
        names = List.copyOf(names);
        entries = List.copyOf(entries);
    }

    /** Slice entries per row. */
    public int perRow() {
        return entries.size();
    }

    /**
     * Finds the slices of {@code rows} (the valid input rows).
     *
     * @param source the input as messages name it
     * @throws ConfigException for a column the input lacks, a condition that does not parse or
     *     apply, or a column with more distinct values than audit.slice-max-distinct
     */
    public static SliceColumns of(Dataset<Row> rows, SliceConfig config, String source) {
        if (config.slices().isEmpty()) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<Column> indices = new ArrayList<>();
        for (SliceConfig.Slice slice : config.slices()) {
            int first = names.size();
            if (slice instanceof SliceConfig.Column column) {
                String name = resolve(rows, column.name(), source);
                Column values = col(RowValidity.quote(name));
                List<Row> frequent = rows.groupBy(values).count()
                        .orderBy(col("count").desc(), values.asc_nulls_first()).limit(config.maxDistinct() + 1).collectAsList();
                if (frequent.size() > config.maxDistinct()) {
                    long distinct = rows.select(approx_count_distinct(values)).first().getLong(0);
                    throw new ConfigException("audit.slices: column " + name + " of " + source + " has about " + distinct
                            + " distinct values, more than audit.slice-max-distinct = " + config.maxDistinct()
                            + "; slice by a column of segments, by a condition (e.g. \"" + name + " >= ...\"), "
                            + "or raise audit.slice-max-distinct");
                }
                Column index = null;
                int kept = Math.min(config.values(), frequent.size());
                for (int v = 0; v < kept; v++) {
                    Object value = frequent.get(v).get(0);
                    Column matches = value == null ? values.isNull() : values.eqNullSafe(lit(value));
                    index = index == null ? when(matches, names.size()) : index.when(matches, names.size());
                    names.add(name + "=" + value);
                }
                if (index == null) { // no valid row
                    index = lit(SliceGroups.NONE);
                } else if (frequent.size() > kept) {
                    index = index.otherwise(names.size());
                    names.add(name + "=" + OTHER);
                } else {
                    index = index.otherwise(SliceGroups.NONE);
                }
                indices.add(index);
                entries.add(new Entry(slice.text(), true, frequent.size(), range(first, names.size())));
            } else {
                SliceConfig.Predicate predicate = (SliceConfig.Predicate) slice;
                Column condition;
                try {
                    condition = expr(predicate.condition());
                    rows.select(condition.cast("boolean")).schema(); // parses and resolves it, no job
                } catch (Exception e) { // AnalysisException is checked but thrown undeclared from Scala
                    throw new ConfigException("audit.slices: \"" + predicate.condition() + "\" " + RowFilter.problem(e, rows, source), e);
                }
                indices.add(when(condition.cast("boolean"), names.size()).otherwise(SliceGroups.NONE));
                names.add(predicate.condition());
                entries.add(new Entry(slice.text(), false, 1, List.of(first)));
            }
        }
        return new SliceColumns(names, entries, Optional.of(array(indices.toArray(Column[]::new)).as(COLUMN)));
    }

    /** The input's column named {@code wanted} (exactly, else ignoring case). */
    private static String resolve(Dataset<Row> rows, String wanted, String source) {
        List<String> columns = InputReader.visibleColumns(rows);
        if (columns.contains(wanted)) {
            return wanted;
        }
        Optional<String> folded = columns.stream().filter(c -> c.equalsIgnoreCase(wanted)).findFirst();
        if (folded.isPresent()) {
            return folded.get();
        }
        throw new ConfigException("audit.slices names a column " + wanted + " that " + source + " does not have"
                + Suggestions.didYouMean(wanted, columns) + "; its columns: " + String.join(", ", columns));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> indices = new ArrayList<>();
        for (int i = from; i < to; i++) {
            indices.add(i);
        }
        return indices;
    }
}
