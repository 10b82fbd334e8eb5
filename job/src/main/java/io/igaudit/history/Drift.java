package io.igaudit.history;

import io.igaudit.stats.FeatureRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares this run's per-feature attribution statistics with an earlier run's: relative change
 * of mean |attribution|, rank changes, top-k overlap, and the population stability index (PSI) of
 * each feature's attributions on the earlier run's decile bins. Features are matched by name.
 */
public final class Drift {

    /**
     * Shares below this count as this in PSI, so that an empty bin gives a large but finite
     * value (a common convention; with 10 bins the PSI of a bin that lost all of its 10 % is
     * then about 0.8).
     */
    public static final double PSI_FLOOR = 1e-4;

    private Drift() {}

    /**
     * The comparison.
     *
     * @param earlier the earlier run
     * @param now this run's features (the all-rows group is compared; per-class groups give NDCG per class)
     * @param countsInEarlierBins per feature name, this run's rows in each of the earlier run's bins
     * @param topK k of the top-k overlap
     */
    public static DriftResult compare(RunRecord earlier, List<FeatureRow> now, Map<String, long[]> countsInEarlierBins,
            int topK) {
        Map<String, FeatureRecord> before = new LinkedHashMap<>();
        earlier.allRowsFeatures().forEach(f -> before.put(f.stats().feature(), f));
        Map<String, FeatureRow> current = new LinkedHashMap<>();
        now.stream().filter(FeatureRow::allRows).forEach(f -> current.put(f.feature(), f));
        int k = Math.max(1, Math.min(topK, Math.min(before.size(), current.size())));
        List<String> topBefore = top(before.values().stream().map(FeatureRecord::stats).toList(), k);
        List<String> topNow = top(current.values(), k);

        List<FeatureDrift> features = new ArrayList<>();
        current.values().stream().sorted(Comparator.comparingInt(FeatureRow::rank)).forEach(f -> {
            FeatureRecord b = before.get(f.feature());
            long[] counts = countsInEarlierBins.get(f.feature());
            double psi = b == null || b.bins().isEmpty() || counts == null ? Double.NaN : psi(b.bins().shares(), counts);
            features.add(new FeatureDrift(f.feature(), b == null ? Double.NaN : b.stats().meanAbs(), f.meanAbs(),
                    b == null ? Double.NaN : relativeChange(b.stats().meanAbs(), f.meanAbs()), b == null ? 0 : b.stats().rank(),
                    f.rank(), psi));
        });
        before.values().stream().map(FeatureRecord::stats).filter(b -> !current.containsKey(b.feature()))
                .sorted(Comparator.comparingInt(FeatureRow::rank))
                .forEach(b -> features.add(new FeatureDrift(b.feature(), b.meanAbs(), Double.NaN, Double.NaN, b.rank(), 0,
                        Double.NaN)));
        return result(earlier, k, topBefore, topNow, features, ndcgPerClass(earlier, now));
    }

    /** Per target that both runs summarise per class: NDCG of this run's ranking against the earlier run's values. */
    private static Map<Integer, Double> ndcgPerClass(RunRecord earlier, List<FeatureRow> now) {
        Map<Integer, Map<String, Double>> before = new HashMap<>();
        earlier.features().stream().filter(f -> !f.allRows())
                .forEach(f -> before.computeIfAbsent(f.stats().target(), t -> new HashMap<>()).put(f.stats().feature(), f.stats().meanAbs()));
        Map<Integer, List<FeatureRow>> current = new TreeMap<>();
        now.stream().filter(f -> !f.allRows()).forEach(f -> current.computeIfAbsent(f.target(), t -> new ArrayList<>()).add(f));
        Map<Integer, Double> ndcg = new TreeMap<>();
        current.forEach((target, rows) -> {
            if (before.containsKey(target)) {
                List<String> ranking = rows.stream().sorted(Comparator.comparingInt(FeatureRow::rank)).map(FeatureRow::feature).toList();
                ndcg.put(target, Ndcg.of(ranking, before.get(target)));
            }
        });
        return ndcg;
    }

