package io.igaudit.pipeline;

import io.igaudit.report.DeltaHistograms;
import io.igaudit.report.ReportModel.ClassImportance;
import io.igaudit.report.ReportModel.DeltaView;
import io.igaudit.report.ReportModel.ImageRow;
import io.igaudit.report.ReportModel.ImageView;
import io.igaudit.report.ReportModel.Importance;
import io.igaudit.report.ReportModel.MeanMap;
import io.igaudit.report.ReportModel.Swarm;
import io.igaudit.report.ReportModel.SwarmFeature;
import io.igaudit.report.ReportModel.WorstRow;
import io.igaudit.stats.DeltaRow;
import io.igaudit.stats.DeltaStats;
import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.SampledRow;
import java.util.ArrayDeque;
import io.igaudit.report.ReportModel;
import io.igaudit.xrai.XraiRegions;
import io.igaudit.xrai.XraiSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report's facts from the run's figures: importance from the rows of feature_stats
 * overall and per class, the beeswarm sample, attribution maps for image rows, and the delta
 * histogram and worst rows from the tasks' summaries.
 */
final class ReportFacts {

    /** Rows listed with the largest |delta|. */
    static final int WORST_ROWS = 10;

    private ReportFacts() {}

    /**
     * The delta figures of the run.
     *
     * @param rows rows attributed
     * @param meanAbs mean |delta|
     * @param p95Abs 95th percentile of |delta|
     * @param maxAbs largest |delta|
     * @param overTolerance rows with delta_ok = false
     */
    record DeltaSummary(long rows, double meanAbs, double p95Abs, double maxAbs, long overTolerance) {}

    /** The all-rows group, most important first. */
    static List<FeatureRow> allRows(List<FeatureRow> records) {
        return records.stream().filter(FeatureRow::allRows).sorted(Comparator.comparingInt(FeatureRow::rank)).toList();
    }

    static List<Importance> importance(List<FeatureRow> ranked) {
        return ranked.stream()
                .map(f -> new Importance(f.feature(), f.meanAbs(), f.meanAbsCi(), f.moments().mean(), f.positiveShare(), f.rank()))
                .toList();
    }

    /** One entry per class (records with a target), classes in order. */
    static List<ClassImportance> perClass(List<FeatureRow> records) {
        Map<Integer, List<FeatureRow>> byClass = new TreeMap<>();
        records.stream().filter(f -> !f.allRows()).forEach(f -> byClass.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(f));
        List<ClassImportance> classes = new ArrayList<>();
        byClass.forEach((target, features) -> {
            List<FeatureRow> ranked = features.stream().sorted(Comparator.comparingInt(FeatureRow::rank)).toList();
            classes.add(new ClassImportance(target, ranked.get(0).count(), importance(ranked)));
        });
        return classes;
    }

    /**
     * The beeswarm: the {@code features} most important features over at most {@code maxRows}
     * sampled rows.
     */
    static Swarm swarm(List<SampledRow> sample, int maxRows, List<FeatureRow> ranked, int features, long totalRows,
            Set<Integer> nominal) {
        List<SampledRow> rows = sample.subList(0, Math.min(maxRows, sample.size()));
        List<SwarmFeature> shown = new ArrayList<>();
        for (FeatureRow f : ranked.subList(0, Math.min(features, ranked.size()))) {
            float[] a = new float[rows.size()];
            float[] v = new float[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                a[r] = rows.get(r).attributions()[f.index()];
                v[r] = rows.get(r).values()[f.index()];
            }
            shown.add(new SwarmFeature(f.feature(), a, v, nominal.contains(f.index())));
        }
        return new Swarm(totalRows, shown);
    }

    /**
     * Attribution maps when rows are images (a row shape of two or more dimensions), else empty:
     * the mean |attribution| of every feature over all rows and per class, and up to
     * {@code maxRows} sampled rows spread over the targets. With XRAI's settings and outlines to
     * draw, the sampled rows' regions are found here again, from their pixels and attributions.
     */
    static Optional<ImageView> images(int[] rowShape, List<FeatureRow> records, List<SampledRow> sample,
            int maxRows, ReportModel.Gallery gallery, XraiSettings xrai) {
        if (rowShape.length < 2) {
            return Optional.empty();
        }
        List<ImageRow> rows = spreadOverTargets(sample, maxRows).stream()
                .map(r -> new ImageRow(r.ids(), r.target(), r.prediction(), r.values(), r.attributions(),
                        xrai == null || !gallery.outlines() || rowShape.length > 3 ? null
                                : XraiRegions.of(r.values(), r.attributions(), rowShape, xrai).ranks())).toList();
        return Optional.of(new ImageView(rowShape, meanMaps(records, elements(rowShape)), rows, gallery));
    }

    /** One map per group of records (all rows first, then classes in order), mean |attribution| by feature index. */
    private static List<MeanMap> meanMaps(List<FeatureRow> records, int elements) {
        Map<Integer, MeanMap> maps = new LinkedHashMap<>();
        records.stream().sorted(Comparator.comparingInt(f -> f.target() == null ? Integer.MIN_VALUE : f.target()))
                .forEach(f -> maps.computeIfAbsent(f.target(), t -> new MeanMap(t, f.count(), new double[elements]))
                        .meanAbs()[f.index()] = f.meanAbs());
        return List.copyOf(maps.values());
    }

    /**
     * Up to {@code max} rows taking turns over the targets in order, so that every target shows
     * before any shows twice; within a target the rows come in id order.
     */
    static List<SampledRow> spreadOverTargets(List<SampledRow> sample, int max) {
        Map<Integer, Deque<SampledRow>> byTarget = new TreeMap<>();
        sample.stream().sorted((a, b) -> compareIds(a.ids(), b.ids()))
                .forEach(r -> byTarget.computeIfAbsent(r.target(), t -> new ArrayDeque<>()).add(r));
        List<SampledRow> chosen = new ArrayList<>();
        while (chosen.size() < max && !byTarget.isEmpty()) {
            Iterator<Deque<SampledRow>> turns = byTarget.values().iterator();
            while (turns.hasNext() && chosen.size() < max) {
                Deque<SampledRow> rows = turns.next();
                chosen.add(rows.poll());
                if (rows.isEmpty()) {
                    turns.remove();
                }
            }
        }
        return chosen;
    }

    /** Ids column by column: numbers by value and before text, text alphabetically. */
    private static int compareIds(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Double x = number(a.get(i));
            Double y = number(b.get(i));
            int order = x != null && y != null ? Double.compare(x, y)
                    : x != null ? -1 : y != null ? 1 : a.get(i).compareTo(b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static Double number(String text) {
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static int elements(int[] rowShape) {
        int elements = 1;
        for (int dimension : rowShape) {
            elements = Math.multiplyExact(elements, dimension);
        }
        return elements;
    }

    /** The delta section: histogram of |delta| on log bins and the rows with the largest |delta|, from the tasks' summaries. */
    static DeltaView delta(DeltaStats deltas, List<String> idColumns, double tolerance, DeltaSummary summary) {
        List<WorstRow> worst = new ArrayList<>();
        for (DeltaRow row : deltas.largest()) {
            worst.add(new WorstRow(row.ids(), row.target(), row.prediction(), row.baselinePrediction(), row.delta()));
        }
        return new DeltaView(tolerance, summary.rows(), summary.overTolerance(), summary.meanAbs(), summary.p95Abs(),
                summary.maxAbs(), DeltaHistograms.of(deltas.rowsPerBin(), deltas.nanRows(), tolerance), idColumns, worst);
    }
}
