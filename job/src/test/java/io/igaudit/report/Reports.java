package io.igaudit.report;

import io.igaudit.config.AuditConfig.FailOn;
import io.igaudit.history.DriftResult;
import io.igaudit.history.OutputDrift;
import io.igaudit.history.FeatureDrift;
import io.igaudit.history.RowCounts;
import io.igaudit.history.RunTags;
import io.igaudit.history.ThresholdResult;
import io.igaudit.report.ReportModel.ClassImportance;
import io.igaudit.report.ReportModel.DeltaView;
import io.igaudit.report.ReportModel.ImageRow;
import io.igaudit.report.ReportModel.ImageView;
import io.igaudit.report.ReportModel.Importance;
import io.igaudit.report.ReportModel.MeanMap;
import io.igaudit.report.ReportModel.RunInfo;
import io.igaudit.report.ReportModel.Swarm;
import io.igaudit.report.ReportModel.SwarmFeature;
import io.igaudit.report.ReportModel.WorstRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Report models made up for the report's tests: realistic sizes, fixed random numbers. */
final class Reports {

    /** Positive attributions in green over the grey image, clipped at the 70th and 99.9th percentiles. */
    static final ReportModel.Gallery GALLERY = new ReportModel.Gallery(ReportModel.Gallery.Polarity.POSITIVE, 99.9, 70, false, true,
            0.2);

    private Reports() {}

