package io.igaudit.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A loaded TorchScript module on its device, ready for input gradients, and the one place that
 * calls its methods. The gradient paths ({@link PlainPath}, {@link AffineHeadPath},
 * {@link LayerPath}) share it.
 *
 * <p>How gradients are taken (see the field notes): the module is loaded with
 * {@code trainParam=true} (otherwise it runs under inference mode and has no graph), its
 * parameters are frozen (no weight gradients), and it is switched to eval mode once. Methods are
 * then called straight on the module with autograd on, bypassing {@code PtSymbolBlock}'s
 * train/eval toggling: Dropout stays off and BatchNorm uses its running statistics, so rows never
 * influence each other. Grad mode is thread-local in libtorch and set by every path before its
 * forward pass; no {@code GradientCollector} is used (only one may be open per JVM), so several
 * threads may share one module.
 */
final class LoadedModule implements AutoCloseable {

    private static final String ENGINE = "PyTorch";
    /** The module's forward method. */
    static final String FORWARD = "forward";
    /** DJL runs the method named by an input array called {@code module_method:<name>}; that array is not passed. */
    private static final String METHOD_MARKER = "module_method:";

    private final Path file;
    private final Model model;
    private final PtSymbolBlock block;
    private final Device device;
    private final List<String> methods;

    private LoadedModule(Path file, Model model, PtSymbolBlock block, Device device) {
        this.file = file;
        this.model = model;
        this.block = block;
        this.device = device;
        this.methods = Arrays.asList(JniUtils.getMethodNames(block));
    }

    /**
     * Loads a TorchScript file onto the chosen device.
     *
     * @throws ModelException if the file is missing, unreadable or not a TorchScript model, or the
     *     device is not available
     */
    static LoadedModule load(Path file, DeviceChoice choice) {
        if (!Files.exists(file)) {
            throw new ModelException("model file not found: " + file
                    + " (set model.path to an existing TorchScript file, saved with torch.jit.save)");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelException("model file is not a readable regular file: " + file);
        }
        Device device = resolveDevice(choice);
        CpuConvolutions.skipNnpack();
        Model model = Model.newInstance(fileStem(file), device, ENGINE);
        try {
            // trainParam: load outside inference mode so that autograd can record the graph.
            model.load(file, null, Map.of("trainParam", "true", "mapLocation", "true"));
            if (!(model.getBlock() instanceof PtSymbolBlock block)) {
                throw new ModelException("model file " + file + " did not load as a TorchScript module");
            }
            block.freezeParameters(true);
            JniUtils.enableInferenceMode(block); // module.eval(): Dropout off, BatchNorm running stats
            return new LoadedModule(file, model, block, device);
        } catch (ModelException e) {
            model.close();
            throw e;
        } catch (Exception e) {
            model.close();
            throw new ModelException("model file " + file + " is not a TorchScript model that libtorch "
                    + TorchEngine.version() + " can load (save it with torch.jit.script(...).save or "
                    + "torch.jit.trace(...).save): " + EngineErrors.reason(e.getMessage()), e);
        }
    }

    /** The model file. */
    Path file() {
        return file;
    }

    /** The device the module runs on. */
    Device device() {
        return device;
    }

    /** The module, for tests that drive it through DJL's own inference API. */
    PtSymbolBlock block() {
        return block;
    }

    /** Whether the module exports a method of this name. */
    boolean exports(String method) {
        return methods.contains(method);
    }

    /**
     * Whether the module exports a split of two methods; one without the other is an error that
     * names the missing one, not a silent fallback to another path.
     *
     * @param what the path the split is for, e.g. "the affine-head fast path"
     * @param contract the identity the split must satisfy, e.g. "forward(x) = ig_tail(ig_affine_head(x))"
     */
    boolean exportsSplit(String first, String second, String what, String contract) {
        boolean hasFirst = exports(first);
        boolean hasSecond = exports(second);
        if (hasFirst != hasSecond) {
            throw new ModelException("model file " + file + " exports " + (hasFirst ? first : second)
                    + " but not " + (hasFirst ? second : first) + "; " + what + " needs both (" + contract
                    + "), or neither");
        }
        return hasFirst;
    }

    /**
     * Runs {@code work} in a fresh sub-manager, so that only plain results leave it; engine
     * failures other than {@link ModelException} go through {@code failure}.
     */
    <T> T inScope(Function<NDManager, T> work, Function<RuntimeException, ModelException> failure) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            return work.apply(scope);
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure.apply(e);
        }
    }

    /**
     * Runs one of the module's methods; its results (a tuple comes back as its parts, in order).
     * A failure of {@code forward} is the engine's own exception (callers say what the rows were);
     * a failure of another method is a {@link ModelException} naming it.
     */
    NDList run(String method, NDList arguments, boolean withGradients) {
        NDList all = new NDList(arguments);
        if (!FORWARD.equals(method)) {
            NDArray marker = arguments.get(0).getManager().create(0f);
            marker.setName(METHOD_MARKER + method);
            all.add(marker);
        }
        try {
            return IValueUtils.forward(block, all, withGradients);
        } catch (RuntimeException e) {
            if (FORWARD.equals(method)) {
                throw e;
            }
            throw new ModelException("model " + file + ": " + method + " failed on tensors of shape "
                    + shapes(arguments) + ": " + EngineErrors.reason(e.getMessage()), e);
        }
    }

    /** Runs a method that returns one tensor; its result as float32. */
    NDArray runForOne(String method, NDList arguments, boolean withGradients) {
        NDList outputs = run(method, arguments, withGradients);
        if (outputs.size() != 1) {
            throw new ModelException("model " + file + ": " + method + " returns " + outputs.size()
                    + " tensors; IG Audit explains models whose " + method + " returns one tensor");
        }
        return asFloat(outputs.singletonOrThrow());
    }

    /** The array as float32 (cast when it is another type). */
    static NDArray asFloat(NDArray array) {
        return array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
    }

    /** The number of outputs per row of a (rows,) or (rows, outputs) result, or a ModelException. */
    int outputWidth(NDArray output, int rows) {
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

    @Override
    public void close() {
        model.close();
    }

    /** The concrete device a choice means on this machine. */
    static Device resolveDevice(DeviceChoice choice) {
        int gpus = TorchEngine.get().getGpuCount();
        return switch (choice.kind()) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (choice.gpuIndex() >= gpus) {
                    throw ModelException.configurationProblem("model.device is " + choice + " but this machine's libtorch sees "
                            + gpus + " GPU(s); use auto or cpu, or a CUDA build of libtorch (see docs/cluster-and-gpu.md, \"GPU\")");
                }
                yield Device.gpu(choice.gpuIndex());
            }
        };
    }

    private static String shapes(NDList arrays) {
        StringBuilder text = new StringBuilder();
        for (NDArray array : arrays) {
            text.append(text.length() == 0 ? "" : ", ").append(array.getShape());
        }
        return text.toString();
    }

    private static String fileStem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    }

}
