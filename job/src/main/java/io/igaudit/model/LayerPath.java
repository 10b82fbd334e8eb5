package io.igaudit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.LayerActivations;
import io.igaudit.ig.LayerGradients;
import io.igaudit.ig.ModelOutputs;
import io.igaudit.ig.Quadrature;
import io.igaudit.ig.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The layer gradient path, for models with several inputs and integer inputs (token ids,
 * categorical codes), which have no input gradient: the module exports
 * {@code ig_layer(x1, …, xn)}, the layer to attribute at (one tensor or a tuple, rows first and
 * attributed features second), and {@code ig_from_layer(l1, …, lk, x1, …, xn)}, the rest of the
 * model, with {@code forward(x) == ig_from_layer(ig_layer(x), x)}. The layer's tensors go to
 * {@code ig_from_layer} as fresh leaves that record their gradients; the original inputs follow
 * unchanged, repeated for every step. The split is checked against {@code forward} on a few rows
 * of the first batch (or the driver's probe rows), each value to 1 %.
 */
public final class LayerPath implements LayerGradients {

    /** The exported method that gives the layer's tensors. */
    public static final String LAYER_METHOD = "ig_layer";
    /** The exported method of the rest of the model after the layer. */
    public static final String FROM_LAYER_METHOD = "ig_from_layer";
    private static final String PATH = "layer attribution";
    private static final String CONTRACT = "forward(x) == " + FROM_LAYER_METHOD + "(" + LAYER_METHOD + "(x), x)";

    private final LoadedModule module;
    private final KernelCheck kernelCheck;
    private volatile boolean splitChecked;

    private LayerPath(LoadedModule module, KernelCheck kernelCheck) {
        this.module = module;
        this.kernelCheck = kernelCheck;
    }

    /**
     * The layer path of a module that exports both methods, or null when it exports neither.
     *
     * @throws ModelException when it exports only one of the two, naming the missing one
     */
    static LayerPath of(LoadedModule module, KernelCheck kernelCheck) {
        return module.exportsSplit(LAYER_METHOD, FROM_LAYER_METHOD, PATH, CONTRACT) ? new LayerPath(module, kernelCheck) : null;
    }

    /**
     * The self-check of this JVM's copy of the model, once, at its layer: the layer gradients of
     * the first rows in one pass must equal those of one row per pass (see
     * {@link TorchScriptModel#requireIndependentRows}).
     *
     * @param rows rows as the model takes them, at least one
     * @throws ModelException (a configuration problem) when a row's gradients still depend on the other rows
     */
    public void requireIndependentRows(InputBatch rows) {
        kernelCheck.require(() -> BatchIndependence.layer(this, rows, evaluate(rows.firstRows(1)).width()));
    }

    @Override
    public ModelOutputs evaluate(InputBatch inputs) {
        return inScope(inputs, scope -> {
            NDArray output = forward(arrays(scope, inputs, 1), false);
            return new ModelOutputs(output.toFloatArray(), inputs.rows(), module.outputWidth(output, inputs.rows()));
        });
    }

    /** {@inheritDoc} The first call checks the split on its first rows, unless {@link #checkSplit} already did. */
    @Override
    public LayerActivations layer(InputBatch inputs) {
        if (!splitChecked) {
            checkSplit(inputs);
        }
        return inScope(inputs, scope -> {
            NDList parts = layerParts(scope, arrays(scope, inputs, 1), inputs.rows());
            List<FeatureBatch> batches = new ArrayList<>(parts.size());
            for (NDArray part : parts) {
                Shape shape = part.getShape();
                batches.add(FeatureBatch.of(part.toFloatArray(), inputs.rows(), toInts(shape.slice(1))));
            }
            return new LayerActivations(batches);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One pass of {@code ig_from_layer} over every (step, row) point of the chunk, step-major;
     * one backward pass per target over the retained graph.
     */
    @Override
    public float[][][] weightedLayerGradients(
            LayerActivations start, LayerActivations difference, InputBatch inputs, Quadrature steps, int[][] targets) {
        requireLayout(start, difference, inputs, targets);
        int rows = inputs.rows();
        int stepCount = steps.steps();
        return inScope(inputs, scope -> {
            NDArray alphas = scope.create(steps.alphasAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            NDArray weights = scope.create(steps.weightsAsFloats(), new Shape(stepCount, 1, 1)); // (m, 1, 1)
            NDArray[] points = new NDArray[start.size()];
            NDList arguments = new NDList();
            for (int p = 0; p < start.size(); p++) {
                FeatureBatch s = start.part(p);
                Shape flat = new Shape(1, rows, s.elementsPerRow());
                // (m·B, part row shape) = l' + α (l − l'), step-major as in Captum
                points[p] = Autograd.pointsWithGradients(
                        scope.create(s.data(), flat, DataType.FLOAT32),
                        scope.create(difference.part(p).data(), flat, DataType.FLOAT32),
                        alphas, Autograd.batchShape(stepCount * rows, s.rowShape()));
                arguments.add(points[p]);
            }
            arguments.addAll(arrays(scope, inputs, stepCount)); // the inputs, unchanged, once per step
            JniUtils.setGradMode(true); // thread-local in libtorch
            NDArray output = module.runForOne(FROM_LAYER_METHOD, arguments, true); // (m·B, C)
            module.outputWidth(output, stepCount * rows);
            float[][][] sums = new float[targets.length][start.size()][];
            for (int j = 0; j < targets.length; j++) {
                boolean moreTargets = j < targets.length - 1;
                Autograd.backward(scope, output, targets[j], stepCount, rows, moreTargets);
                for (int p = 0; p < points.length; p++) {
                    // (m·B, part row shape) -> (m, B, E_p), weighted and summed over the steps
                    sums[j][p] = points[p].getGradient().reshape(stepCount, rows, -1).mul(weights)
                            .sum(new int[] {0}).toFloatArray();
                    if (moreTargets) {
                        Autograd.zeroGradient(points[p]);
                    }
                }
            }
            return sums;
        });
    }

    /**
     * Checks the split on the first rows of {@code rows} (at most 8): {@code ig_layer} keeps the
     * rows first and gives at least (rows, features) per part, every part with the same rows, and
     * {@code ig_from_layer(ig_layer(x), x)} equals {@code forward(x)} value by value, to 1 % of
     * each value's size (plus 1). The driver calls it before any task runs; otherwise the first
     * batch does.
     *
     * @throws ModelException naming the method that is not what layer attribution needs
     */
    public void checkSplit(InputBatch rows) {
        InputBatch someRows = rows.firstRows(Autograd.SPLIT_CHECK_ROWS);
        int count = someRows.rows();
        inScope(someRows, scope -> {
            NDList x = arrays(scope, someRows, 1);
            NDArray atInputs = forward(x, false);
            NDList arguments = new NDList(layerParts(scope, x, count));
            arguments.addAll(x);
            NDArray fromLayer = module.runForOne(FROM_LAYER_METHOD, arguments, false);
            if (!fromLayer.getShape().equals(atInputs.getShape())) {
                throw new ModelException("model " + module.file() + ": " + FROM_LAYER_METHOD + "(" + LAYER_METHOD
                        + "(x), x) has shape " + fromLayer.getShape() + " but forward(x) has " + atInputs.getShape()
                        + "; " + PATH + " needs " + CONTRACT);
            }
            Autograd.requireClose(module.file(), fromLayer, atInputs, atInputs.abs().add(1f),
                    FROM_LAYER_METHOD + "(" + LAYER_METHOD + "(x), x) differs from forward(x)", PATH,
                    "make forward(x) return " + FROM_LAYER_METHOD + "(" + LAYER_METHOD + "(x), x)");
            return null;
        });
        splitChecked = true;
    }

    /** ig_layer's tensors as float32, each checked to have the rows first and a features dimension. */
    private NDList layerParts(NDManager scope, NDList inputs, int rows) {
        NDList parts = module.run(LAYER_METHOD, inputs, false);
        if (parts.isEmpty()) {
            throw new ModelException("model " + module.file() + ": " + LAYER_METHOD + " returned no tensor");
        }
        NDList floats = new NDList(parts.size());
        for (int p = 0; p < parts.size(); p++) {
            Shape shape = parts.get(p).getShape();
            String which = parts.size() == 1 ? LAYER_METHOD : "part " + p + " of " + LAYER_METHOD + "'s tuple";
            if (shape.dimension() < 2) {
                throw new ModelException("model " + module.file() + ": " + which + " has shape " + shape
                        + "; layer attribution needs the rows first and the attributed features second,"
                        + " e.g. (rows, tokens, dim) or (rows, columns)");
            }
            if (shape.get(0) != rows) {
                throw new ModelException("model " + module.file() + ": " + which + " has shape " + shape + " for "
                        + rows + " rows" + (parts.size() == 1 ? "" : "; the tuple's parts disagree on rows")
                        + "; every tensor of " + LAYER_METHOD + " needs the rows as its first dimension");
            }
            if (!parts.get(p).getDataType().isFloating()) {
                throw new ModelException("model " + module.file() + ": " + which + " is "
                        + parts.get(p).getDataType() + "; the layer to attribute at must be a float tensor"
                        + " (an embedding's output, not its ids)");
            }
            floats.add(LoadedModule.asFloat(parts.get(p)));
        }
        return floats;
    }

    private NDArray forward(NDList inputs, boolean withGradients) {
        return module.runForOne(LoadedModule.FORWARD, inputs, withGradients);
    }

    /** The batch's tensors as arrays over their buffers, each repeated {@code times} times along the rows. */
    private static NDList arrays(NDManager scope, InputBatch inputs, int times) {
        NDList arrays = new NDList(inputs.size());
        for (InputTensor tensor : inputs.tensors()) {
            DataType type = tensor.type() == TensorType.INT64 ? DataType.INT64 : DataType.FLOAT32;
            NDArray array = scope.create(tensor.data(), Autograd.batchShape(tensor.rows(), tensor.rowShape()), type);
            if (times > 1) {
                long[] repeats = new long[array.getShape().dimension()];
                Arrays.fill(repeats, 1);
                repeats[0] = times;
                array = array.tile(repeats); // (times·B, row shape), step-major
            }
            arrays.add(array);
        }
        return arrays;
    }

    /**
     * Work on {@code inputs} in a scope whose engine failures name the inputs; an index error
     * (an id at or beyond the size of an embedding) says the largest id of every integer input.
     */
    private <T> T inScope(InputBatch inputs, Function<NDManager, T> work) {
        try {
            return module.inScope(work, e -> new ModelException("model " + module.file() + " failed on inputs "
                    + describe(inputs) + " (check the inputs' order, types and shapes against forward's arguments): "
                    + EngineErrors.reason(e.getMessage()), e));
        } catch (ModelException e) {
            String message = e.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("index") && message.contains("out of range")) {
                throw idOutOfRange(inputs, e);
            }
            throw e;
        }
    }

    private ModelException idOutOfRange(InputBatch inputs, ModelException e) {
        StringJoiner largest = new StringJoiner(", ");
        for (InputTensor tensor : inputs.tensors()) {
            if (tensor.type() == TensorType.INT64) {
                largest.add(tensor.name() + " " + tensor.largestValue());
            }
        }
        return new ModelException("model " + module.file() + ": an id is out of range of an embedding (largest id per"
                + " integer input: " + largest + "); ids must be at least 0 and below the embedding's size (check the"
                + " vocabulary or category codes against the model): " + EngineErrors.reason(e.getMessage()), e);
    }

    private static String describe(InputBatch inputs) {
        StringJoiner text = new StringJoiner(", ");
        for (InputTensor tensor : inputs.tensors()) {
            text.add(tensor.name() + " " + tensor.type().name().toLowerCase(Locale.ROOT) + " rows of "
                    + Arrays.toString(tensor.rowShape()));
        }
        return text.toString();
    }

    private static void requireLayout(
            LayerActivations start, LayerActivations difference, InputBatch inputs, int[][] targets) {
        if (start.rows() != inputs.rows() || !start.sameRowShapes(difference) || difference.rows() != inputs.rows()) {
            throw new IllegalArgumentException("the path's start " + start.describeRowShapes() + " (" + start.rows()
                    + " rows) and difference " + difference.describeRowShapes() + " (" + difference.rows()
                    + " rows) need the same row shapes and one row per input row (" + inputs.rows() + ")");
        }
        for (int[] perRow : targets) {
            if (perRow.length != inputs.rows()) {
                throw new IllegalArgumentException(perRow.length + " targets for " + inputs.rows()
                        + " rows; they need one per row");
            }
        }
    }

    private static int[] toInts(Shape shape) {
        int[] dims = new int[shape.dimension()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape.get(i));
        }
        return dims;
    }
}
