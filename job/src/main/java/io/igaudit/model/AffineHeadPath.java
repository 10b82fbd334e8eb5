package io.igaudit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.Quadrature;
import io.igaudit.ig.StepChunker;

/**
 * The affine-head fast path: a module that exports {@code ig_affine_head(x)} (affine in x: Linear,
 * Conv, fixed normalisation) and {@code ig_tail(h)} with {@code forward(x) = ig_tail(ig_affine_head(x))}
 * is integrated with less arithmetic and the same result. Along the path the head is
 * {@code head(x') + α (head(x) - head(x'))}, so it runs once per row (and once per baseline row)
 * instead of once per step, and its Jacobian is the same at every point, so the backward pass
 * through it runs once per row, on the step-weighted sum of the gradients at its output. The
 * split is checked against {@code forward} on a few rows of the first batch (or the driver's
 * probe rows).
 */
final class AffineHeadPath {

    /** The exported method of the affine head. */
    static final String HEAD_METHOD = "ig_affine_head";
    /** The exported method of the rest of the model after the head. */
    static final String TAIL_METHOD = "ig_tail";
    private static final String PATH = "the affine-head fast path";

    private final LoadedModule module;
    private final PlainPath plain;
    private volatile boolean splitChecked;

    private AffineHeadPath(LoadedModule module, PlainPath plain) {
        this.module = module;
        this.plain = plain;
    }

    /**
     * The fast path of a module that exports the split, or null when it exports neither method.
     *
     * @throws ModelException when it exports only one of the two
     */
    static AffineHeadPath of(LoadedModule module, PlainPath plain) {
        boolean exported = module.exportsSplit(HEAD_METHOD, TAIL_METHOD, PATH,
                "forward(x) = " + TAIL_METHOD + "(" + HEAD_METHOD + "(x))");
        return exported ? new AffineHeadPath(module, plain) : null;
    }

    /**
     * The path integral for every target: the steps are chunked by the head's output elements,
     * the weighted gradients at the head's output are summed over all chunks, and one backward
     * pass per target takes the sum back to the inputs.
     */
    float[][] pathIntegrals(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets,
            long maxElementsPerPass) {
        PlainPath.requirePathLayout(inputs, baseline, targets);
        int rows = inputs.rows();
        return plain.inScope(inputs.rowShape(), scope -> {
            NDArray x = scope.create(inputs.data(), Autograd.batchShape(rows, inputs.rowShape()), DataType.FLOAT32);
            NDArray xPrime = scope.create(baseline.data(), Autograd.batchShape(baseline.rows(), inputs.rowShape()),
                    DataType.FLOAT32);
            JniUtils.setGradMode(true); // the head runs outside inference mode, so its results may enter the graph
            if (!splitChecked) {
                checkSplit(x, xPrime);
            }
            // The head at the inputs keeps its graph for the way back: one forward pass at x serves both.
            NDArray leaf = x.duplicate();
            leaf.setRequiresGradient(true);
            NDArray headAtInputs = head(leaf); // (B, H...)
            NDArray headAtBaseline = head(xPrime); // (1 or B, H...)
            Shape headRowShape = headAtInputs.getShape().slice(1);
            long headElements = headRowShape.size();
            NDArray start = headAtBaseline.reshape(baseline.rows(), headElements).expandDims(0); // (1, 1 or B, H)
            NDArray difference = headAtInputs.stopGradient().reshape(rows, headElements).expandDims(0).sub(start); // (1, B, H)
            // Σ_k w_k ∂F/∂h per target, (B, H); added in float32 on the device (the plain path adds
            // its chunks in double in Java): a few dozen additions, far below the quadrature error.
            NDArray[] sums = new NDArray[targets.length];
            for (int j = 0; j < targets.length; j++) {
                sums[j] = scope.zeros(new Shape(rows, headElements));
            }
            for (StepChunker.StepRange chunk : StepChunker.split(steps.steps(), rows * headElements, maxElementsPerPass)) {
                addChunk(scope, start, difference, headRowShape, steps.slice(chunk.from(), chunk.to()), targets, sums);
            }
            return backThroughHead(leaf, headAtInputs, sums);
        });
    }

    /**
     * Checks the split on {@code rows} against {@code baseline} (1 row or one per row), as the
     * first batch would: the driver calls it before any task runs, so that a wrong split stops
     * the job at once.
     *
     * @throws ModelException naming the method that is not what the fast path needs
     */
    void check(FeatureBatch rows, FeatureBatch baseline) {
        PlainPath.requirePathLayout(rows, baseline, new int[0][]);
        plain.inScope(rows.rowShape(), scope -> {
            JniUtils.setGradMode(true);
            checkSplit(scope.create(rows.data(), Autograd.batchShape(rows.rows(), rows.rowShape()), DataType.FLOAT32),
                    scope.create(baseline.data(), Autograd.batchShape(baseline.rows(), rows.rowShape()), DataType.FLOAT32));
            return null;
        });
    }

