package io.igaudit.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.ModelOutputs;
import io.igaudit.ig.PathGradients;
import io.igaudit.ig.Quadrature;
import io.igaudit.ig.StepChunker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A TorchScript model on one device, giving outputs and input gradients for IG.
 *
 * <p>How gradients are taken (see the field notes): the module is loaded with
 * {@code trainParam=true} (otherwise it runs under inference mode and has no graph), its
 * parameters are frozen (no weight gradients), and it is switched to eval mode once. Forward
 * passes then go straight to the module with autograd on, bypassing {@code PtSymbolBlock}'s
 * train/eval toggling: Dropout stays off and BatchNorm uses its running statistics, so rows never
 * influence each other. Grad mode is thread-local in libtorch and set on every call; no
 * {@code GradientCollector} is used (only one may be open per JVM), so several threads may call
 * one instance at once. Several targets share one forward pass: the graph is kept for one
 * backward pass per target, and the input gradient is cleared between them.
 *
 * <p>Affine-head fast path: a module that exports {@code ig_affine_head(x)} (affine in x: Linear,
 * Conv, fixed normalisation) and {@code ig_tail(h)} with {@code forward(x) = ig_tail(ig_affine_head(x))}
 * is integrated with less arithmetic and the same result. Along the path the head is
 * {@code head(x') + α (head(x) - head(x'))}, so it runs once per row (and once per baseline row)
 * instead of once per step, and its Jacobian is the same at every point, so the backward pass
 * through it runs once per row, on the step-weighted sum of the gradients at its output. The
 * split is checked against {@code forward} on a few rows of the first batch (or the driver's
 * probe rows).
 */
public final class TorchScriptModel implements PathGradients, AutoCloseable {

    private static final String ENGINE = "PyTorch";
    private static final String FORWARD_METHOD = "forward";
    /** The exported method of the affine head, for the fast path. */
    public static final String HEAD_METHOD = "ig_affine_head";
    /** The exported method of the rest of the model after the head. */
    public static final String TAIL_METHOD = "ig_tail";
    /** DJL runs the method named by an input array called {@code module_method:<name>}; that array is not passed. */
    private static final String METHOD_MARKER = "module_method:";
    /** Largest difference the split check allows, relative to each value's size (plus 1). */
    private static final float SPLIT_TOLERANCE = 1e-2f;
    private static final int SPLIT_CHECK_ROWS = 8;

    private final Path file;
    private final Model model;
    private final PtSymbolBlock block;
    private final Device device;
    private final boolean affineHead;
    private volatile boolean splitChecked;

    private TorchScriptModel(Path file, Model model, PtSymbolBlock block, Device device, boolean affineHead) {
        this.file = file;
        this.model = model;
        this.block = block;
        this.device = device;
        this.affineHead = affineHead;
    }

    /**
     * Loads a TorchScript file onto the chosen device.
     *
     * @throws ModelException if the file is missing, unreadable or not a TorchScript model, or the
     *     device is not available, or it exports only one of {@code ig_affine_head} and {@code ig_tail}
     */
    public static TorchScriptModel load(Path file, DeviceChoice choice) {
        return load(file, choice, true);
    }

    /**
     * Loads a TorchScript file onto the chosen device; {@code useAffineHead} false ignores an
     * exported affine head (for benchmarks and tests that compare both paths on one model).
     */
    public static TorchScriptModel load(Path file, DeviceChoice choice, boolean useAffineHead) {
        if (!Files.exists(file)) {
            throw new ModelException("model file not found: " + file
                    + " (set model.path to an existing TorchScript file, saved with torch.jit.save)");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelException("model file is not a readable regular file: " + file);
        }
        Device device = resolveDevice(choice);
        Model model = Model.newInstance(fileStem(file), device, ENGINE);
        try {
            // trainParam: load outside inference mode so that autograd can record the graph.
            model.load(file, null, Map.of("trainParam", "true", "mapLocation", "true"));
            if (!(model.getBlock() instanceof PtSymbolBlock block)) {
                throw new ModelException("model file " + file + " did not load as a TorchScript module");
            }
            block.freezeParameters(true);
            JniUtils.enableInferenceMode(block); // module.eval(): Dropout off, BatchNorm running stats
            boolean exportsHead = exportsAffineHead(file, block);
            return new TorchScriptModel(file, model, block, device, useAffineHead && exportsHead);
        } catch (ModelException e) {
            model.close();
            throw e;
        } catch (Exception e) {
            model.close();
            throw new ModelException("model file " + file + " is not a TorchScript model that libtorch "
                    + Engine.getEngine(ENGINE).getVersion() + " can load (save it with torch.jit.script(...).save or "
                    + "torch.jit.trace(...).save): " + firstLine(e.getMessage()), e);
        }
    }

