package io.igaudit.pipeline;

import io.igaudit.stats.FeatureRow;
import io.igaudit.stats.SliceSummary;
import java.util.List;

/**
 * The run's figures, from the tasks' merged states.
 *
 * @param features the rows of feature_stats: the all-rows group, then each class, by rank
 * @param ranked the all-rows group, most important first
 * @param delta the delta figures
 * @param audit the feature records with their bins, the drift against the earlier run, the thresholds' results
 * @param seconds time spent on feature_stats and the delta figures
 * @param embeddings the token and category tables of a model explained at its embedding layer (none otherwise)
 * @param slices the slices of audit.slices with their features' statistics, in slice order (empty without)
 */
record RunFigures(List<FeatureRow> features, List<FeatureRow> ranked, ReportFacts.DeltaSummary delta,
        AuditTrail.Outcome audit, double seconds, EmbeddingOutputs embeddings, List<SliceSummary> slices) {}
