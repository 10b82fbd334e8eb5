package io.igaudit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.ModelOutputs;
import io.igaudit.ig.Quadrature;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The plain gradient path of a model that takes one float tensor: outputs, and input gradients at
 * every interpolated point of a chunk in one forward pass (one backward pass per target over the
 * retained graph), and the sampled points of Expected Gradients.
 */
final class PlainPath {

    private final LoadedModule module;

    PlainPath(LoadedModule module) {
        this.module = module;
    }

    /** forward(x) at a batch of points, without gradients. */
    ModelOutputs evaluate(FeatureBatch points) {
        return inScope(points.rowShape(), scope -> {
            NDArray input = scope.create(points.data(), Autograd.batchShape(points.rows(), points.rowShape()), DataType.FLOAT32);
            NDArray output = forward(input, false);
            return new ModelOutputs(output.toFloatArray(), points.rows(), module.outputWidth(output, points.rows()));
        });
    }

    /** Σ_k w_k ∇F_t(x' + α_k (x − x')) per target set, all targets from one forward pass. */
    float[][] weightedGradientsForTargets(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets) {
        requirePathLayout(inputs, baseline, targets);
        int rows = inputs.rows();
        int stepCount = steps.steps();
        return inScope(inputs.rowShape(), scope -> {
            NDArray x = flatRows(scope, inputs); // (B, E)
            NDArray xPrime = flatRows(scope, baseline); // (1, E) or (B, E)
            NDArray alphas = scope.create(steps.alphasAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            NDArray weights = scope.create(steps.weightsAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            // (m, B, E) = x' + α (x - x'), step-major as in Captum
            NDArray points = Autograd.pointsWithGradients(xPrime.expandDims(0), x.sub(xPrime).expandDims(0), alphas,
                    Autograd.batchShape(stepCount * rows, inputs.rowShape()));
            NDArray output = forwardWithGradients(points);
            float[][] sums = new float[targets.length][];
            for (int j = 0; j < targets.length; j++) {
                boolean moreTargets = j < targets.length - 1;
                NDArray grads = Autograd.gradients(scope, points, output, targets[j], stepCount, rows, moreTargets); // (m, B, E)
                sums[j] = grads.mul(weights).sum(new int[] {0}).toFloatArray(); // (B, E)
                if (moreTargets) {
                    Autograd.zeroGradient(points);
                }
            }
            return sums;
        });
    }

    /** Σ_s (x − x'_s) ⊙ ∇F_t(x'_s + α_s (x − x'_s)) per row, one random point per reference. */
    float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
        requireSampleLayout(inputs, references, alphas);
        requireOneTargetPerRow(targets, inputs.rows());
        int rows = inputs.rows();
        int samples = references.rows() / rows;
        return inScope(inputs.rowShape(), scope -> {
            NDArray x = flatRows(scope, inputs).expandDims(0); // (1, B, E)
            NDArray refs = flatRows(scope, references).reshape(samples, rows, inputs.elementsPerRow()); // (S, B, E)
            NDArray differences = x.sub(refs); // (S, B, E)
            NDArray alphaPerPoint = scope.create(alphas, new Shape(samples, rows, 1)); // (S, B, 1)
            // (S, B, E) = x'_s + α_s (x - x'_s)
            NDArray points = Autograd.pointsWithGradients(refs, differences, alphaPerPoint,
                    Autograd.batchShape(samples * rows, inputs.rowShape()));
            NDArray output = forwardWithGradients(points);
            NDArray grads = Autograd.gradients(scope, points, output, targets, samples, rows, false); // (S, B, E)
            return differences.mul(grads).sum(new int[] {0}).toFloatArray(); // (B, E)
        });
    }

    /** Σ_s w_{s,r} ⊙ ∇F_t(p_{s,r}) per row, at given points (sample-major) with per-element weights. */
    float[] pointGradients(FeatureBatch points, float[] weights, int rows, int[] targets) {
        requireOneTargetPerRow(targets, rows);
        int elements = points.elementsPerRow();
        if (points.rows() % rows != 0 || weights.length != points.rows() * elements) {
            throw new IllegalArgumentException("expected S·" + rows + " points and one weight per element, got "
                    + points.rows() + " points and " + weights.length + " weights");
        }
        int samples = points.rows() / rows;
        return inScope(points.rowShape(), scope -> {
            NDArray leaf = scope.create(points.data(), Autograd.batchShape(points.rows(), points.rowShape()), DataType.FLOAT32);
            leaf.setRequiresGradient(true);
            NDArray output = forwardWithGradients(leaf);
            NDArray grads = Autograd.gradients(scope, leaf, output, targets, samples, rows, false); // (S, B, E)
            NDArray weighting = scope.create(weights, new Shape(samples, rows, elements));
            return grads.mul(weighting).sum(new int[] {0}).toFloatArray(); // (B, E)
        });
    }

    /** forward(x) on one float tensor, its result as float32. */
    NDArray forward(NDArray input, boolean withGradients) {
        return module.runForOne(LoadedModule.FORWARD, new NDList(input), withGradients);
    }

    /** The model's outputs with autograd on for this thread (thread-local in libtorch; DJL turns it off on its start thread). */
    private NDArray forwardWithGradients(NDArray points) {
        JniUtils.setGradMode(true);
        return forward(points, true);
    }

    /** Work on rows of {@code rowShape} in a scope whose engine failures name the rows' shape. */
    <T> T inScope(int[] rowShape, Function<NDManager, T> work) {
        return module.inScope(work, e -> {
            String reason = EngineErrors.reason(e.getMessage());
            return new ModelException("model " + module.file() + " failed on rows of shape " + Arrays.toString(rowShape)
                    + " (check input.features / input.shape against what the model expects): " + reason
                    + EngineErrors.widthHint(reason, rowShape), e);
        });
    }

    /** A batch as a (rows, elementsPerRow) array over its buffer. */
    private static NDArray flatRows(NDManager scope, FeatureBatch batch) {
        return scope.create(batch.data(), new Shape(batch.rows(), batch.elementsPerRow()), DataType.FLOAT32);
    }

    /** A baseline of 1 or B rows of the inputs' shape, and one target per row for every target set. */
    static void requirePathLayout(FeatureBatch inputs, FeatureBatch baseline, int[][] targets) {
        requireSameRowShape(inputs, baseline, "baseline");
        if (baseline.rows() != 1 && baseline.rows() != inputs.rows()) {
            throw new IllegalArgumentException("baseline has " + baseline.rows() + " rows for " + inputs.rows()
                    + " input rows; it needs 1 (shared by every row) or " + inputs.rows() + " (one per row)");
        }
        for (int[] perRow : targets) {
            requireOneTargetPerRow(perRow, inputs.rows());
        }
    }

    private static void requireSampleLayout(FeatureBatch inputs, FeatureBatch references, float[] alphas) {
        requireSameRowShape(inputs, references, "references");
        if (references.rows() % inputs.rows() != 0) {
            throw new IllegalArgumentException("references have " + references.rows() + " rows for " + inputs.rows()
                    + " input rows; they need a whole number of samples per row (S·B rows, sample-major)");
        }
        if (alphas.length != references.rows()) {
            throw new IllegalArgumentException(
                    alphas.length + " alphas for " + references.rows() + " references; they need one each");
        }
    }

    private static void requireSameRowShape(FeatureBatch inputs, FeatureBatch other, String name) {
        if (!inputs.sameRowShape(other)) {
            throw new IllegalArgumentException(name + " rows have shape " + Arrays.toString(other.rowShape())
                    + " but input rows have shape " + Arrays.toString(inputs.rowShape()));
        }
    }

    private static void requireOneTargetPerRow(int[] targets, int rows) {
        if (targets.length != rows) {
            throw new IllegalArgumentException(targets.length + " targets for " + rows + " rows; they need one per row");
        }
    }
}
