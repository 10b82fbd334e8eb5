package io.igaudit.ig;

/**
 * An attribution method over a batch whose targets and row seeds are already chosen: Integrated
 * Gradients (fixed or adaptive steps), Expected Gradients, or a noise tunnel around one of them.
 * Row r of the result belongs to row r of the batch and depends only on that row.
 */
interface BatchAttributor {

    /** Attributions for every row of {@code batch}. */
    AdaptiveAttributions attribute(TargetedBatch batch);

    /** The method {@code plan} asks for, inside a noise tunnel when the plan has noise. */
    static BatchAttributor of(PathGradients model, ExplainPlan plan) {
        BatchAttributor method = switch (plan.method()) {
            case EXPECTED_GRADIENTS -> new ExpectedGradients(
                    model, plan.background(), plan.samples(), plan.integration().maxElementsPerPass());
            case BLUR_INTEGRATED_GRADIENTS -> new BlurIntegratedGradients(
                    model, (BlurPath) plan.baselines(), plan.integration().maxElementsPerPass());
            case XRAI -> new IntegratedGradients(model, plan.integration()).over(plan.baselines());
            case INTEGRATED_GRADIENTS -> plan.adaptiveSteps() == null
                    ? new IntegratedGradients(model, plan.integration()).over(plan.baselines())
                    : new AdaptiveIntegratedGradients(model, plan.integration(), plan.adaptiveSteps())
                            .over(plan.baselines());
        };
        return plan.noise() == null
                ? method
                : new NoiseTunnel(model, method, plan.noise(), plan.integration().maxElementsPerPass());
    }
}