    /** The model file. */
    public Path file() {
        return file;
    }

    /** The loaded module, for tests that drive it through DJL's own inference API. */
    PtSymbolBlock block() {
        return block;
    }

    /** Whether path integrals take the affine-head fast path (the module exports the split and it is in use). */
    public boolean usesAffineHead() {
        return affineHead;
    }

    /** The device the model runs on, e.g. {@code cpu()} or {@code gpu(0)}. */
    public String device() {
        return device.toString();
    }

    @Override
    public ModelOutputs evaluate(FeatureBatch points) {
        return inScope(points.rowShape(), scope -> {
            NDArray input = scope.create(points.data(), batchShape(points.rows(), points.rowShape()), DataType.FLOAT32);
            NDArray output = forward(input, false);
            return new ModelOutputs(output.toFloatArray(), points.rows(), outputWidth(output, points.rows()));
        });
    }

    @Override
    public float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
        return weightedGradientsForTargets(inputs, baseline, steps, new int[][] {targets})[0];
    }

    /**
     * {@inheritDoc}
     *
     * <p>One forward pass for all targets; each target has its own backward pass over the retained
     * graph.
     */
    @Override
    public float[][] weightedGradientsForTargets(
            FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets) {
        requirePathLayout(inputs, baseline, targets);
        int rows = inputs.rows();
        int stepCount = steps.steps();
        return inScope(inputs.rowShape(), scope -> {
            NDArray x = flatRows(scope, inputs); // (B, E)
            NDArray xPrime = flatRows(scope, baseline); // (1, E) or (B, E)
            NDArray alphas = scope.create(steps.alphasAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            NDArray weights = scope.create(steps.weightsAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            // (m, B, E) = x' + α (x - x'), step-major as in Captum
            NDArray points = pointsWithGradients(xPrime.expandDims(0), x.sub(xPrime).expandDims(0), alphas,
                    batchShape(stepCount * rows, inputs.rowShape()));
            NDArray output = forwardWithGradients(points);
            float[][] sums = new float[targets.length][];
            for (int j = 0; j < targets.length; j++) {
                boolean moreTargets = j < targets.length - 1;
                NDArray grads = gradients(scope, points, output, targets[j], stepCount, rows, moreTargets); // (m, B, E)
                sums[j] = grads.mul(weights).sum(new int[] {0}).toFloatArray(); // (B, E)
                if (moreTargets) {
                    JniUtils.zeroGrad((PtNDArray) points); // backward adds into the points' gradient
                }
            }
            return sums;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>With an affine head (see the class comment), the steps are chunked by the head's output
     * elements, the weighted gradients at the head's output are summed over all chunks, and one
     * backward pass per target takes the sum back to the inputs.
     */
    @Override
    public float[][] pathIntegrals(
            FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets, long maxElementsPerPass) {
        if (!affineHead) {
            return PathGradients.super.pathIntegrals(inputs, baseline, steps, targets, maxElementsPerPass);
        }
        requirePathLayout(inputs, baseline, targets);
        int rows = inputs.rows();
        return inScope(inputs.rowShape(), scope -> {
            NDArray x = scope.create(inputs.data(), batchShape(rows, inputs.rowShape()), DataType.FLOAT32);
            NDArray xPrime = scope.create(baseline.data(), batchShape(baseline.rows(), inputs.rowShape()), DataType.FLOAT32);
            JniUtils.setGradMode(true); // the head runs outside inference mode, so its results may enter the graph
            if (!splitChecked) {
                checkSplit(x, xPrime);
            }
            // The head at the inputs keeps its graph for the way back: one forward pass at x serves both.
            NDArray leaf = x.duplicate();
            leaf.setRequiresGradient(true);
            NDArray headAtInputs = call(HEAD_METHOD, leaf, true); // (B, H...)
            NDArray headAtBaseline = call(HEAD_METHOD, xPrime, true); // (1 or B, H...)
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
            NDArray points = pointsWithGradients(start, difference, alphas, batchShape(stepCount * rows, headRowShape));
            NDArray output = call(TAIL_METHOD, points, true);
            for (int j = 0; j < targets.length; j++) {
                boolean moreTargets = j < targets.length - 1;
                sums[j].addi(gradients(pass, points, output, targets[j], stepCount, rows, moreTargets)
                        .mul(weights).sum(new int[] {0}));
                if (moreTargets) {
                    JniUtils.zeroGrad((PtNDArray) points);
                }
            }
        }
    }

    /**
     * Checks an exported affine-head split on {@code rows} against {@code baseline} (1 row or one
     * per row), as the first batch would: the driver calls it before any task runs, so that a
     * wrong split stops the job at once. Does nothing for a model that takes the plain path.
     *
     * @throws ModelException naming the method that is not what the fast path needs
     */
    public void checkAffineHead(FeatureBatch rows, FeatureBatch baseline) {
        if (!affineHead) {
            return;
        }
        requireBaselineRows(rows, baseline);
        inScope(rows.rowShape(), scope -> {
            JniUtils.setGradMode(true);
            checkSplit(scope.create(rows.data(), batchShape(rows.rows(), rows.rowShape()), DataType.FLOAT32),
                    scope.create(baseline.data(), batchShape(baseline.rows(), rows.rowShape()), DataType.FLOAT32));
            return null;
        });
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
                JniUtils.zeroGrad((PtNDArray) leaf);
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
        long rows = Math.min(SPLIT_CHECK_ROWS, x.getShape().get(0));
        NDArray someRows = x.get("0:" + rows);
        NDArray theirBaseline = xPrime.getShape().get(0) == 1 ? xPrime : xPrime.get("0:" + rows);
        NDArray headAtRows = call(HEAD_METHOD, someRows, true);
        Shape headShape = headAtRows.getShape();
        if (headShape.dimension() < 1 || headShape.get(0) != rows) {
            throw new ModelException("model " + file + ": " + HEAD_METHOD + " returned shape " + headShape + " for "
                    + rows + " rows; it must keep the rows as its first dimension, as forward does");
        }
        NDArray atInputs = forward(someRows, true);
        requireClose(call(TAIL_METHOD, headAtRows, true), atInputs, atInputs.abs().add(1f),
                TAIL_METHOD + "(" + HEAD_METHOD + "(x)) differs from forward(x)",
                "make forward(x) return ig_tail(ig_affine_head(x))");
        NDArray headAtBaseline = call(HEAD_METHOD, theirBaseline, true);
        NDArray difference = someRows.sub(theirBaseline);
        NDArray atMidpoint = call(HEAD_METHOD, theirBaseline.add(difference.mul(0.5f)), true);
        NDArray atTwice = call(HEAD_METHOD, theirBaseline.add(difference.mul(2f)), true);
        NDArray sizes = headAtRows.abs().mul(2f).add(headAtBaseline.abs()).add(1f);
        String notAffine = HEAD_METHOD + " is not affine along the path from the baseline";
        String fix = "keep only affine layers (Linear, Conv, fixed normalisation) in " + HEAD_METHOD
                + " and move the rest into " + TAIL_METHOD + ", or export neither method";
        requireClose(atMidpoint, headAtRows.add(headAtBaseline).mul(0.5f), sizes, notAffine, fix);
        requireClose(atTwice, headAtRows.mul(2f).sub(headAtBaseline), sizes, notAffine, fix);
        splitChecked = true;
    }

    /** Every value of {@code actual} within {@link #SPLIT_TOLERANCE} × {@code sizes} of {@code expected}. */
    private void requireClose(NDArray actual, NDArray expected, NDArray sizes, String what, String fix) {
        NDArray differences = actual.sub(expected).abs();
        if (differences.gt(sizes.mul(SPLIT_TOLERANCE)).any().getBoolean()) {
            throw new ModelException("model " + file + ": " + what + " (largest difference "
                    + differences.max().getFloat() + " at values up to " + expected.abs().max().getFloat()
                    + "); the affine-head fast path needs the split exact: " + fix);
        }
    }

    @Override
    public float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
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
            NDArray points = pointsWithGradients(refs, differences, alphaPerPoint, batchShape(samples * rows, inputs.rowShape()));
            NDArray output = forwardWithGradients(points);
            NDArray grads = gradients(scope, points, output, targets, samples, rows, false); // (S, B, E)
            return differences.mul(grads).sum(new int[] {0}).toFloatArray(); // (B, E)
        });
    }

    /**
     * Runs {@code work} in a fresh sub-manager, so that only plain results leave it, and wraps
     * engine failures in one {@link ModelException}.
     */
    private <T> T inScope(int[] rowShape, Function<NDManager, T> work) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            return work.apply(scope);
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw runFailure(rowShape, e);
        }
    }

    /** A batch as a (rows, elementsPerRow) array over its buffer. */
    private static NDArray flatRows(NDManager scope, FeatureBatch batch) {
        return scope.create(batch.data(), new Shape(batch.rows(), batch.elementsPerRow()), DataType.FLOAT32);
    }

    /**
     * {@code starts + alphas · differences} in one broadcast, reshaped to {@code shape} (model
     * rows first), as a fresh leaf that records its gradient.
     */
    private static NDArray pointsWithGradients(NDArray starts, NDArray differences, NDArray alphas, Shape shape) {
        NDArray points = alphas.mul(differences).add(starts).reshape(shape);
        points.setRequiresGradient(true);
        return points;
    }

    /** The model's outputs with autograd on for this thread (thread-local in libtorch; DJL turns it off on its start thread). */
    private NDArray forwardWithGradients(NDArray points) {
        JniUtils.setGradMode(true);
        return forward(points, true);
    }

    /**
     * One backward pass for the target outputs of {@code groups × rows} points, point-major in
     * groups of {@code rows}; the gradients as (groups, rows, elements). {@code keepGraph} leaves
     * the graph for another backward pass.
     */
    private static NDArray gradients(NDManager scope, NDArray points, NDArray output, int[] targets,
            int groups, int rows, boolean keepGraph) {
        NDArray objective = sumOfTargets(scope, output, targets, groups, rows);
        JniUtils.backward((PtNDArray) objective, (PtNDArray) scope.ones(objective.getShape()), keepGraph, false);
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

    /** A baseline of 1 or B rows of the inputs' shape, and one target per row for every target set. */
    private static void requirePathLayout(FeatureBatch inputs, FeatureBatch baseline, int[][] targets) {
        requireBaselineRows(inputs, baseline);
        for (int[] perRow : targets) {
            requireOneTargetPerRow(perRow, inputs.rows());
        }
    }

    private static void requireBaselineRows(FeatureBatch inputs, FeatureBatch baseline) {
        requireSameRowShape(inputs, baseline, "baseline");
        if (baseline.rows() != 1 && baseline.rows() != inputs.rows()) {
            throw new IllegalArgumentException("baseline has " + baseline.rows() + " rows for " + inputs.rows()
                    + " input rows; it needs 1 (shared by every row) or " + inputs.rows() + " (one per row)");
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

    private NDArray forward(NDArray input, boolean withGradients) {
        return call(FORWARD_METHOD, input, withGradients);
    }

    /** Runs one of the module's methods on one tensor; its result as one float32 tensor. */
    private NDArray call(String method, NDArray input, boolean withGradients) {
        NDList arguments = new NDList(input);
        if (!FORWARD_METHOD.equals(method)) {
            NDArray marker = input.getManager().create(0f);
            marker.setName(METHOD_MARKER + method);
            arguments.add(marker);
        }
        NDList outputs;
        try {
            outputs = IValueUtils.forward(block, arguments, withGradients);
        } catch (RuntimeException e) {
            if (FORWARD_METHOD.equals(method)) {
                throw e; // callers say what the rows were
            }
            throw new ModelException("model " + file + ": " + method + " failed on a tensor of shape " + input.getShape()
                    + ": " + firstLine(e.getMessage()), e);
        }
        if (outputs.size() != 1) {
            throw new ModelException("model " + file + ": " + method + " returns " + outputs.size()
                    + " tensors; IG Audit explains models whose forward returns one tensor");
        }
        NDArray output = outputs.singletonOrThrow();
        return output.getDataType() == DataType.FLOAT32 ? output : output.toType(DataType.FLOAT32, false);
    }

    private int outputWidth(NDArray output, int rows) {
        Shape shape = output.getShape();
        boolean rowsMatch = shape.dimension() >= 1 && shape.get(0) == rows;
        if (rowsMatch && shape.dimension() == 1) {
            return 1;
        }
        if (rowsMatch && shape.dimension() == 2) {
            return Math.toIntExact(shape.get(1));
        }
        throw new ModelException("model " + file + " returned output of shape " + shape + " for " + rows
                + " input rows; IG Audit needs (rows,) or (rows, outputs)");
    }

    private ModelException runFailure(int[] rowShape, RuntimeException e) {
        String reason = firstLine(e.getMessage());
        return new ModelException("model " + file + " failed on rows of shape " + Arrays.toString(rowShape)
                + " (check input.features / input.shape against what the model expects): "
                + reason + EngineErrors.widthHint(reason, rowShape), e);
    }

    @Override
    public void close() {
        model.close();
    }

    /** The concrete device a choice means on this machine. */
    static Device resolveDevice(DeviceChoice choice) {
        int gpus = Engine.getEngine(ENGINE).getGpuCount();
        return switch (choice.kind()) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (choice.gpuIndex() >= gpus) {
                    throw ModelException.configurationProblem("model.device is " + choice + " but this machine's libtorch sees "
                            + gpus + " GPU(s); use auto or cpu, or a CUDA build of libtorch (see README, GPU)");
                }
                yield Device.gpu(choice.gpuIndex());
            }
        };
    }

    /**
     * Whether the module exports the affine-head split; one method without the other is an error,
     * not a silent fallback.
     */
    private static boolean exportsAffineHead(Path file, PtSymbolBlock block) {
        List<String> methods = Arrays.asList(JniUtils.getMethodNames(block));
        boolean head = methods.contains(HEAD_METHOD);
        boolean tail = methods.contains(TAIL_METHOD);
        if (head != tail) {
            throw new ModelException("model file " + file + " exports " + (head ? HEAD_METHOD : TAIL_METHOD)
                    + " but not " + (head ? TAIL_METHOD : HEAD_METHOD) + "; the affine-head fast path needs both "
                    + "(forward(x) = " + TAIL_METHOD + "(" + HEAD_METHOD + "(x))), or neither for the plain path");
        }
        return head;
    }

    private static Shape batchShape(int rows, Shape rowShape) {
        return new Shape(rows).addAll(rowShape);
    }

    private static Shape batchShape(int rows, int[] rowShape) {
        long[] dims = new long[rowShape.length + 1];
        dims[0] = rows;
        for (int i = 0; i < rowShape.length; i++) {
            dims[i + 1] = rowShape[i];
        }
        return new Shape(dims);
    }

    private static String fileStem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    }

    private static String firstLine(String message) {
        return EngineErrors.reason(message);
    }

}
