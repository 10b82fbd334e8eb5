package io.igaudit.ig;

import java.util.Arrays;

/**
 * The integration rules for the path integral of IG, with Captum's names and exactly Captum's
 * nodes and weights ({@code captum/attr/_utils/approximation_methods.py}).
 *
 * <p>Captum's {@code riemann_trapezoid} uses weights {@code 1/n} with halved ends (summing to
 * {@code (n-1)/n}) on {@code n} equally spaced nodes including both ends; it is kept as is so that
 * numbers agree with Captum. {@link #TRAPEZOID} is the textbook composite trapezoid rule on the
 * same nodes (weights {@code 1/(n-1)} with halved ends, summing to 1).
 */
public enum QuadratureRule {
    /** α_k = k/n for k = 0..n-1, weights 1/n. */
    RIEMANN_LEFT("riemann_left", 2),
    /** α_k = k/n for k = 1..n, weights 1/n: the formula in the IG paper. */
    RIEMANN_RIGHT("riemann_right", 2),
    /** α_k = (k + 1/2)/n for k = 0..n-1, weights 1/n. */
    RIEMANN_MIDDLE("riemann_middle", 2),
    /** Captum's trapezoid: α_k = k/(n-1) for k = 0..n-1, weights 1/n with halved ends. */
    RIEMANN_TRAPEZOID("riemann_trapezoid", 2),
    /** The textbook composite trapezoid rule: α_k = k/(n-1), weights 1/(n-1) with halved ends. */
    TRAPEZOID("trapezoid", 2),
    /** n-point Gauss–Legendre on [0, 1]; Captum's default and ours. */
    GAUSS_LEGENDRE("gausslegendre", 1);

    private final String configName;
    private final int minimumSteps;

    QuadratureRule(String configName, int minimumSteps) {
        this.configName = configName;
        this.minimumSteps = minimumSteps;
    }

    /** The name used in configuration files and in Captum. */
    public String configName() {
        return configName;
    }

    /** The smallest step count the rule accepts (Captum asserts n > 1 for the Riemann rules). */
    public int minimumSteps() {
        return minimumSteps;
    }

    /** The rule's nodes and weights for {@code steps} steps. */
    public Quadrature quadrature(int steps) {
        if (steps < minimumSteps) {
            throw new IllegalArgumentException(
                    configName + " needs at least " + minimumSteps + " steps, got " + steps);
        }
        double n = steps;
        return switch (this) {
            case RIEMANN_LEFT -> new Quadrature(linspace(0.0, 1.0 - 1.0 / n, steps), constant(1.0 / n, steps));
            case RIEMANN_RIGHT -> new Quadrature(linspace(1.0 / n, 1.0, steps), constant(1.0 / n, steps));
            case RIEMANN_MIDDLE -> new Quadrature(
                    linspace(1.0 / (2.0 * n), 1.0 - 1.0 / (2.0 * n), steps), constant(1.0 / n, steps));
            case RIEMANN_TRAPEZOID -> new Quadrature(linspace(0.0, 1.0, steps), halvedEnds(1.0 / n, steps));
            case TRAPEZOID -> new Quadrature(linspace(0.0, 1.0, steps), halvedEnds(1.0 / (n - 1.0), steps));
            case GAUSS_LEGENDRE -> GaussLegendre.onUnitInterval(steps);
        };
    }

    /** The rule with this configuration name; an unknown name fails with the list of valid ones. */
    public static QuadratureRule byName(String name) {
        return ConfigNames.byName(values(), QuadratureRule::configName, "integration method", name);
    }

    /** All configuration names, comma separated, for messages and documentation. */
    public static String validNames() {
        return ConfigNames.validNames(values(), QuadratureRule::configName);
    }

    /** numpy.linspace(start, stop, n) with the endpoint: start + i * (stop - start) / (n - 1). */
    private static double[] linspace(double start, double stop, int n) {
        double[] values = new double[n];
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            values[i] = start + i * step;
        }
        values[n - 1] = stop;
        return values;
    }

    private static double[] constant(double value, int n) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }

    private static double[] halvedEnds(double value, int n) {
        double[] values = constant(value, n);
        values[0] /= 2.0;
        values[n - 1] /= 2.0;
        return values;
    }
}
