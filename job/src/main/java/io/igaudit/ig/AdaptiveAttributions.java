package io.igaudit.ig;

/**
 * Results of an attribution method for a batch, with what each row cost: adaptive integration,
 * fixed steps, Expected Gradients (steps = references drawn) or a noise tunnel over one of them.
 *
 * @param attributions the attributions, from the last round each row took part in
 * @param stepsUsed the step count of each row's final integration (samples for Expected Gradients)
 * @param converged whether each row's |delta| ended within the tolerance (true where no tolerance applies)
 * @param gradientEvaluations gradient evaluations spent on the batch, all rounds and baselines
 */
public record AdaptiveAttributions(
        Attributions attributions, int[] stepsUsed, boolean[] converged, long gradientEvaluations) {

    /** Results of a fixed step count: every row took {@code steps} and counts as converged. */
    public static AdaptiveAttributions ofFixedSteps(Attributions attributions, int steps, long gradientEvaluations) {
        int[] stepsUsed = new int[attributions.rows()];
        java.util.Arrays.fill(stepsUsed, steps);
        boolean[] converged = new boolean[attributions.rows()];
        java.util.Arrays.fill(converged, true);
        return new AdaptiveAttributions(attributions, stepsUsed, converged, gradientEvaluations);
    }
}
