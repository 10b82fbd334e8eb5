package io.igaudit.ig;

import java.util.Arrays;

/**
 * Nodes and weights of a quadrature over [0, 1]: {@code ∫ g(α) dα ≈ Σ_k weights[k] · g(alphas[k])}.
 *
 * @param alphas the interpolation coefficients α_k in [0, 1], in the order they are evaluated
 * @param weights the weight (Captum's "step size") of each node
 */
public record Quadrature(double[] alphas, double[] weights) {

    /** Checks that nodes and weights pair up and lie where they should. */
    public Quadrature {
        if (alphas.length != weights.length) {
            throw new IllegalArgumentException(
                    "quadrature has " + alphas.length + " nodes but " + weights.length + " weights");
        }
        if (alphas.length == 0) {
            throw new IllegalArgumentException("quadrature needs at least one node");
        }
        for (double alpha : alphas) {
            if (!(alpha >= 0.0 && alpha <= 1.0)) {
                throw new IllegalArgumentException("quadrature node outside [0, 1]: " + alpha);
            }
        }
        alphas = alphas.clone();
        weights = weights.clone();
    }

    /** The number of nodes (interpolation steps). */
    public int steps() {
        return alphas.length;
    }

    /** The nodes {@code from} (inclusive) to {@code to} (exclusive), for one chunk of steps. */
    public Quadrature slice(int from, int to) {
        return new Quadrature(Arrays.copyOfRange(alphas, from, to), Arrays.copyOfRange(weights, from, to));
    }

    /** The nodes as float32, the precision the model computes in. */
    public float[] alphasAsFloats() {
        return toFloats(alphas);
    }

    /** The weights as float32, the precision the model computes in. */
    public float[] weightsAsFloats() {
        return toFloats(weights);
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    /** The sum of the weights: 1 for an exact rule of constants, (n-1)/n for Captum's trapezoid. */
    public double weightSum() {
        double sum = 0;
        for (double weight : weights) {
            sum += weight;
        }
        return sum;
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Quadrature q
                && Arrays.equals(alphas, q.alphas)
                && Arrays.equals(weights, q.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(alphas) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "Quadrature[alphas=" + Arrays.toString(alphas) + ", weights=" + Arrays.toString(weights) + "]";
    }
}
