package io.igaudit.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one categorical column's category frequencies moved between two runs: the L∞ distance of
 * their shares, the largest change of one category's share of the rows (a category in one run only
 * has share 0 in the other).
 *
 * @param column the categorical column
 * @param linf max over categories of |share now − share before|
 * @param code the category with that change
 * @param shareBefore its share of the earlier run's rows
 * @param shareNow its share of this run's rows
 */
public record CategoryShift(String column, double linf, long code, double shareBefore, double shareNow) {

    /**
     * One category's share of a run's rows, as the history keeps it.
     *
     * @param column the categorical column
     * @param code the category code
     * @param share its rows over the run's rows
     */
    public record Share(String column, long code, double share) {}

    /** Per column of both runs, in this run's order, the L∞ distance of the shares. */
    public static List<CategoryShift> compare(List<Share> before, List<Share> now) {
        Map<String, Map<Long, Double>> earlier = byColumn(before);
        List<CategoryShift> shifts = new ArrayList<>();
        byColumn(now).forEach((column, shares) -> {
            Map<Long, Double> old = earlier.get(column);
            if (old == null) {
                return;
            }
            TreeMap<Long, Double> codes = new TreeMap<>(old);
            shares.forEach(codes::putIfAbsent);
            CategoryShift largest = null;
            for (Long code : codes.keySet()) {
                double b = old.getOrDefault(code, 0.0);
                double n = shares.getOrDefault(code, 0.0);
                if (largest == null || Math.abs(n - b) > largest.linf()) {
                    largest = new CategoryShift(column, Math.abs(n - b), code, b, n);
                }
            }
            shifts.add(largest);
        });
        return shifts;
    }

    private static Map<String, Map<Long, Double>> byColumn(List<Share> shares) {
        Map<String, Map<Long, Double>> columns = new LinkedHashMap<>();
        shares.forEach(s -> columns.computeIfAbsent(s.column(), c -> new LinkedHashMap<>()).merge(s.code(), s.share(), Double::sum));
        return columns;
    }
}
