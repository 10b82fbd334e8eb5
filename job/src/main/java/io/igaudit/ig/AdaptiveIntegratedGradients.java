package io.igaudit.ig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Integrated Gradients with a step count per row. Most rows converge with far fewer steps than
 * a fixed budget; a few need more. Round one integrates every row with the plan's initial steps;
 * each later round doubles the steps for the rows that have not passed, up to the plan's maximum.
 * A row passes when its |convergence delta| is within the tolerance <em>and</em> its attributions
 * moved by at most the tolerance since its previous round (the usual error estimate of adaptive
 * quadrature): the delta alone can be small while attributions are still wrong, because errors of
 * opposite sign cancel in the sum (measured on ReLU models). So every row takes at least two
 * rounds. Rows that never pass keep their last result and are reported as not converged.
 * Gauss–Legendre nodes are not nested, so each round starts afresh; a row that stops at n steps
 * costs below 2n gradient evaluations. A later round takes only the pending rows, each with its
 * own baseline row where the baselines are per row.
 */
public final class AdaptiveIntegratedGradients {

    private final PathGradients model;
    private final IgOptions options;
    private final AdaptiveSteps plan;

    /** An adaptive integrator: {@code options} gives the rule, memory bound and multiply-by-inputs. */
    public AdaptiveIntegratedGradients(PathGradients model, IgOptions options, AdaptiveSteps plan) {
        if (plan.initialSteps() < options.rule().minimumSteps()) {
            throw new IllegalArgumentException(options.rule().configName() + " needs at least "
                    + options.rule().minimumSteps() + " initial steps, got " + plan.initialSteps());
        }
        this.model = model;
        this.options = options;
        this.plan = plan;
    }

    /** Attributions for every row, each with as many steps as it needed; baseline rows apply to every row. */
    public AdaptiveAttributions attribute(FeatureBatch inputs, FeatureBatch baselines, TargetRule targetRule) {
        IntegratedGradients.requireOneTargetPerRow(targetRule);
        List<FeatureBatch> eachRow = FixedBaselines.sharedRows(baselines);
        return attribute(inputs, eachRow, targetRule.resolve(model.evaluate(inputs)));
    }

    /**
     * Attributions for every row against baseline batches of 1 row (shared) or B rows (row r for
     * input row r), the mean over the batches, each row with as many steps as it needed.
     */
    public AdaptiveAttributions attribute(FeatureBatch inputs, List<FeatureBatch> baselines, int[] targets) {
        return attribute(TargetedBatch.evaluated(model, inputs, targets, new long[inputs.rows()]), baselines);
    }

    /** This integrator as a method over targeted batches, with baselines from {@code source}. */
    BatchAttributor over(BaselineSource source) {
        return batch -> attribute(batch, source.forBatch(batch.origins(), batch.seeds()));
    }

    /** The rounds for a batch whose F(x) is known. */
    AdaptiveAttributions attribute(TargetedBatch batch, List<FeatureBatch> baselines) {
        int steps = plan.initialSteps();
        Attributions first = withSteps(steps).attribute(batch, baselines);
        int rows = first.rows();
        int elements = first.elementsPerRow();
        float[] values = first.values();
        float[] baselinePredictions = first.baselinePredictions();
        float[] deltas = first.deltas();
        int[] stepsUsed = new int[rows];
        Arrays.fill(stepsUsed, steps);
        long evaluations = (long) rows * steps * baselines.size();

        float[] change = new float[rows]; // largest |a_n - a_{n/2}| of each row; unknown after round one
        Arrays.fill(change, Float.POSITIVE_INFINITY);
        int[] pending = failing(deltas, change, allRows(rows));
        while (pending.length > 0 && steps * 2 <= plan.maxSteps()) {
            steps *= 2;
            Attributions again = withSteps(steps).attribute(batch.select(pending), rowsOf(baselines, pending));
            for (int i = 0; i < pending.length; i++) {
                int row = pending[i];
                float largest = 0;
                for (int e = 0; e < elements; e++) {
                    largest = Math.max(largest, Math.abs(again.values()[i * elements + e] - values[row * elements + e]));
                }
                change[row] = largest;
                System.arraycopy(again.values(), i * elements, values, row * elements, elements);
                baselinePredictions[row] = again.baselinePredictions()[i];
                deltas[row] = again.deltas()[i];
                stepsUsed[row] = steps;
            }
            evaluations += (long) pending.length * steps * baselines.size();
            pending = failing(deltas, change, pending);
        }
        boolean[] converged = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            converged[r] = Math.abs(deltas[r]) <= plan.tolerance();
        }
        Attributions result = new Attributions(
                values, rows, elements, first.targets(), first.predictions(), baselinePredictions, deltas);
        return new AdaptiveAttributions(result, stepsUsed, converged, evaluations);
    }

    private IntegratedGradients withSteps(int steps) {
        return new IntegratedGradients(model, options.withRule(options.rule(), steps));
    }

    /** The rows among {@code candidates} that have not passed (NaN fails too). */
    private int[] failing(float[] deltas, float[] change, int[] candidates) {
        return Arrays.stream(candidates)
                .filter(r -> !(Math.abs(deltas[r]) <= plan.tolerance() && change[r] <= plan.tolerance()))
                .toArray();
    }

    private static int[] allRows(int rows) {
        int[] all = new int[rows];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** The baselines of the chosen rows: shared batches as they are, per-row batches cut to those rows. */
    private static List<FeatureBatch> rowsOf(List<FeatureBatch> baselines, int[] rows) {
        List<FeatureBatch> chosen = new ArrayList<>(baselines.size());
        for (FeatureBatch baseline : baselines) {
            chosen.add(baseline.rows() == 1 ? baseline : baseline.select(rows));
        }
        return chosen;
    }
}
