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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 */
public final class TorchScriptModel implements PathGradients, AutoCloseable {

    private static final String ENGINE = "PyTorch";

    private final Path file;
    private final Model model;
    private final PtSymbolBlock block;
    private final Device device;

    private TorchScriptModel(Path file, Model model, PtSymbolBlock block, Device device) {
        this.file = file;
        this.model = model;
        this.block = block;
        this.device = device;
    }

    /**
     * Loads a TorchScript file onto the chosen device.
     *
     * @throws ModelException if the file is missing, unreadable or not a TorchScript model, or the
     *     device is not available
     */
    public static TorchScriptModel load(Path file, DeviceChoice choice) {
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
            return new TorchScriptModel(file, model, block, device);
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
        requireBaselineRows(inputs, baseline);
        for (int[] perRow : targets) {
            requireOneTargetPerRow(perRow, inputs.rows());
        }
        int rows = inputs.rows();
        int stepCount = steps.steps();
        return inScope(inputs.rowShape(), scope -> {
            NDArray x = flatRows(scope, inputs); // (B, E)
            NDArray xPrime = flatRows(scope, baseline); // (1, E) or (B, E)
            NDArray alphas = scope.create(steps.alphasAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            NDArray weights = scope.create(steps.weightsAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            // (m, B, E) = x' + α (x - x'), step-major as in Captum
            NDArray points = pointsWithGradients(xPrime.expandDims(0), x.sub(xPrime).expandDims(0), alphas,
                    stepCount * rows, inputs.rowShape());
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
            NDArray points = pointsWithGradients(refs, differences, alphaPerPoint, samples * rows, inputs.rowShape());
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
     * {@code starts + alphas · differences} in one broadcast, reshaped to {@code count} model rows,
     * as a fresh leaf that records its gradient.
     */
    private static NDArray pointsWithGradients(
            NDArray starts, NDArray differences, NDArray alphas, int count, int[] rowShape) {
        NDArray points = alphas.mul(differences).add(starts).reshape(batchShape(count, rowShape));
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
        NDList outputs = IValueUtils.forward(block, new NDList(input), withGradients);
        if (outputs.size() != 1) {
            throw new ModelException("model " + file + " returns " + outputs.size()
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
        return new ModelException("model " + file + " failed on rows of shape " + Arrays.toString(rowShape)
                + " (check input.features / input.shape against what the model expects): "
                + firstLine(e.getMessage()), e);
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
                    throw new ModelException("model.device is " + choice + " but this machine's libtorch sees "
                            + gpus + " GPU(s); use auto or cpu, or a CUDA build of libtorch (see README, GPU)");
                }
                yield Device.gpu(choice.gpuIndex());
            }
        };
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
        if (message == null) {
            return "(no message)";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

}
