package io.igaudit.pipeline;

import io.igaudit.history.CheckResult;
import io.igaudit.stats.TextCounts;
import java.util.List;
import java.util.Optional;

/**
 * What a finished run tells its caller.
 *
 * @param outputPath where the results are
 * @param inputRows rows read
 * @param attributedRows rows attributed
 * @param rejectedRows rows left out or quarantined
 * @param attributionSeconds wall time of the attribution pass (without session start-up)
 * @param taskSeconds time the attribution tasks spent attributing, summed over tasks (see
 *     {@code PartitionSpec.taskTime})
 * @param modelSeconds the part of {@code taskSeconds} spent in the model and the integration
 * @param totalSeconds wall time of the whole run
 * @param topFeatures the features with the largest mean |attribution|, most important first
 * @param topTokens with a token table (text explained at its embeddings), the tokens with the
 *     largest mean |attribution| over all rows among those with enough occurrences; else empty
 * @param topCategories with categorical columns, the categories with the largest mean |attribution|
 *     over all rows, as "column = category"; else empty
 * @param meanAbsDelta mean |convergence delta|
 * @param maxAbsDelta largest |convergence delta|
 * @param deltaTolerance attribution.delta-tolerance
 * @param rowsOverTolerance rows with |delta| above the tolerance
 * @param comparedWith the id of the earlier run this one was compared with, if any
 * @param topK audit.top-k, as the checks use it
 * @param checks the fail-on checks that are on; any failed one makes the exit code 3
 * @param texts what tokenizing did to the texts of a text column (no texts without one)
 * @param textLength input.text.max-length (0 without a text column)
 * @param classNames the names of the model's outputs, index = output; empty without names
 */
public record RunSummary(
        String outputPath,
        long inputRows,
        long attributedRows,
        long rejectedRows,
        double attributionSeconds,
        double taskSeconds,
        double modelSeconds,
        double totalSeconds,
        List<String> topFeatures,
        List<String> topTokens,
        List<String> topCategories,
        double meanAbsDelta,
        double maxAbsDelta,
        double deltaTolerance,
        long rowsOverTolerance,
        Optional<String> comparedWith,
        int topK,
        List<CheckResult> checks,
        TextCounts texts,
        int textLength,
        List<String> classNames) {

    /** Copies the lists. */
    public RunSummary {
        topFeatures = List.copyOf(topFeatures);
        topTokens = List.copyOf(topTokens);
        topCategories = List.copyOf(topCategories);
        checks = List.copyOf(checks);
        classNames = List.copyOf(classNames);
    }

    /** Rows attributed per second of the attribution pass. */
    public double rowsPerSecond() {
        return attributedRows / Math.max(attributionSeconds, 1e-9);
    }

    /** The share of the tasks' attributing time spent in the model (0 when no task ran). */
    public double modelShareOfTasks() {
        return taskSeconds > 0 ? modelSeconds / taskSeconds : 0;
    }

    /** True when any fail-on check failed. */
    public boolean checksFailed() {
        return checks.stream().anyMatch(CheckResult::failed);
    }
}
