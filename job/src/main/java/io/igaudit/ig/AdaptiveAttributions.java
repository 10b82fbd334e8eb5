package io.igaudit.ig;

/**
 * Results of adaptive integration.
 *
 * @param attributions the attributions, from the last round each row took part in
 * @param stepsUsed the step count of each row's final integration
 * @param converged whether each row's |delta| ended within the tolerance
 * @param gradientEvaluations gradient evaluations spent on the batch, all rounds and baselines
 */
public record AdaptiveAttributions(
        Attributions attributions, int[] stepsUsed, boolean[] converged, long gradientEvaluations) {}
