package io.igaudit.partition;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.AdaptiveIntegratedGradients;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.PathGradients;
import io.igaudit.ig.TargetRule;
import java.util.Arrays;

/** The engine a task runs on each batch: fixed steps, or adaptive steps per row. */
interface BatchEngine {

    /** Attributions for a batch and the steps each row got. */
    AdaptiveAttributions attribute(FeatureBatch inputs, FeatureBatch baselines, TargetRule target);

    /** The engine the spec asks for. */
    static BatchEngine of(PathGradients model, PartitionSpec spec) {
        if (spec.adaptiveSteps() != null) {
            AdaptiveIntegratedGradients adaptive = new AdaptiveIntegratedGradients(model, spec.integration(), spec.adaptiveSteps());
            return adaptive::attribute;
        }
        IntegratedGradients fixed = new IntegratedGradients(model, spec.integration());
        int steps = spec.integration().steps();
        return (inputs, baselines, target) -> {
            Attributions result = fixed.attribute(inputs, baselines, target);
            int[] stepsUsed = new int[result.rows()];
            Arrays.fill(stepsUsed, steps);
            boolean[] converged = new boolean[result.rows()];
            Arrays.fill(converged, true);
            return new AdaptiveAttributions(result, stepsUsed, converged, (long) result.rows() * steps * baselines.rows());
        };
    }
}
