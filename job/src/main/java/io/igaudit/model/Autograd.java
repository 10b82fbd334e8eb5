package io.igaudit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;

/** The autograd steps every gradient path shares: points on a path, target objectives, backward passes. */
final class Autograd {

    /** Largest difference a split check allows, relative to each value's size (plus 1). */
    static final float SPLIT_TOLERANCE = 1e-2f;
    /** Rows a split check looks at. */
    static final int SPLIT_CHECK_ROWS = 8;

    private Autograd() {}

    /**
     * {@code starts + alphas · differences} in one broadcast, reshaped to {@code shape} (model
     * rows first), as a fresh leaf that records its gradient.
     */
    static NDArray pointsWithGradients(NDArray starts, NDArray differences, NDArray alphas, Shape shape) {
        NDArray points = alphas.mul(differences).add(starts).reshape(shape);
        points.setRequiresGradient(true);
        return points;
    }

    /**
     * One backward pass for the target outputs of {@code groups × rows} points, point-major in
     * groups of {@code rows}. {@code keepGraph} leaves the graph for another backward pass.
     */
    static void backward(NDManager scope, NDArray output, int[] targets, int groups, int rows, boolean keepGraph) {
        NDArray objective = sumOfTargets(scope, output, targets, groups, rows);
        JniUtils.backward((PtNDArray) objective, (PtNDArray) scope.ones(objective.getShape()), keepGraph, false);
    }

    /**
     * One backward pass as {@link #backward}; the gradients at {@code points} as (groups, rows, elements).
     */
    static NDArray gradients(NDManager scope, NDArray points, NDArray output, int[] targets,
            int groups, int rows, boolean keepGraph) {
        backward(scope, output, targets, groups, rows, keepGraph);
        // (groups·rows, rowShape...) -> (groups, rows, E)
        return points.getGradient().reshape(groups, rows, -1);
    }

    /** Σ over all points of the target output: one scalar whose gradient is every point's gradient. */
    private static NDArray sumOfTargets(NDManager scope, NDArray output, int[] targets, int groups, int rows) {
        long width = output.getShape().dimension() == 1 ? 1 : output.getShape().get(1);
        if (width == 1) {
            return output.sum();
        }
        float[] oneHot = new float[rows * (int) width];
        for (int r = 0; r < rows; r++) {
            oneHot[r * (int) width + targets[r]] = 1f;
        }
        NDArray mask = scope.create(oneHot, new Shape(1, rows, width)); // (1, B, C)
        return output.reshape(groups, rows, width).mul(mask).sum(); // (groups, B, C) -> scalar
    }

    /** Clears a leaf's gradient between the backward passes of several targets (backward adds into it). */
    static void zeroGradient(NDArray leaf) {
        JniUtils.zeroGrad((PtNDArray) leaf);
    }

    /** (rows, rowShape...). */
    static Shape batchShape(int rows, Shape rowShape) {
        return new Shape(rows).addAll(rowShape);
    }

    /** (rows, rowShape...). */
    static Shape batchShape(int rows, int[] rowShape) {
        long[] dims = new long[rowShape.length + 1];
        dims[0] = rows;
        for (int i = 0; i < rowShape.length; i++) {
            dims[i + 1] = rowShape[i];
        }
        return new Shape(dims);
    }

    /**
     * Every value of {@code actual} within {@link #SPLIT_TOLERANCE} × {@code sizes} of
     * {@code expected}, or a {@link ModelException} naming the file, what differs, and the fix.
     *
     * @param path the gradient path that needs the split exact, e.g. "the affine-head fast path"
     */
    static void requireClose(Path file, NDArray actual, NDArray expected, NDArray sizes, String what, String path,
            String fix) {
        NDArray differences = actual.sub(expected).abs();
        if (differences.gt(sizes.mul(SPLIT_TOLERANCE)).any().getBoolean()) {
            throw new ModelException("model " + file + ": " + what + " (largest difference "
                    + differences.max().getFloat() + " at values up to " + expected.abs().max().getFloat()
                    + "); " + path + " needs the split exact: " + fix);
        }
    }
}
