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

    /** Captum's defaults: Gauss–Legendre, 50 steps, multiplied by inputs. */
    public static final int DEFAULT_STEPS = 50;

    /**
     * The default memory bound: 256k float elements (1 MiB of interpolated inputs per pass), so
     * that a pass's activations stay in cache; larger passes only save per-pass overhead, which
     * matters for tiny models alone (README, Performance, has the measurements).
     */
    public static final long DEFAULT_MAX_ELEMENTS_PER_PASS = 1L << 18;

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

    /** Captum's defaults with the default memory bound. */
    public static IgOptions defaults() {
        return new IgOptions(QuadratureRule.GAUSS_LEGENDRE, DEFAULT_STEPS, true, DEFAULT_MAX_ELEMENTS_PER_PASS);
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
