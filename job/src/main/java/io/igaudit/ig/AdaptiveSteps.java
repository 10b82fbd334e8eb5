package io.igaudit.ig;

/**
 * A plan for adaptive step counts: every row starts with {@code initialSteps}; rows whose
 * |convergence delta|, or whose change since their previous round, is above {@code tolerance}
 * are integrated again with twice the steps, until they pass or {@code maxSteps} is reached.
 *
 * @param initialSteps steps of the first round
 * @param maxSteps the most steps a row may get
 * @param tolerance the largest acceptable |delta| (absolute, in units of the model's output)
 */
public record AdaptiveSteps(int initialSteps, int maxSteps, double tolerance) implements java.io.Serializable {

    /** The default first round: 4 Gauss–Legendre nodes are exact for cubic paths. */
    public static final int DEFAULT_INITIAL_STEPS = 4;

    /** Rejects impossible plans with a message naming the field. */
    public AdaptiveSteps {
        if (initialSteps < 1 || initialSteps > IgOptions.MAX_STEPS) {
            throw new IllegalArgumentException("initial steps must be between 1 and " + IgOptions.MAX_STEPS + ", got " + initialSteps);
        }
        if (maxSteps < initialSteps || maxSteps > IgOptions.MAX_STEPS) {
            throw new IllegalArgumentException("max steps must be between the initial steps (" + initialSteps + ") and "
                    + IgOptions.MAX_STEPS + ", got " + maxSteps);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("delta tolerance must be a positive number, got " + tolerance);
        }
    }
}
