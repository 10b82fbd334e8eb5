package io.igaudit.history;

import io.igaudit.stats.FeatureRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs and features made up for the history tests. */
final class Histories {

    private Histories() {}

    static RunTags tags(String dataset, Map<String, String> userTags) {
        return new RunTags("sha-1", dataset, "hash-1", userTags);
    }

    /** An all-rows feature record with the given mean |attribution|, rank and bins. */
    static FeatureRecord feature(String name, int index, double meanAbs, int rank, Bins bins) {
        return new FeatureRecord(new FeatureRow(name, index, null, 100, new FeatureRow.Moments(meanAbs / 2, meanAbs, 0.1),
                new FeatureRow.Quantiles(-1, 1, -0.5, -0.2, 0, 0.2, 0.5), 0.6, 0.1, rank), bins);
    }

    /** Features named by {@code names}, mean |attribution| {@code meanAbs}, ranked by it. */
    static List<FeatureRecord> features(List<String> names, double[] meanAbs) {
        List<FeatureRecord> list = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int rank = 1;
            for (double other : meanAbs) {
                rank += other > meanAbs[i] ? 1 : 0;
            }
            list.add(feature(names.get(i), i, meanAbs[i], rank, new Bins(new double[] {-0.1, 0, 0.1},
                    new double[] {0.25, 0.25, 0.25, 0.25})));
        }
        return list;
    }

    /** The rows of feature_stats of {@link #features}. */
    static List<FeatureRow> rows(List<String> names, double[] meanAbs) {
        return features(names, meanAbs).stream().map(FeatureRecord::stats).toList();
    }

    static RunRecord run(String id, Instant time, RunTags tags, List<FeatureRecord> features) {
        return new RunRecord(id, time, tags, "file:/out/" + id, new RowCounts(100, 98, 2),
                new RunRecord.Delta(0.01, 0.03, 0.2, 0.05, 3), 1234.5,
                new RunRecord.Settings("gausslegendre", 50, "predicted", "median"), features, List.of(),
                java.util.OptionalLong.empty(), List.of(), Bins.EMPTY);
    }
}
