package io.igaudit.pipeline;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.when;

import io.igaudit.history.FeatureRecord;
import io.igaudit.io.OutputSchemas;
import io.igaudit.io.RowValidity;
import io.igaudit.report.DeltaHistograms;
import io.igaudit.report.ReportModel.ClassImportance;
import io.igaudit.report.ReportModel.DeltaView;
import io.igaudit.report.ReportModel.Importance;
import io.igaudit.report.ReportModel.Swarm;
import io.igaudit.report.ReportModel.SwarmFeature;
import io.igaudit.report.ReportModel.WorstRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's facts from the run's outputs: per-feature records from feature_stats, importance
 * overall and per class, the beeswarm sample, and the delta histogram and worst rows (two small
 * scans of the delta column).
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

    /** feature_stats rows as history records (no bins yet): the all-rows group, then each class, by rank. */
    static List<FeatureRecord> featureRecords(List<Row> stats) {
        List<FeatureRecord> records = new ArrayList<>();
        for (Row r : stats) {
            records.add(new FeatureRecord(r.getAs("feature"), r.<Integer>getAs("index"), r.getAs(OutputSchemas.TARGET),
                    r.<Long>getAs("count"), d(r, "mean"), d(r, "mean_abs"), d(r, "std"), d(r, "min"), d(r, "max"), d(r, "p05"),
                    d(r, "p25"), d(r, "p50"), d(r, "p75"), d(r, "p95"), d(r, "positive_share"), d(r, "share_of_total_abs"),
                    r.<Integer>getAs("rank"), null));
        }
        records.sort(Comparator.<FeatureRecord>comparingInt(f -> f.target() == null ? Integer.MIN_VALUE : f.target())
                .thenComparingInt(FeatureRecord::rank));
        return records;
    }

    /** The all-rows group, most important first. */
    static List<FeatureRecord> allRows(List<FeatureRecord> records) {
        return records.stream().filter(FeatureRecord::allRows).sorted(Comparator.comparingInt(FeatureRecord::rank)).toList();
    }

    static List<Importance> importance(List<FeatureRecord> ranked) {
        return ranked.stream().map(f -> new Importance(f.feature(), f.meanAbs(), f.mean(), f.positiveShare(), f.rank())).toList();
    }

    /** One entry per class (records with a target), classes in order. */
    static List<ClassImportance> perClass(List<FeatureRecord> records) {
        Map<Integer, List<FeatureRecord>> byClass = new TreeMap<>();
        records.stream().filter(f -> !f.allRows()).forEach(f -> byClass.computeIfAbsent(f.target(), k -> new ArrayList<>()).add(f));
        List<ClassImportance> classes = new ArrayList<>();
        byClass.forEach((target, features) -> {
            List<FeatureRecord> ranked = features.stream().sorted(Comparator.comparingInt(FeatureRecord::rank)).toList();
            classes.add(new ClassImportance(target, ranked.get(0).count(), importance(ranked)));
        });
        return classes;
    }

    /**
     * The beeswarm: the {@code features} most important features over at most {@code maxRows}
     * sampled rows.
     */
    static Swarm swarm(List<SampleTap.SampledRow> sample, int maxRows, List<FeatureRecord> ranked, int features, long totalRows) {
        List<SampleTap.SampledRow> rows = sample.subList(0, Math.min(maxRows, sample.size()));
        List<SwarmFeature> shown = new ArrayList<>();
        for (FeatureRecord f : ranked.subList(0, Math.min(features, ranked.size()))) {
            float[] a = new float[rows.size()];
            float[] v = new float[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                a[r] = rows.get(r).attributions()[f.index()];
                v[r] = rows.get(r).values()[f.index()];
            }
            shown.add(new SwarmFeature(f.feature(), a, v));
        }
        return new Swarm(totalRows, shown);
    }

    /** The delta section: histogram of |delta| on log bins and the rows with the largest |delta|. */
    static DeltaView delta(Dataset<Row> written, List<String> idColumns, double tolerance, DeltaSummary summary) {
        Column delta = col(OutputSchemas.DELTA);
        Column bin = when(isnan(delta), lit(null).cast("int"))
                .otherwise(floor(log10(greatest(abs(delta).cast("double"), lit(1e-30))).multiply(DeltaHistograms.PER_DECADE))
                        .cast("int"));
        Map<Integer, Long> counts = new HashMap<>();
        long nanRows = 0;
        for (Row row : written.select(bin.as("bin")).groupBy("bin").count().collectAsList()) {
            if (row.isNullAt(0)) {
                nanRows = row.getLong(1);
            } else {
                counts.put(row.getInt(0), row.getLong(1));
            }
        }
        List<Column> shown = new ArrayList<>();
        idColumns.forEach(id -> shown.add(col(RowValidity.quote(id))));
        shown.add(col(OutputSchemas.TARGET));
        shown.add(col(OutputSchemas.PREDICTION));
        shown.add(col(OutputSchemas.BASELINE_PREDICTION));
        shown.add(delta);
        List<WorstRow> worst = new ArrayList<>();
        int ids = idColumns.size();
        for (Row row : written.orderBy(abs(delta).desc()).limit(WORST_ROWS).select(shown.toArray(Column[]::new)).collectAsList()) {
            List<String> idValues = new ArrayList<>();
            for (int i = 0; i < ids; i++) {
                idValues.add(String.valueOf(row.get(i)));
            }
            worst.add(new WorstRow(idValues, row.getInt(ids), row.getFloat(ids + 1), row.getFloat(ids + 2), row.getFloat(ids + 3)));
        }
        return new DeltaView(tolerance, summary.rows(), summary.overTolerance(), summary.meanAbs(), summary.p95Abs(),
                summary.maxAbs(), DeltaHistograms.of(counts, nanRows, tolerance), idColumns, worst);
    }

    private static double d(Row row, String name) {
        Object value = row.getAs(name);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }
}
