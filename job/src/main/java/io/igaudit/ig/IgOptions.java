package io.igaudit.ig;

/**
 * How to integrate.
 *
 * @param rule the quadrature rule
 * @param steps the number of nodes
 * @param multiplyByInputs multiply the integrated gradient by {@code x - x'} (Captum's
 *     {@code multiply_by_inputs}); off gives the path-averaged gradient alone
 * @param maxElementsPerPass the most input elements (rows × steps × elements per row) one model
 *     pass may hold; more steps are split into chunks
 */
public record IgOptions(QuadratureRule rule, int steps, boolean multiplyByInputs, long maxElementsPerPass)
        implements java.io.Serializable {

    /** The most steps accepted: beyond this the cost is absurd and a typo is likelier. */
    public static final int MAX_STEPS = 100_000;

    /** Rejects impossible values with a message naming the field. */
    public IgOptions {
        if (rule == null) {
            throw new IllegalArgumentException("rule must be given");
        }
        if (steps < rule.minimumSteps() || steps > MAX_STEPS) {
            throw new IllegalArgumentException(
                    "steps must be between " + rule.minimumSteps() + " and " + MAX_STEPS + " for "
                            + rule.configName() + ", got " + steps);
        }
        if (maxElementsPerPass < 1) {
            throw new IllegalArgumentException("maxElementsPerPass must be positive, got " + maxElementsPerPass);
        }
    }

    /** These options with another rule and step count. */
    public IgOptions withRule(QuadratureRule newRule, int newSteps) {
        return new IgOptions(newRule, newSteps, multiplyByInputs, maxElementsPerPass);
    }

    /** These options with another memory bound. */
    public IgOptions withMaxElementsPerPass(long newBound) {
        return new IgOptions(rule, steps, multiplyByInputs, newBound);
    }

    /** These options with multiply-by-inputs switched. */
    public IgOptions withMultiplyByInputs(boolean multiply) {
        return new IgOptions(rule, steps, multiply, maxElementsPerPass);
    }
}
