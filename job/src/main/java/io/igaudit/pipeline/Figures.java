package io.igaudit.pipeline;

import io.igaudit.config.SampleSpec;
import io.igaudit.config.TargetSpec;
import io.igaudit.io.OutputLocation;
import io.igaudit.io.StatsTables;
import io.igaudit.stats.DeltaStats;
import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.FeatureStats;
import io.igaudit.stats.PartitionStats;
import io.igaudit.stats.SliceSummary;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The third stage: the run's figures from the tasks' merged states, never from a second read of
 * the written rows. Writes the per-group tables ({@code feature_stats/}), checks that every row
 * was counted once, then bins, drift against the earlier run ({@code drift/}) and the checks.
 */
final class Figures {

    private static final Logger LOG = LoggerFactory.getLogger(Figures.class);

    private final SparkSession spark;
    private final AuditTrail trail;
    private final SampleSpec sample;

    /** @param sample the rows' sample: below fraction 1, every mean |attribution| gets its confidence interval */
    Figures(SparkSession spark, AuditTrail trail, SampleSpec sample) {
        this.spark = spark;
        this.trail = trail;
        this.sample = sample;
    }

    /** Writes feature_stats/ (and drift/ when compared with an earlier run); the figures. */
    RunFigures run(OutputLocation output, CheckedInput checked, Attributed attributed) throws IOException {
        long start = System.nanoTime();
        PartitionStats merged = attributed.stats();
        List<FeatureRow> rows = FeatureStats.rows(merged, checked.layout().names()).stream()
                .map(row -> row.withSampleFraction(sample.fraction())).toList();
        spark.createDataFrame(StatsTables.FEATURES.rows(rows), StatsTables.FEATURES.schema()).coalesce(1).write()
                .parquet(output.child(OutputLocation.FEATURE_STATS));
        List<FeatureRow> features = rows.stream()
                .sorted(Comparator.<FeatureRow>comparingInt(f -> f.target() == null ? Integer.MIN_VALUE : f.target())
                        .thenComparingInt(FeatureRow::rank))
                .toList();
        List<SliceSummary> slices = SliceSummary.of(merged.slices(), checked.slices().names(), checked.layout().names()).stream()
                .map(slice -> slice.withSampleFraction(sample.fraction())).toList();
        if (!checked.slices().names().isEmpty()) {
            spark.createDataFrame(StatsTables.SLICES.rows(SliceSummary.rows(slices)), StatsTables.SLICES.schema()).coalesce(1)
                    .write().parquet(output.child(OutputLocation.SLICE_STATS));
        }
        ReportFacts.DeltaSummary delta = deltaSummary(merged.delta());
        requireEveryRowOnce(checked, attributed.rejected(), delta);
        EmbeddingOutputs embeddings = embeddingOutputs(output, checked, merged);
        double seconds = (System.nanoTime() - start) / 1e9;

        AuditTrail.Outcome audit = trail.evaluate(merged, features, slices, embeddings.categoryShares(), checked.earlier(),
                checked.reference(), embeddings.tokenTable(),
                embeddings.minOccurrences(), delta, checked.targets().configured() instanceof TargetSpec.Predicted);
        if (audit.drift().isPresent()) {
            trail.writeDrift(output, audit.drift().get(), audit.thresholds());
        }
        return new RunFigures(features, ReportFacts.allRows(features), delta, audit, seconds, embeddings, slices);
    }

    /** token_stats/ and category_stats/ from the tasks' merged states (a model explained at its embedding layer). */
    private EmbeddingOutputs embeddingOutputs(OutputLocation output, CheckedInput checked, PartitionStats merged) {
        EmbeddingOutputs embeddings = EmbeddingOutputs.of(checked.layer(), merged, sample, checked.slices().names());
        embeddings.write(spark, output);
        RunDocument.TokenTable tokens = embeddings.runJsonSection();
        if (tokens != null) {
            LOG.info("token_stats: {} tokens kept, error bound {}", tokens.tokens(), tokens.errorBound());
        }
        return embeddings;
    }

    private static ReportFacts.DeltaSummary deltaSummary(DeltaStats deltas) {
        return new ReportFacts.DeltaSummary(deltas.rows(), deltas.meanAbs(), deltas.absQuantile(0.95), deltas.maxAbs(),
                deltas.overTolerance());
    }

    /** Every input row attributed once per target or rejected: a retried task must not count twice. */
    private static void requireEveryRowOnce(CheckedInput checked, long rejected, ReportFacts.DeltaSummary delta) {
        int perRow = checked.targets().perRow();
        if (delta.rows() % perRow != 0 || delta.rows() / perRow + rejected != checked.profile().rows()) {
            throw new IllegalStateException("row count mismatch: " + checked.profile().rows() + " rows in, " + delta.rows()
                    + " attribution rows for " + perRow + " target(s) per row, " + rejected + " rejected");
        }
    }
}