    /**
     * Adds one chunk of steps to {@code sums}: the tail at every (step, row) point of the head's
     * path in one forward pass, one backward pass per target. Everything the pass makes lives in
     * its own sub-manager and is freed at its end, so the memory bound holds per pass.
     */
    private void addChunk(NDManager scope, NDArray start, NDArray difference, Shape headRowShape, Quadrature part,
            int[][] targets, NDArray[] sums) {
        int rows = Math.toIntExact(difference.getShape().get(1));
        int stepCount = part.steps();
        try (NDManager pass = scope.newSubManager()) {
            NDArray alphas = pass.create(part.alphasAsFloats(), new Shape(stepCount, 1, 1));
            NDArray weights = pass.create(part.weightsAsFloats(), new Shape(stepCount, 1, 1));
            // alphas first: the points (and all that follows from them) belong to the pass's manager
            NDArray points = Autograd.pointsWithGradients(start, difference, alphas,
                    Autograd.batchShape(stepCount * rows, headRowShape));
            NDArray output = tail(points);
            for (int j = 0; j < targets.length; j++) {
                boolean moreTargets = j < targets.length - 1;
                sums[j].addi(Autograd.gradients(pass, points, output, targets[j], stepCount, rows, moreTargets)
                        .mul(weights).sum(new int[] {0}));
                if (moreTargets) {
                    Autograd.zeroGradient(points);
                }
            }
        }
    }

    /**
     * The input gradients that give {@code headGradients} at the head's output: one backward pass
     * per target through the head's graph at the inputs (its Jacobian is the same at every point).
     */
    private static float[][] backThroughHead(NDArray leaf, NDArray head, NDArray[] headGradients) {
        float[][] result = new float[headGradients.length][];
        for (int j = 0; j < headGradients.length; j++) {
            boolean moreTargets = j < headGradients.length - 1;
            JniUtils.backward((PtNDArray) head, (PtNDArray) headGradients[j].reshape(head.getShape()), moreTargets, false);
            result[j] = leaf.getGradient().toFloatArray();
            if (moreTargets) {
                Autograd.zeroGradient(leaf);
            }
        }
        return result;
    }

    /**
     * Checks on a few rows that the exported split is what the fast path assumes: the head keeps
     * the rows first, {@code ig_tail(ig_affine_head(x)) = forward(x)}, and the head is affine along
     * the path (at the midpoint and at twice the distance from the baseline), each value to 1 % of
     * its size (float rounding, TF32 convolutions on a GPU) and 1 % absolute. Throws a
     * {@link ModelException} that names the method otherwise. Only these rows are checked: the
     * fast path trusts the split beyond them.
     */
    private void checkSplit(NDArray x, NDArray xPrime) {
        long rows = Math.min(Autograd.SPLIT_CHECK_ROWS, x.getShape().get(0));
        NDArray someRows = x.get("0:" + rows);
        NDArray theirBaseline = xPrime.getShape().get(0) == 1 ? xPrime : xPrime.get("0:" + rows);
        NDArray headAtRows = head(someRows);
        Shape headShape = headAtRows.getShape();
        if (headShape.dimension() < 1 || headShape.get(0) != rows) {
            throw new ModelException("model " + module.file() + ": " + HEAD_METHOD + " returned shape " + headShape
                    + " for " + rows + " rows; it must keep the rows as its first dimension, as forward does");
        }
        NDArray atInputs = plain.forward(someRows, true);
        Autograd.requireClose(module.file(), tail(headAtRows), atInputs, atInputs.abs().add(1f),
                TAIL_METHOD + "(" + HEAD_METHOD + "(x)) differs from forward(x)", PATH,
                "make forward(x) return ig_tail(ig_affine_head(x))");
        NDArray headAtBaseline = head(theirBaseline);
        NDArray difference = someRows.sub(theirBaseline);
        NDArray atMidpoint = head(theirBaseline.add(difference.mul(0.5f)));
        NDArray atTwice = head(theirBaseline.add(difference.mul(2f)));
        NDArray sizes = headAtRows.abs().mul(2f).add(headAtBaseline.abs()).add(1f);
        String notAffine = HEAD_METHOD + " is not affine along the path from the baseline";
        String fix = "keep only affine layers (Linear, Conv, fixed normalisation) in " + HEAD_METHOD
                + " and move the rest into " + TAIL_METHOD + ", or export neither method";
        Autograd.requireClose(module.file(), atMidpoint, headAtRows.add(headAtBaseline).mul(0.5f), sizes, notAffine,
                PATH, fix);
        Autograd.requireClose(module.file(), atTwice, headAtRows.mul(2f).sub(headAtBaseline), sizes, notAffine,
                PATH, fix);
        splitChecked = true;
    }

    private NDArray head(NDArray x) {
        return module.runForOne(HEAD_METHOD, new NDList(x), true);
    }

    private NDArray tail(NDArray h) {
        return module.runForOne(TAIL_METHOD, new NDList(h), true);
    }
}