    /** The comparison with {@code earlier}, from both runs' top k and the compared features. */
    static DriftResult result(RunRecord earlier, int k, List<String> topBefore, List<String> topNow, List<FeatureDrift> features,
            Map<Integer, Double> ndcgPerClass) {
        Set<String> common = new HashSet<>(topBefore);
        common.retainAll(topNow);
        return new DriftResult(earlier.runId(), earlier.runTime(), earlier.tags(), earlier.outputPath(), k, topBefore, topNow,
                (double) common.size() / k, ndcg(features), ndcgPerClass, features, OutputDrift.NONE);
    }

    /** NDCG of this run's ranking (the features it has, by their rank now) against the earlier run's mean |attribution|. */
    private static double ndcg(List<FeatureDrift> features) {
        List<String> ranking = features.stream().filter(f -> f.rankNow() > 0)
                .sorted(Comparator.comparingInt(FeatureDrift::rankNow)).map(FeatureDrift::feature).toList();
        Map<String, Double> reference = new HashMap<>();
        features.stream().filter(f -> f.rankBefore() > 0).forEach(f -> reference.put(f.feature(), f.meanAbsBefore()));
        return Ndcg.of(ranking, reference);
    }

    /** (now − before) / before; 0 when both are 0; +∞ when only before is 0. */
    public static double relativeChange(double before, double now) {
        if (before == 0) {
            return now == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (now - before) / before;
    }

    /**
     * The Jensen–Shannon divergence of two distributions over the same bins, in bits (0 for the
     * same shares, at most 1 for disjoint ones): the mean of each one's Kullback–Leibler
     * divergence from their average. Unlike PSI it needs no floor for an empty bin.
     */
    public static double jensenShannon(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("Jensen–Shannon needs the same bins: " + p.length + " and " + q.length);
        }
        double sumP = Arrays.stream(p).sum();
        double sumQ = Arrays.stream(q).sum();
        if (sumP <= 0 || sumQ <= 0) {
            return Double.NaN;
        }
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sumP;
            double b = q[i] / sumQ;
            double m = (a + b) / 2;
            divergence += (a > 0 ? a * Math.log(a / m) : 0) + (b > 0 ? b * Math.log(b / m) : 0);
        }
        return divergence / 2 / Math.log(2);
    }

    /** Shares given as counts of this many rows (far finer than {@link #PSI_FLOOR}). */
    private static final double SHARE_SCALE = 1e6;

    /** The PSI of actual shares (a sketch's, summing to 1) against expected ones; see {@link #psi}. */
    public static double psiOfShares(double[] expectedShares, double[] actualShares) {
        return psi(expectedShares, countsOfShares(actualShares));
    }

    /** Shares (a sketch's) as counts of rows per bin, as {@link #psi} and {@link #compare} take them. */
    public static long[] countsOfShares(double[] shares) {
        long[] counts = new long[shares.length];
        for (int i = 0; i < shares.length; i++) {
            counts[i] = Math.round(shares[i] * SHARE_SCALE);
        }
        return counts;
    }

    /**
     * PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over the bins, with e the expected (earlier) shares and a the
     * actual shares from {@code actualCounts}; shares below {@link #PSI_FLOOR} count as the floor.
     */
    public static double psi(double[] expectedShares, long[] actualCounts) {
        if (expectedShares.length != actualCounts.length) {
            throw new IllegalArgumentException("PSI needs the same bins: " + expectedShares.length + " expected shares, "
                    + actualCounts.length + " counts");
        }
        long total = 0;
        for (long c : actualCounts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < actualCounts.length; i++) {
            double e = Math.max(expectedShares[i], PSI_FLOOR);
            double a = Math.max((double) actualCounts[i] / total, PSI_FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    private static List<String> top(java.util.Collection<FeatureRow> features, int k) {
        return features.stream().sorted(Comparator.comparingInt(FeatureRow::rank)).limit(k).map(FeatureRow::feature).toList();
    }
}
