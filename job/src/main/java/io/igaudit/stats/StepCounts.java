package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows per step count (few distinct counts: the configured steps, or the powers of two of
 * adaptive steps), from which every figure of the steps' distribution follows exactly.
 */
public final class StepCounts implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final TreeMap<Integer, Long> rowsBySteps = new TreeMap<>();

    void add(int steps) {
        rowsBySteps.merge(steps, 1L, Long::sum);
    }

    void merge(StepCounts other) {
        other.rowsBySteps.forEach((steps, rows) -> rowsBySteps.merge(steps, rows, Long::sum));
    }

    /** Rows per step count, ascending. */
    public Map<Integer, Long> rowsBySteps() {
        return new TreeMap<>(rowsBySteps);
    }

    /** Mean steps per row, 0 without rows. */
    public double mean() {
        long rows = 0;
        double total = 0;
        for (Map.Entry<Integer, Long> e : rowsBySteps.entrySet()) {
            rows += e.getValue();
            total += (double) e.getKey() * e.getValue();
        }
        return rows == 0 ? 0 : total / rows;
    }

    /** The smallest step count such that at least {@code rank} (0..1) of the rows have at most that many; 0 without rows. */
    public int quantile(double rank) {
        long rows = rowsBySteps.values().stream().mapToLong(Long::longValue).sum();
        long needed = Math.max(1, (long) Math.ceil(rank * rows));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : rowsBySteps.entrySet()) {
            seen += e.getValue();
            if (seen >= needed) {
                return e.getKey();
            }
        }
        return 0;
    }

    /** Fewest steps of a row, 0 without rows. */
    public int min() {
        return rowsBySteps.isEmpty() ? 0 : rowsBySteps.firstKey();
    }

    /** Most steps of a row, 0 without rows. */
    public int max() {
        return rowsBySteps.isEmpty() ? 0 : rowsBySteps.lastKey();
    }
}
