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
import java.util.Map;

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
 * one instance at once.
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
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = scope.create(points.data(), batchShape(points.rows(), points.rowShape()), DataType.FLOAT32);
            NDArray output = forward(input, false);
            return new ModelOutputs(output.toFloatArray(), points.rows(), outputWidth(output, points.rows()));
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw runFailure(points.rowShape(), e);
        }
    }

    @Override
    public float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
        int rows = inputs.rows();
        int elements = inputs.elementsPerRow();
        int stepCount = steps.steps();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            JniUtils.setGradMode(true); // thread-local in libtorch; DJL turns it off on its start thread
            NDArray x = scope.create(inputs.data(), new Shape(rows, elements), DataType.FLOAT32); // (B, E)
            NDArray xPrime = scope.create(baseline.data(), new Shape(1, elements), DataType.FLOAT32); // (1, E)
            NDArray alphas = scope.create(steps.alphasAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            // points: (m, B, E) = x' + α (x - x') in one broadcast, step-major as in Captum,
            // then (m·B, rowShape...) for the model.
            NDArray points = alphas.mul(x.sub(xPrime).expandDims(0))
                    .add(xPrime.expandDims(0))
                    .reshape(batchShape(stepCount * rows, inputs.rowShape()));
            points.setRequiresGradient(true);
            NDArray output = forward(points, true); // (m·B, C) or (m·B,)
            NDArray objective = sumOfTargets(scope, output, targets, stepCount, rows);
            JniUtils.backward((PtNDArray) objective, (PtNDArray) scope.ones(objective.getShape()), false, false);
            // grads: (m·B, rowShape...) -> (m, B, E); weighted sum over steps -> (B, E)
            NDArray grads = points.getGradient().reshape(stepCount, rows, elements);
            NDArray weights = scope.create(steps.weightsAsFloats(), new Shape(stepCount, 1, 1));
            return grads.mul(weights).sum(new int[] {0}).toFloatArray();
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw runFailure(inputs.rowShape(), e);
        }
    }

    @Override
    public float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
        throw new UnsupportedOperationException("sampledGradients: being written (issue 6)");
    }

    /** Σ over all points of the target output: one scalar whose gradient is every point's gradient. */
    private static NDArray sumOfTargets(NDManager scope, NDArray output, int[] targets, int steps, int rows) {
        long width = output.getShape().dimension() == 1 ? 1 : output.getShape().get(1);
        if (width == 1) {
            return output.sum();
        }
        float[] oneHot = new float[rows * (int) width];
        for (int r = 0; r < rows; r++) {
            oneHot[r * (int) width + targets[r]] = 1f;
        }
        NDArray mask = scope.create(oneHot, new Shape(1, rows, width)); // (1, B, C)
        return output.reshape(steps, rows, width).mul(mask).sum(); // (m, B, C) -> scalar
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
        return new ModelException("model " + file + " failed on rows of shape " + java.util.Arrays.toString(rowShape)
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
