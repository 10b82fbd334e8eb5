package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attributions per (categorical column, category code), over all rows and per target, as a
 * mergeable state: each task summarises its rows, the driver merges the tasks' states. Exact: one
 * set of moments per code seen, so memory grows with the codes in use, which an embedding's size
 * bounds. NaN attributions are left out and counted apart. A plain serialisable value;
 * {@link #merge} leaves its argument unchanged.
 */
public final class CategoryStats implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> columns;
    private final int[] attributionIndex;
    private final boolean perClass;
    private final List<HashMap<Long, GroupedMoments>> codes = new ArrayList<>();
    private long rows;
    private final TreeMap<Integer, Long> rowsPerTarget = new TreeMap<>();
    private long nanValues;

    /**
     * An empty state.
     *
     * @param columns the categorical columns, in the order of the batches' codes
     * @param attributionIndex each column's position in the attributions
     * @param perClass also one group of rows per target
     */
    public CategoryStats(List<String> columns, int[] attributionIndex, boolean perClass) {
        if (columns.size() != attributionIndex.length) {
            throw new IllegalArgumentException(columns.size() + " columns but " + attributionIndex.length + " positions");
        }
        this.columns = List.copyOf(columns);
        this.attributionIndex = attributionIndex.clone();
        this.perClass = perClass;
        for (int c = 0; c < columns.size(); c++) {
            codes.add(new HashMap<>());
        }
    }

    /** Adds a batch of attributed rows. */
    public void add(CategoryBatch batch) {
        int width = columns.size();
        if (batch.rows() > 0 && batch.codes().length != batch.rows() / batch.perRow() * width) {
            throw new IllegalArgumentException(batch.codes().length + " codes for " + batch.rows() / batch.perRow()
                    + " rows of " + width + " categorical columns");
        }
        for (int r = 0; r < batch.rows(); r++) {
            addRow(batch, r);
        }
    }

    /** Adds output row {@code r} of a batch alone (a slice's rows). */
    public void addRow(CategoryBatch batch, int r) {
        int width = columns.size();
        rows++;
        int target = batch.targets()[r];
        if (perClass) {
            rowsPerTarget.merge(target, 1L, Long::sum);
        }
        int first = r / batch.perRow() * width;
        for (int c = 0; c < width; c++) {
            float x = batch.attributions()[r * batch.width() + attributionIndex[c]];
            if (Float.isNaN(x)) {
                nanValues++;
                continue;
            }
            codes.get(c).computeIfAbsent(batch.codes()[first + c], k -> new GroupedMoments()).add(x, true, target, perClass);
        }
    }

    /**
     * Adds every row of {@code other} (rows other than this state's, same columns and grouping),
     * leaving {@code other} unchanged.
     *
     * @return this state
     */
    public CategoryStats merge(CategoryStats other) {
        if (!other.columns.equals(columns) || other.perClass != perClass) {
            throw new IllegalArgumentException("category statistics of other columns or grouping cannot be merged");
        }
        for (int c = 0; c < columns.size(); c++) {
            HashMap<Long, GroupedMoments> own = codes.get(c);
            other.codes.get(c).forEach((code, moments) -> own.computeIfAbsent(code, k -> new GroupedMoments()).merge(moments));
        }
        rows += other.rows;
        other.rowsPerTarget.forEach((target, n) -> rowsPerTarget.merge(target, n, Long::sum));
        nanValues += other.nanValues;
        return this;
    }

    /**
     * The table: per column (in order), the all-rows group and then each target's (per class),
     * each with its categories by rank of mean |attribution|.
     *
     * @param names per column, the name of each code (list index = code); columns or codes it lacks
     *     get no name
     */
    public List<CategoryRow> table(Map<String, List<String>> names) {
        List<CategoryRow> table = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        groups.add(null);
        if (perClass) {
            groups.addAll(rowsPerTarget.keySet());
        }
        for (int c = 0; c < columns.size(); c++) {
            List<String> columnNames = names.getOrDefault(columns.get(c), List.of());
            for (Integer target : groups) {
                long groupRows = target == null ? rows : rowsPerTarget.get(target);
                List<Map.Entry<Long, GroupedMoments>> present = codes.get(c).entrySet().stream()
                        .filter(e -> e.getValue().group(target) != null)
                        .sorted(Comparator.comparingDouble((Map.Entry<Long, GroupedMoments> e) -> e.getValue().group(target).meanAbs())
                                .reversed().thenComparingLong(Map.Entry::getKey))
                        .toList();
                for (int i = 0; i < present.size(); i++) {
                    long code = present.get(i).getKey();
                    ValueMoments m = present.get(i).getValue().group(target);
                    String name = code >= 0 && code < columnNames.size() ? columnNames.get((int) code) : null;
                    table.add(new CategoryRow(columns.get(c), attributionIndex[c], code, name, target, m.count(),
                            (double) m.count() / groupRows, m.mean(), m.meanAbs(), m.std(), m.positiveShare(), i + 1));
                }
            }
        }
        return table;
    }

    /** Output rows summarised. */
    public long rows() {
        return rows;
    }

    /** Attributions of categorical columns that were NaN, left out of the table. */
    public long nanValues() {
        return nanValues;
    }
}
