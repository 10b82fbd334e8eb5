package io.igaudit.ig;

/**
 * Gauss–Legendre nodes and weights on [-1, 1], mapped to [0, 1] as Captum does:
 * {@code α = (1 + x) / 2}, {@code w = w_GL / 2}.
 *
 * <p>Nodes are the roots of the Legendre polynomial P_n, found by Newton's method from the
 * Tricomi initial guess {@code cos(π (k - 1/4) / (n + 1/2))}; weights are
 * {@code 2 / ((1 - x²) P_n'(x)²)} (Abramowitz and Stegun 25.4.29). Captum takes them from
 * {@code numpy.polynomial.legendre.leggauss}; both agree to a few ulps in double precision.
 */
final class GaussLegendre {

    private GaussLegendre() {}

    /** The n-point rule on [0, 1], nodes in increasing order. */
    static Quadrature onUnitInterval(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Gauss-Legendre needs at least 1 node, got " + n);
        }
        double[] alphas = new double[n];
        double[] weights = new double[n];
        for (int k = 1; k <= (n + 1) / 2; k++) {
            double x = Math.cos(Math.PI * (k - 0.25) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++) {
                double[] values = legendreAndDerivative(n, x);
                derivative = values[1];
                double step = values[0] / derivative;
                x -= step;
                if (Math.abs(step) < 1e-16) {
                    break;
                }
            }
            derivative = legendreAndDerivative(n, x)[1];
            double weight = 2.0 / ((1.0 - x * x) * derivative * derivative);
            // x is the k-th largest root; -x is its mirror. Map [-1, 1] to [0, 1].
            alphas[n - k] = 0.5 * (1.0 + x);
            alphas[k - 1] = 0.5 * (1.0 - x);
            weights[n - k] = 0.5 * weight;
            weights[k - 1] = 0.5 * weight;
        }
        if (n % 2 == 1) {
            alphas[n / 2] = 0.5; // the middle root of an odd-degree P_n is exactly 0
        }
        return new Quadrature(alphas, weights);
    }

    /** {P_n(x), P_n'(x)} by the three-term recurrence. */
    private static double[] legendreAndDerivative(int n, double x) {
        double previous = 1.0;
        double current = x;
        for (int j = 2; j <= n; j++) {
            double next = ((2.0 * j - 1.0) * x * current - (j - 1.0) * previous) / j;
            previous = current;
            current = next;
        }
        if (n == 0) {
            return new double[] {1.0, 0.0};
        }
        double derivative = n * (x * current - previous) / (x * x - 1.0);
        return new double[] {current, derivative};
    }
}