    /** Feature names f00, f01, … with one long name among them. */
    static List<String> names(int features) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            names.add(i == 3 ? "a_feature_with_a_rather_long_name_to_cut_<&>" : String.format("f%02d", i));
        }
        return names;
    }

    /** Importance falling with rank. */
    static List<Importance> importance(List<String> names, double scale) {
        List<Importance> list = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            list.add(new Importance(names.get(i), scale / (i + 1), scale / (2 * (i + 1)), 0.6, i + 1));
        }
        return list;
    }

    /**
     * A complete model.
     *
     * @param features features
     * @param sampleRows beeswarm rows
     * @param classes predicted classes (0 = not a predicted target)
     * @param withDrift include a comparison with an earlier run
     */
    static ReportModel model(int features, int sampleRows, int classes, boolean withDrift) {
        List<String> names = names(features);
        Random random = new Random(7);
        List<SwarmFeature> swarm = new ArrayList<>();
        for (int f = 0; f < Math.min(HtmlReport.SWARM_FEATURES, features); f++) {
            float[] a = new float[sampleRows];
            float[] v = new float[sampleRows];
            for (int r = 0; r < sampleRows; r++) {
                v[r] = (float) random.nextGaussian();
                a[r] = (float) (v[r] * 0.3 / (f + 1) + random.nextGaussian() * 0.02);
            }
            if (sampleRows > 0) {
                v[0] = Float.NaN;
            }
            swarm.add(new SwarmFeature(names.get(f), a, v));
        }
        List<ClassImportance> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            perClass.add(new ClassImportance(c, 100 + 50L * c, importance(names, 1.0 + c)));
        }
        Map<Integer, Long> bins = new LinkedHashMap<>();
        for (int r = 0; r < 569; r++) {
            double delta = Math.pow(10, -4 + 3.2 * random.nextDouble());
            bins.merge(DeltaHistograms.binOf(delta), 1L, Long::sum);
        }
        bins.merge(DeltaHistograms.binOf(0), 3L, Long::sum);
        List<WorstRow> worst = List.of(new WorstRow(List.of("17"), 1, 3.21, -0.5, 0.158),
                new WorstRow(List.of("4"), 0, 2.5, -0.5, -0.04));
        DeltaView delta = new DeltaView(0.05, 572, 12, 0.0165, 0.051, 0.158, DeltaHistograms.of(bins, 0, 0.05),
                List.of("id"), worst);
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("validation", 1.234);
        seconds.put("attribution", 3.2);
        seconds.put("statistics", 0.8);
        seconds.put("total", 75.0);
        RunTags tags = new RunTags("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "/data/breast_cancer.csv",
                "0123456789abcdef", Map.of("team", "risk"));
        ReportModel.MethodInfo method = new ReportModel.MethodInfo("gausslegendre", ReportModel.DeltaMeaning.QUADRATURE_ERROR, 50,
                true, "median", "predicted");
        RunInfo run = new RunInfo("0b7e2c1a-3f4d-4e5f-8a9b-0c1d2e3f4a5b", Instant.parse("2026-11-22T15:30:00Z"), "file:/tmp/out",
                "/data/models/breast_cancer_mlp.pt", tags, method, new RowCounts(575, 572, 3), seconds, 17622.4,
                Map.of("ig_audit", "0.1.0", "spark", "4.0.1"));
        List<ThresholdResult> checks = new ArrayList<>();
        Optional<DriftResult> drift = Optional.empty();
        if (withDrift) {
            List<FeatureDrift> drifts = new ArrayList<>();
            for (int i = 0; i < features; i++) {
                double before = 1.0 / (i + 1);
                double now = i == 2 ? before * 2.5 : before * (1 + 0.05 * Math.sin(i));
                drifts.add(new FeatureDrift(names.get(i), before, now, (now - before) / before, i + 1, i == 2 ? 1 : i + 1,
                        i == 2 ? 1.7 : 0.01 * i));
            }
            drift = Optional.of(new DriftResult("1111-earlier", Instant.parse("2026-11-15T15:30:00Z"),
                    new RunTags("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "/data/breast_cancer_old.csv",
                            "0123456789abcdef", Map.of("team", "risk")), "file:/tmp/old", 5,
                    names.subList(0, Math.min(5, features)), names.subList(0, Math.min(5, features)), 0.8, 0.93, Map.of(0, 0.95), drifts,
                    new OutputDrift(0.31, Double.NaN)));
            checks.add(new ThresholdResult(FailOn.TOP_K_OVERLAP_BELOW, 0.6, 0.8, ThresholdResult.Status.PASSED, "",
                    ThresholdResult.COMPARE_WITH));
            checks.add(new ThresholdResult(FailOn.MEAN_ABS_CHANGE_ABOVE, 0.5, 1.5, ThresholdResult.Status.FAILED, names.get(2),
                    ThresholdResult.COMPARE_WITH));
        }
        checks.add(new ThresholdResult(FailOn.SHARE_OVER_TOLERANCE_ABOVE, 0.01, 12.0 / 572, ThresholdResult.Status.FAILED, ""));
        return new ReportModel(run, importance(names, 0.5), perClass, new Swarm(572, swarm), Optional.empty(), delta,
                withDrift ? Optional.of("previous") : Optional.empty(), List.of("config-hash", "tags"), 5, drift, checks);
    }

    /**
     * A model whose rows are images of {@code rowShape}: {@code model(features, 50, classes, false)}
     * with feature names {@code x[i]}, mean maps for all rows and each class, and the given rows.
     */
    static ReportModel withImages(int[] rowShape, int classes, List<ImageRow> rows) {
        int elements = java.util.Arrays.stream(rowShape).reduce(1, Math::multiplyExact);
        ReportModel base = model(elements, 50, classes, false);
        List<MeanMap> maps = new ArrayList<>();
        for (int c = -1; c < classes; c++) {
            double[] meanAbs = new double[elements];
            for (int i = 0; i < elements; i++) {
                meanAbs[i] = (i % 7) * (c + 2);
            }
            maps.add(new MeanMap(c < 0 ? null : c, c < 0 ? 1000 : 100 + c, meanAbs));
        }
        return new ReportModel(base.run(), base.importance(), base.perClass(), base.swarm(),
                Optional.of(new ImageView(rowShape, maps, rows, GALLERY)), base.delta(), base.compareWith(), base.compareOn(),
                base.topK(), base.drift(), base.thresholds());
    }
}
