package io.igaudit.history;

import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.SliceSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One slice (audit.slices) compared with the same slice of an earlier run: the NDCG of its ranking
 * against the earlier slice's mean |attribution|, its top-k overlap, and the feature whose mean
 * |attribution| changed most.
 *
 * @param slice the slice's name
 * @param rowsBefore its rows in the earlier run (0: not there)
 * @param rowsNow its rows in this run (0: not there)
 * @param ndcg NDCG of this run's ranking in the slice ({@link Ndcg}); NaN unless in both
 * @param topKOverlap the share of the slice's top k features that were in the earlier slice's top k; NaN unless in both
 * @param largestChangeFeature the feature whose mean |attribution| changed most, relative to before; empty unless in both
 * @param largestChange that relative change, signed; NaN unless in both
 * @param checked whether the slice has at least audit.slice-min-rows rows in both runs, so that audit.fail-on applies
 */
public record SliceDrift(String slice, long rowsBefore, long rowsNow, double ndcg, double topKOverlap,
        String largestChangeFeature, double largestChange, boolean checked) {

    /** Whether the slice is in both runs. */
    public boolean inBoth() {
        return rowsBefore > 0 && rowsNow > 0;
    }

    /**
     * Every slice of either run, this run's first (in its order), then the earlier run's that this one lacks.
     *
     * @param before the earlier run's slices
     * @param now this run's slices
     * @param topK k of the top-k overlap
     * @param minRows rows a slice needs in both runs to be checked
     */
    public static List<SliceDrift> compare(List<SliceSummary> before, List<SliceSummary> now, int topK, long minRows) {
        Map<String, SliceSummary> earlier = new HashMap<>();
        before.forEach(s -> earlier.put(s.slice(), s));
        List<SliceDrift> drift = new ArrayList<>();
        for (SliceSummary slice : now) {
            SliceSummary old = earlier.remove(slice.slice());
            drift.add(old == null ? new SliceDrift(slice.slice(), 0, slice.rows(), Double.NaN, Double.NaN, "", Double.NaN, false)
                    : of(old, slice, topK, minRows));
        }
        before.stream().filter(s -> earlier.containsKey(s.slice()))
                .forEach(s -> drift.add(new SliceDrift(s.slice(), s.rows(), 0, Double.NaN, Double.NaN, "", Double.NaN, false)));
        return drift;
    }

    private static SliceDrift of(SliceSummary before, SliceSummary now, int topK, long minRows) {
        Map<String, Double> meanAbsBefore = new HashMap<>();
        before.features().forEach(f -> meanAbsBefore.put(f.feature(), f.meanAbs()));
        List<String> ranking = now.features().stream().map(FeatureRow::feature).toList();
        int k = Math.min(topK, Math.min(before.features().size(), now.features().size()));
        Set<String> topBefore = new HashSet<>(before.top(k));
        long shared = now.top(k).stream().filter(topBefore::contains).count();
        String largest = "";
        double change = Double.NaN;
        for (FeatureRow f : now.features()) {
            Double old = meanAbsBefore.get(f.feature());
            double relative = old == null ? Double.NaN : Drift.relativeChange(old, f.meanAbs());
            if (!Double.isNaN(relative) && (Double.isNaN(change) || Math.abs(relative) > Math.abs(change))) {
                largest = f.feature();
                change = relative;
            }
        }
        return new SliceDrift(now.slice(), before.rows(), now.rows(), Ndcg.of(ranking, meanAbsBefore),
                k == 0 ? Double.NaN : (double) shared / k, largest, change, before.rows() >= minRows && now.rows() >= minRows);
    }
}
