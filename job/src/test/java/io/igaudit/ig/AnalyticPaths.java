package io.igaudit.ig;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PathGradients} over an analytic function of a flat row whose gradient is written by
 * hand. Every row is computed on its own, so a row's results never depend on the rest of its
 * batch. Records every gradient pass: its size in input elements, the nodes it saw, the references
 * it was given.
 */
final class AnalyticPaths implements PathGradients {

    /** A function of one flat row with {@code width} outputs and a hand-written gradient. */
    interface Function {
        int width();

        double value(double[] x, int output);

        double[] gradient(double[] x, int output);
    }

    /** F_j(x) = W_j · x + b_j. */
    record Linear(double[][] w, double[] b) implements Function {
        @Override
        public int width() {
            return w.length;
        }

        @Override
        public double value(double[] x, int output) {
            double sum = b[output];
            for (int i = 0; i < x.length; i++) {
                sum += w[output][i] * x[i];
            }
            return sum;
        }

        @Override
        public double[] gradient(double[] x, int output) {
            return w[output].clone();
        }
    }

    /** F(x) = sin(a·x0)·x1 + x2², one output; ∇F = (a·cos(a·x0)·x1, sin(a·x0), 2·x2). */
    record Wavy(double a) implements Function {
        @Override
        public int width() {
            return 1;
        }

        @Override
        public double value(double[] x, int output) {
            return Math.sin(a * x[0]) * x[1] + x[2] * x[2];
        }

        @Override
        public double[] gradient(double[] x, int output) {
            return new double[] {a * Math.cos(a * x[0]) * x[1], Math.sin(a * x[0]), 2 * x[2]};
        }
    }

    /** F(x) = sin(x0)·x1 + x2². */
    static final Function SMOOTH = new Wavy(1);

    /** Three outputs of three inputs. */
    static final Linear LINEAR3 = new Linear(
            new double[][] {{1.5, -2.0, 0.5}, {0.25, 3.0, -1.0}, {-0.75, 0.5, 2.0}},
            new double[] {0.1, -0.2, 0.3});

    /** Outputs equal the inputs: the argmax of F(x) is the argmax of x. */
    static final Linear IDENTITY3 = new Linear(
            new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[] {0, 0, 0});

    final Function f;
    /** Input elements of each gradient pass (interpolated or sampled points × elements per row). */
    final List<Long> elementsPerPass = new ArrayList<>();
    /** The nodes of every weighted pass, in order. */
    final List<Double> alphasSeen = new ArrayList<>();
    /** The references of every sampled pass. */
    final List<FeatureBatch> referencesSeen = new ArrayList<>();
    int singleTargetPasses;
    int sharedForwardPasses;

    AnalyticPaths(Function f) {
        this.f = f;
    }

    @Override
    public ModelOutputs evaluate(FeatureBatch points) {
        float[] values = new float[points.rows() * f.width()];
        for (int r = 0; r < points.rows(); r++) {
            double[] x = rowOf(points, r);
            for (int j = 0; j < f.width(); j++) {
                values[r * f.width() + j] = (float) f.value(x, j);
            }
        }
        return new ModelOutputs(values, points.rows(), f.width());
    }

    @Override
    public float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
        singleTargetPasses++;
        record(inputs, steps);
        return integrate(inputs, baseline, steps, targets);
    }

    @Override
    public float[][] weightedGradientsForTargets(
            FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets) {
        sharedForwardPasses++;
        record(inputs, steps);
        float[][] sums = new float[targets.length][];
        for (int t = 0; t < targets.length; t++) {
            sums[t] = integrate(inputs, baseline, steps, targets[t]);
        }
        return sums;
    }

    @Override
    public float[] pointGradients(FeatureBatch points, float[] weights, int rows, int[] targets) {
        int elements = points.elementsPerRow();
        elementsPerPass.add((long) points.rows() * elements);
        float[] result = new float[rows * elements];
        for (int p = 0; p < points.rows(); p++) {
            int r = p % rows;
            double[] gradient = f.gradient(rowOf(points, p), targets[r]);
            for (int i = 0; i < elements; i++) {
                result[r * elements + i] += (float) (weights[p * elements + i] * gradient[i]);
            }
        }
        return result;
    }

    @Override
    public float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
        int rows = inputs.rows();
        int elements = inputs.elementsPerRow();
        elementsPerPass.add((long) references.rows() * elements);
        referencesSeen.add(references);
        int samples = references.rows() / rows;
        float[] result = new float[rows * elements];
        for (int r = 0; r < rows; r++) {
            double[] x = rowOf(inputs, r);
            double[] sum = new double[elements];
            for (int s = 0; s < samples; s++) {
                double[] reference = rowOf(references, s * rows + r);
                double alpha = alphas[s * rows + r];
                double[] gradient = f.gradient(pointOnPath(reference, x, alpha), targets[r]);
                for (int i = 0; i < elements; i++) {
                    sum[i] += (x[i] - reference[i]) * gradient[i];
                }
            }
            for (int i = 0; i < elements; i++) {
                result[r * elements + i] = (float) sum[i];
            }
        }
        return result;
    }

    private void record(FeatureBatch inputs, Quadrature steps) {
        elementsPerPass.add((long) steps.steps() * inputs.rows() * inputs.elementsPerRow());
        for (double alpha : steps.alphas()) {
            alphasSeen.add(alpha);
        }
    }

    /** Σ_k w_k ∇F_t(x'_r + α_k (x_r - x'_r)) per row, with a shared or per-row baseline. */
    private float[] integrate(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
        int elements = inputs.elementsPerRow();
        double[] alphas = steps.alphas();
        double[] weights = steps.weights();
        float[] result = new float[inputs.rows() * elements];
        for (int r = 0; r < inputs.rows(); r++) {
            double[] x = rowOf(inputs, r);
            double[] xPrime = rowOf(baseline, baseline.rows() == 1 ? 0 : r);
            double[] sum = new double[elements];
            for (int k = 0; k < alphas.length; k++) {
                double[] gradient = f.gradient(pointOnPath(xPrime, x, alphas[k]), targets[r]);
                for (int i = 0; i < elements; i++) {
                    sum[i] += weights[k] * gradient[i];
                }
            }
            for (int i = 0; i < elements; i++) {
                result[r * elements + i] = (float) sum[i];
            }
        }
        return result;
    }

    private static double[] pointOnPath(double[] from, double[] to, double alpha) {
        double[] point = new double[from.length];
        for (int i = 0; i < from.length; i++) {
            point[i] = from[i] + alpha * (to[i] - from[i]);
        }
        return point;
    }

    /** Row {@code row} of a batch as doubles. */
    static double[] rowOf(FeatureBatch batch, int row) {
        int elements = batch.elementsPerRow();
        double[] out = new double[elements];
        for (int i = 0; i < elements; i++) {
            out[i] = batch.floats().get(row * elements + i);
        }
        return out;
    }
}
