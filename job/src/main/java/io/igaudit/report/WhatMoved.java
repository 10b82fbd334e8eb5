package io.igaudit.report;

import io.igaudit.history.DriftResult;
import io.igaudit.history.SliceDrift;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One line for the report's drift facts and the console: which of the inputs, the predictions and the reasons moved. */
public final class WhatMoved {

    private WhatMoved() {}

    /** PSI above which a distribution counts as moved here (the usual reading: 0.1 to 0.25 some change). */
    private static final double MOVED_PSI = 0.1;
    /** A change of a category's share of the rows above which the category frequencies count as moved. */
    private static final double MOVED_SHARE = 0.1;

    /**
     * Which of the inputs, the predictions and the reasons moved, read from the PSI of the input
     * values (the largest feature's), of the predictions, and the reasons ({@link #reasonsMoved}):
     * inputs that moved with the same reasons point at
     * the data; reasons that moved on the same inputs point at the model. Empty when neither the
     * inputs nor the outputs were measured.
     */
    public static Optional<String> of(DriftResult drift) {
        boolean inputsKnown = drift.largestInputPsi().isPresent() || drift.largestCategoryShift().isPresent();
        boolean outputsKnown = !Double.isNaN(drift.outputs().predictionPsi()) || !Double.isNaN(drift.outputs().predictedClassPsi());
        if (!inputsKnown && !outputsKnown) {
            return Optional.empty();
        }
        List<String> moved = new ArrayList<>();
        List<String> still = new ArrayList<>();
        if (inputsKnown) {
            boolean inputs = drift.largestInputPsi().map(f -> f.inputPsi() > MOVED_PSI).orElse(false)
                    || drift.largestCategoryShift().map(c -> c.linf() > MOVED_SHARE).orElse(false);
            (inputs ? moved : still).add("the inputs");
        }
        if (outputsKnown) {
            double outputs = Math.max(nanToZero(drift.outputs().predictionPsi()), nanToZero(drift.outputs().predictedClassPsi()));
            (outputs > MOVED_PSI ? moved : still).add("the predictions");
        }
        boolean reasons = reasonsMoved(drift);
        (reasons ? moved : still).add("the reasons");
        String line = moved.isEmpty() ? "nothing: " + join(still) + " stayed"
                : still.isEmpty() ? join(moved) + " moved" : join(moved) + " moved; " + join(still) + " did not";
        if (!reasons && moved.contains("the inputs")) {
            line += " (the data changed, and the model reads it as before)";
        } else if (reasons && still.contains("the inputs")) {
            line += " (the model weighs the same data differently)";
        }
        return Optional.of(line + " (counted as moved: a PSI above " + MOVED_PSI
                + (drift.largestCategoryShift().isPresent() ? ", a category's share of the rows changed by more than " + MOVED_SHARE : "")
                + "; for the reasons, a top-" + drift.topK()
                + " feature's attribution PSI above it, a changed top " + drift.topK() + " or an NDCG below 0.9)");
    }

    /**
     * Whether the model's reasons moved: the ranking (NDCG below 0.9, or another top k) or the
     * attributions of a top-k feature (PSI above {@link #MOVED_PSI}). A feature outside the top k
     * whose small attributions shift does not count: it does not drive the predictions.
     */
    private static boolean reasonsMoved(DriftResult drift) {
        if ((!Double.isNaN(drift.ndcg()) && drift.ndcg() < 0.9) || drift.topKOverlap() < 1) {
            return true;
        }
        Set<String> top = new HashSet<>(drift.topNow());
        top.addAll(drift.topBefore());
        return drift.features().stream().anyMatch(f -> top.contains(f.feature()) && f.psi() > MOVED_PSI);
    }

    /**
     * In which slices (audit.slices) the reasons moved: those checked in both runs whose ranking
     * changed (NDCG below 0.9, or another top k). Empty without such slices.
     */
    public static Optional<String> inSlices(DriftResult drift) {
        List<SliceDrift> compared = drift.slices().stream().filter(SliceDrift::checked).toList();
        if (compared.isEmpty()) {
            return Optional.empty();
        }
        List<String> moved = compared.stream().filter(s -> (!Double.isNaN(s.ndcg()) && s.ndcg() < 0.9) || s.topKOverlap() < 1)
                .map(SliceDrift::slice).toList();
        String of = " (" + moved.size() + " of " + compared.size() + " slices compared; counted as moved: a changed top "
                + drift.topK() + " or an NDCG below 0.9)";
        if (moved.isEmpty()) {
            return Optional.of("the reasons moved in no slice" + of);
        }
        return Optional.of("the reasons moved in " + (moved.size() == 1 ? "slice " : "slices ") + join(moved)
                + (moved.size() < compared.size() ? " only" : "") + of);
    }

    private static String join(List<String> parts) {
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static double nanToZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

}
