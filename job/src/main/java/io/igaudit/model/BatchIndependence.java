package io.igaudit.model;

import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.LayerActivations;
import io.igaudit.ig.LayerGradients;
import io.igaudit.ig.PathGradients;
import io.igaudit.ig.Quadrature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures whether a row's gradients depend on the other rows of its pass. The gradients of a few
 * rows are taken at several points of each row's path in one pass, packed step-major as the
 * attribution pass packs them, once with up to {@link #PASS_ROWS} rows and once with one row; then
 * again with one point of one row per pass. A model whose rows are independent gives the same
 * numbers both ways, to float rounding. Wrong batched kernels, or a model that computes statistics
 * over its batch (BatchNorm in training mode), do not.
 */
final class BatchIndependence {

    /** Rows whose gradients are compared one by one. */
    static final int PROBE_ROWS = 3;
    /** Rows in the larger batched pass: with the points below, 64 model rows. */
    static final int PASS_ROWS = 16;
    /** Points of each row's path in a pass: its share α of the way from zero (or from its layer's zero) to the row. */
    private static final double[] ALPHAS = {1.0, 0.75, 0.5, 0.25};

    /**
     * The largest difference between a batched and a one-point gradient.
     *
     * @param row the probe row it was found at
     * @param difference the largest absolute difference (infinite when a one-point pass failed)
     * @param scale the largest absolute one-point gradient of the probe rows
     * @param onePointFailure why a pass of one point failed where the batched passes ran; null when none failed
     */
    record Mismatch(int row, double difference, double scale, String onePointFailure) {

        static Mismatch onePointFailed(int row, ModelException failure) {
            Throwable engine = failure.getCause();
            String reason = engine == null ? failure.getMessage() : EngineErrors.reason(engine.getMessage());
            return new Mismatch(row, Double.POSITIVE_INFINITY, 0, reason);
        }

        /** Whether the probe rows had no finite non-zero gradient, so that the check says nothing. */
        boolean inconclusive() {
            return scale == 0 && onePointFailure == null;
        }
    }

    private BatchIndependence() {}

    /**
     * Gradients at {@code α · x} of the plain path: batched against one point per pass.
     *
     * @param rows at least one row; the first {@link #PASS_ROWS} are used
     * @param outputs the model's outputs per row; row r is taken at output {@code r mod outputs}
     * @return the largest difference, whatever its size
     */
    static Mismatch plain(PathGradients model, FeatureBatch rows, int outputs) {
        FeatureBatch pass = rows.select(firstIndices(Math.min(rows.rows(), PASS_ROWS)));
        FeatureBatch zero = FeatureBatch.of(new float[pass.elementsPerRow()], 1, pass.rowShape());
        int[] targets = targets(pass.rows(), outputs);
        List<float[]> batched = List.of(
                model.weightedGradients(pass, zero, allPoints(), targets),
                model.weightedGradients(pass.select(new int[] {0}), zero, allPoints(), new int[] {targets[0]}));
        float[][] onePoint = new float[probeRows(pass.rows())][];
        for (int r = 0; r < onePoint.length; r++) {
            FeatureBatch row = pass.select(new int[] {r});
            onePoint[r] = new float[pass.elementsPerRow()];
            for (int k = 0; k < ALPHAS.length; k++) {
                try {
                    add(onePoint[r], model.weightedGradients(row, zero, point(k), new int[] {targets[r]}));
                } catch (ModelException e) {
                    return Mismatch.onePointFailed(r, e);
                }
            }
        }
        return largest(batched, onePoint);
    }

    /**
     * Gradients at {@code (1 − α) · layer(x)} of the layer path, the inputs unchanged: batched
     * against one point per pass.
     *
     * @param rows at least one row; the first {@link #PASS_ROWS} are used
     * @param outputs the model's outputs per row; row r is taken at output {@code r mod outputs}
     * @return the largest difference, whatever its size
     */
    static Mismatch layer(LayerGradients model, InputBatch rows, int outputs) {
        InputBatch pass = rows.firstRows(PASS_ROWS);
        LayerActivations start = model.layer(pass);
        int[] targets = targets(pass.rows(), outputs);
        InputBatch first = pass.firstRows(1);
        LayerActivations firstStart = model.layer(first);
        List<float[]> batched = List.of(
                flat(model.weightedLayerGradients(start, negated(start), pass, allPoints(), new int[][] {targets})[0], pass.rows()),
                flat(model.weightedLayerGradients(firstStart, negated(firstStart), first, allPoints(),
                        new int[][] {{targets[0]}})[0], 1));
        int elements = (int) start.elementsPerRow();
        float[][] onePoint = new float[probeRows(pass.rows())][];
        for (int r = 0; r < onePoint.length; r++) {
            InputBatch row = pass.select(new int[] {r});
            onePoint[r] = new float[elements];
            try {
                LayerActivations rowStart = model.layer(row);
                for (int k = 0; k < ALPHAS.length; k++) {
                    add(onePoint[r], flat(model.weightedLayerGradients(rowStart, negated(rowStart), row, point(k),
                            new int[][] {{targets[r]}})[0], 1));
                }
            } catch (ModelException e) {
                return Mismatch.onePointFailed(r, e);
            }
        }
        return largest(batched, onePoint);
    }

    /**
     * The largest difference of each batched result (rows first, as many rows as it holds, at most
     * the probe rows compared) from the one-point sums. NaN on both sides is no difference; NaN on
     * one side is an infinite one.
     */
    private static Mismatch largest(List<float[]> batched, float[][] onePoint) {
        int elements = onePoint[0].length;
        double scale = 0;
        for (float[] row : onePoint) {
            for (float value : row) {
                if (Float.isFinite(value)) {
                    scale = Math.max(scale, Math.abs(value));
                }
            }
        }
        Mismatch worst = new Mismatch(0, 0, scale, null);
        for (float[] result : batched) {
            int rows = Math.min(result.length / elements, onePoint.length);
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < elements; i++) {
                    double difference = difference(result[r * elements + i], onePoint[r][i]);
                    if (difference > worst.difference()) {
                        worst = new Mismatch(r, difference, scale, null);
                    }
                }
            }
        }
        return worst;
    }

    private static double difference(float batched, float onePoint) {
        if (Float.isNaN(batched) || Float.isNaN(onePoint)) {
            return Float.isNaN(batched) == Float.isNaN(onePoint) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (batched == onePoint) {
            return 0; // also equal infinities
        }
        return Math.abs((double) batched - onePoint);
    }

    /** Every point of a row's path in one quadrature, weight 1 each: the sum of the gradients there. */
    private static Quadrature allPoints() {
        double[] ones = new double[ALPHAS.length];
        Arrays.fill(ones, 1.0);
        return new Quadrature(ALPHAS, ones);
    }

    /** Point {@code k} alone, weight 1. */
    private static Quadrature point(int k) {
        return new Quadrature(new double[] {ALPHAS[k]}, new double[] {1.0});
    }

    private static int probeRows(int rows) {
        return Math.min(rows, PROBE_ROWS);
    }

    private static int[] firstIndices(int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private static int[] targets(int rows, int outputs) {
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = r % outputs;
        }
        return targets;
    }

    /** −l, part by part: the way from the layer's value to its zero. */
    private static LayerActivations negated(LayerActivations layer) {
        List<FeatureBatch> parts = new ArrayList<>(layer.size());
        for (int p = 0; p < layer.size(); p++) {
            FeatureBatch part = layer.part(p);
            float[] values = part.toArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = -values[i];
            }
            parts.add(FeatureBatch.of(values, part.rows(), part.rowShape()));
        }
        return new LayerActivations(parts);
    }

    /** A layer result of {@code rows} rows ({@code [part][rows × elements of the part]}) as rows of every part, row-major. */
    private static float[] flat(float[][] parts, int rows) {
        if (parts.length == 1) {
            return parts[0];
        }
        int total = 0;
        for (float[] part : parts) {
            total += part.length;
        }
        float[] flat = new float[total];
        int offset = 0;
        for (int r = 0; r < rows; r++) {
            for (float[] part : parts) {
                int perRow = part.length / rows;
                System.arraycopy(part, r * perRow, flat, offset, perRow);
                offset += perRow;
            }
        }
        return flat;
    }

    private static void add(float[] sum, float[] values) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }
}
