package io.igaudit.ig;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LayerGradients} with a hand-written gradient: token ids (with a mask) through an
 * embedding table, and optionally float numbers passed through as a second layer part. The rest
 * of the model is {@code F_c = g(s_c)} with
 * {@code s_c = Σ_t m_t (W_c · l_t) / L + Σ_j V_c[j] n_j} (L = unmasked tokens) and g the identity
 * (layer IG exact) or {@code g(s) = sin(s) + s²/2} (smooth, for completeness). Records what every
 * pass was given.
 */
final class AnalyticLayers implements LayerGradients {

    final double[][] table; // (vocabulary, dim)
    final double[][] w; // (outputs, dim)
    final double[][] v; // (outputs, numbers) or null
    final boolean nonlinear;
    /** Every batch the layer ran on. */
    final List<InputBatch> layerCalls = new ArrayList<>();
    /** The inputs every gradient pass was given. */
    final List<InputBatch> inputsSeen = new ArrayList<>();
    /** Layer elements of each gradient pass (steps × rows × elements per row). */
    final List<Long> elementsPerPass = new ArrayList<>();
    /** The nodes of every gradient pass, in order. */
    final List<Double> alphasSeen = new ArrayList<>();

    AnalyticLayers(double[][] table, double[][] w, double[][] v, boolean nonlinear) {
        this.table = table;
        this.w = w;
        this.v = v;
        this.nonlinear = nonlinear;
    }

    /** A table e(i)[d] = cos(i + 2d) / (1 + d), 12 ids of dimension 3, and 2 outputs. */
    static AnalyticLayers text(boolean nonlinear) {
        double[][] table = new double[12][3];
        for (int i = 0; i < table.length; i++) {
            for (int d = 0; d < 3; d++) {
                table[i][d] = Math.cos(i + 2 * d) / (1 + d);
            }
        }
        return new AnalyticLayers(table, new double[][] {{1, -2, 0.5}, {-0.75, 0.5, 2}}, null, nonlinear);
    }

    /** As {@link #text} with two float numbers as a second layer part. */
    static AnalyticLayers withNumbers(boolean nonlinear) {
        AnalyticLayers text = text(nonlinear);
        return new AnalyticLayers(text.table, text.w, new double[][] {{0.5, -1.5}, {2, 0.25}}, nonlinear);
    }

    int outputs() {
        return w.length;
    }

    @Override
    public ModelOutputs evaluate(InputBatch inputs) {
        LayerActivations l = lookUp(inputs);
        int rows = inputs.rows();
        float[] values = new float[rows * outputs()];
        for (int r = 0; r < rows; r++) {
            double[][] point = rowOf(l, r);
            for (int c = 0; c < outputs(); c++) {
                values[r * outputs() + c] = (float) g(s(point, mask(inputs, r), c));
            }
        }
        return new ModelOutputs(values, rows, outputs());
    }

    @Override
    public LayerActivations layer(InputBatch inputs) {
        layerCalls.add(inputs);
        return lookUp(inputs);
    }

