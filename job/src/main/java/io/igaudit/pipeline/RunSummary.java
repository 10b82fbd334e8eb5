package io.igaudit.pipeline;

import io.igaudit.history.RowCounts;
import io.igaudit.history.ThresholdResult;
import io.igaudit.stats.TextCounts;
import java.util.List;
import java.util.Optional;

/**
 * What a finished run tells its caller; made with {@link #builder()}, which names every part.
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
 * @param topK audit.top-k, as the top-k threshold uses it
 * @param thresholds the results of the audit.fail-on thresholds that are on; any failed one makes the exit code 3
 * @param texts what tokenizing did to the texts of a text column (no texts without one)
 * @param textLength input.text.max-length (0 without a text column)
 * @param classNames the names of the model's outputs, index = output; empty without names
 * @param moved per comparison, which of the inputs, predictions and reasons moved
 *     ({@link io.igaudit.report.WhatMoved}), e.g. "against the previous run: the inputs moved; ..."
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
        List<ThresholdResult> thresholds,
        TextCounts texts,
        int textLength,
        List<String> classNames,
        List<String> moved) {

    /** Copies the lists. */
    public RunSummary {
        topFeatures = List.copyOf(topFeatures);
        topTokens = List.copyOf(topTokens);
        topCategories = List.copyOf(topCategories);
        thresholds = List.copyOf(thresholds);
        classNames = List.copyOf(classNames);
        moved = List.copyOf(moved);
    }

    /** Rows read, attributed and rejected. */
    public RowCounts rows() {
        return new RowCounts(inputRows, attributedRows, rejectedRows);
    }

    /** Rows attributed per second of the attribution pass. */
    public double rowsPerSecond() {
        return attributedRows / Math.max(attributionSeconds, 1e-9);
    }

    /** The share of the tasks' attributing time spent in the model (0 when no task ran). */
    public double modelShareOfTasks() {
        return taskSeconds > 0 ? modelSeconds / taskSeconds : 0;
    }

    /** True when any audit.fail-on threshold failed. */
    public boolean thresholdsFailed() {
        return thresholds.stream().anyMatch(ThresholdResult::failed);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Names every part of a summary; {@link #build()} checks that each was given. */
    public static final class Builder {
        private String outputPath;
        private RowCounts rows;
        private double attributionSeconds;
        private double taskSeconds;
        private double modelSeconds;
        private double totalSeconds;
        private List<String> topFeatures;
        private List<String> topTokens;
        private List<String> topCategories;
        private double meanAbsDelta;
        private double maxAbsDelta;
        private double deltaTolerance;
        private long rowsOverTolerance;
        private Optional<String> comparedWith;
        private int topK;
        private List<ThresholdResult> thresholds;
        private TextCounts texts;
        private int textLength;
        private List<String> classNames;
        private List<String> moved = List.of();

        private Builder() {}

        /** Where the results are. */
        public Builder outputPath(String path) {
            outputPath = path;
            return this;
        }

        /** Rows read, attributed and rejected. */
        public Builder rows(RowCounts counts) {
            rows = counts;
            return this;
        }

        /** Wall time of the attribution pass, the tasks' attributing time, its part in the model, and the whole run's wall time. */
        public Builder seconds(double attribution, double tasks, double model, double total) {
            attributionSeconds = attribution;
            taskSeconds = tasks;
            modelSeconds = model;
            totalSeconds = total;
            return this;
        }

        /** The most important features, tokens and categories. */
        public Builder top(List<String> features, List<String> tokens, List<String> categories) {
            topFeatures = features;
            topTokens = tokens;
            topCategories = categories;
            return this;
        }

        /** Mean and largest |delta|, the tolerance and the rows over it. */
        public Builder delta(double meanAbs, double maxAbs, double tolerance, long overTolerance) {
            meanAbsDelta = meanAbs;
            maxAbsDelta = maxAbs;
            deltaTolerance = tolerance;
            rowsOverTolerance = overTolerance;
            return this;
        }

        /** The earlier run compared with, audit.top-k, and the thresholds' results. */
        public Builder audit(Optional<String> earlierRunId, int k, List<ThresholdResult> results) {
            comparedWith = earlierRunId;
            topK = k;
            thresholds = results;
            return this;
        }

        /** What tokenizing did to the texts, and input.text.max-length (0 without a text column). */
        public Builder texts(TextCounts counts, int maxLength) {
            texts = counts;
            textLength = maxLength;
            return this;
        }

        /** The names of the model's outputs. */
        public Builder classNames(List<String> names) {
            classNames = names;
            return this;
        }

        /** Per comparison, what moved. */
        public Builder moved(List<String> lines) {
            moved = lines;
            return this;
        }

        /** The summary. */
        public RunSummary build() {
            for (Object part : new Object[] {outputPath, rows, topFeatures, comparedWith, thresholds, texts, classNames}) {
                java.util.Objects.requireNonNull(part, "a run summary lacks a part");
            }
            return new RunSummary(outputPath, rows.input(), rows.attributed(), rows.rejected(), attributionSeconds, taskSeconds,
                    modelSeconds, totalSeconds, topFeatures, topTokens, topCategories, meanAbsDelta, maxAbsDelta, deltaTolerance,
                    rowsOverTolerance, comparedWith, topK, thresholds, texts, textLength, classNames, moved);
        }
    }
}