    @Override
    public float[][][] weightedLayerGradients(
            LayerActivations start, LayerActivations difference, InputBatch inputs, Quadrature steps, int[][] targets) {
        inputsSeen.add(inputs);
        elementsPerPass.add((long) steps.steps() * start.rows() * start.elementsPerRow());
        for (double alpha : steps.alphas()) {
            alphasSeen.add(alpha);
        }
        int parts = start.size();
        float[][][] result = new float[targets.length][parts][];
        for (int t = 0; t < targets.length; t++) {
            for (int p = 0; p < parts; p++) {
                result[t][p] = new float[start.rows() * start.part(p).elementsPerRow()];
            }
            for (int r = 0; r < start.rows(); r++) {
                double[][] s0 = rowOf(start, r);
                double[][] d = rowOf(difference, r);
                double[][] sum = new double[parts][];
                for (int p = 0; p < parts; p++) {
                    sum[p] = new double[s0[p].length];
                }
                for (int k = 0; k < steps.steps(); k++) {
                    double alpha = steps.alphas()[k];
                    double[][] point = new double[parts][];
                    for (int p = 0; p < parts; p++) {
                        point[p] = new double[s0[p].length];
                        for (int i = 0; i < point[p].length; i++) {
                            point[p][i] = s0[p][i] + alpha * d[p][i];
                        }
                    }
                    double[][] gradient = gradient(point, mask(inputs, r), targets[t][r]);
                    for (int p = 0; p < parts; p++) {
                        for (int i = 0; i < sum[p].length; i++) {
                            sum[p][i] += steps.weights()[k] * gradient[p][i];
                        }
                    }
                }
                for (int p = 0; p < parts; p++) {
                    for (int i = 0; i < sum[p].length; i++) {
                        result[t][p][r * sum[p].length + i] = (float) sum[p][i];
                    }
                }
            }
        }
        return result;
    }

    /** s_c at a layer point of one row: parts [tokens·dim] and optionally [numbers]. */
    double s(double[][] point, long[] mask, int c) {
        int dim = w[c].length;
        double length = 0;
        for (long m : mask) {
            length += m;
        }
        double sum = 0;
        for (int t = 0; t < mask.length; t++) {
            for (int d = 0; d < dim; d++) {
                sum += mask[t] * w[c][d] * point[0][t * dim + d] / length;
            }
        }
        if (v != null) {
            for (int j = 0; j < v[c].length; j++) {
                sum += v[c][j] * point[1][j];
            }
        }
        return sum;
    }

    double g(double s) {
        return nonlinear ? Math.sin(s) + s * s / 2 : s;
    }

    double gPrime(double s) {
        return nonlinear ? Math.cos(s) + s : 1;
    }

    private double[][] gradient(double[][] point, long[] mask, int c) {
        double scale = gPrime(s(point, mask, c));
        int dim = w[c].length;
        double length = 0;
        for (long m : mask) {
            length += m;
        }
        double[][] gradient = new double[point.length][];
        gradient[0] = new double[point[0].length];
        for (int t = 0; t < mask.length; t++) {
            for (int d = 0; d < dim; d++) {
                gradient[0][t * dim + d] = scale * mask[t] * w[c][d] / length;
            }
        }
        if (v != null) {
            gradient[1] = new double[point[1].length];
            for (int j = 0; j < v[c].length; j++) {
                gradient[1][j] = scale * v[c][j];
            }
        }
        return gradient;
    }

    private LayerActivations lookUp(InputBatch inputs) {
        InputTensor ids = inputs.tensor("ids");
        int rows = ids.rows();
        int tokens = ids.rowShape()[0];
        int dim = table[0].length;
        long[] values = ids.toLongArray();
        float[] embedded = new float[rows * tokens * dim];
        for (int i = 0; i < values.length; i++) {
            for (int d = 0; d < dim; d++) {
                embedded[i * dim + d] = (float) table[(int) values[i]][d];
            }
        }
        FeatureBatch tokenPart = FeatureBatch.of(embedded, rows, tokens, dim);
        if (v == null) {
            return new LayerActivations(List.of(tokenPart));
        }
        InputTensor numbers = inputs.tensor("numbers");
        return new LayerActivations(List.of(tokenPart, FeatureBatch.of(numbers.toFloatArray(), rows, numbers.rowShape())));
    }

    static long[] mask(InputBatch inputs, int row) {
        InputTensor mask = inputs.tensor("mask");
        int tokens = mask.rowShape()[0];
        long[] values = new long[tokens];
        mask.longs().get(row * tokens, values, 0, tokens);
        return values;
    }

    private static double[][] rowOf(LayerActivations layer, int row) {
        double[][] parts = new double[layer.size()][];
        for (int p = 0; p < layer.size(); p++) {
            parts[p] = AnalyticPaths.rowOf(layer.part(p), row);
        }
        return parts;
    }
}
