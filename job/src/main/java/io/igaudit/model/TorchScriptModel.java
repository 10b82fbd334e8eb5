package io.igaudit.model;

import ai.djl.Device;
import ai.djl.pytorch.engine.PtSymbolBlock;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.ModelOutputs;
import io.igaudit.ig.PathGradients;
import io.igaudit.ig.Quadrature;
import java.nio.file.Path;

/**
 * A TorchScript model on one device, with the gradient paths its exports allow: the plain path
 * (one float tensor in, input gradients), the affine-head fast path ({@code ig_affine_head} /
 * {@code ig_tail}, see {@link AffineHeadPath}) and the layer path for several and integer inputs
 * ({@code ig_layer} / {@code ig_from_layer}, see {@link LayerPath}). The module and its device
 * live in a {@link LoadedModule} that every path shares; each path has its own checks.
 *
 * <p>As a {@link PathGradients} it is the plain path, or the affine-head path for path integrals
 * when the module exports that split. Several threads may call one instance at once.
 */
public final class TorchScriptModel implements PathGradients, AutoCloseable {

    /** The exported method of the affine head, for the fast path. */
    public static final String HEAD_METHOD = AffineHeadPath.HEAD_METHOD;
    /** The exported method of the rest of the model after the head. */
    public static final String TAIL_METHOD = AffineHeadPath.TAIL_METHOD;

    private final LoadedModule module;
    private final PlainPath plain;
    private final AffineHeadPath affineHead;
    private final LayerPath layer;
    private final KernelCheck kernelCheck;

    private TorchScriptModel(LoadedModule module, boolean useAffineHead) {
        this.module = module;
        this.plain = new PlainPath(module);
        AffineHeadPath head = AffineHeadPath.of(module, plain);
        this.affineHead = useAffineHead ? head : null;
        this.kernelCheck = new KernelCheck(module.device());
        this.layer = LayerPath.of(module, kernelCheck);
    }

    /**
     * Loads a TorchScript file onto the chosen device.
     *
     * @throws ModelException if the file is missing, unreadable or not a TorchScript model, or the
     *     device is not available, or it exports only one method of a split ({@code ig_affine_head}
     *     and {@code ig_tail}, or {@code ig_layer} and {@code ig_from_layer})
     */
    public static TorchScriptModel load(Path file, DeviceChoice choice) {
        return load(file, choice, true);
    }

    /**
     * Loads a TorchScript file onto the chosen device; {@code useAffineHead} false ignores an
     * exported affine head (for benchmarks and tests that compare both paths on one model).
     */
    public static TorchScriptModel load(Path file, DeviceChoice choice, boolean useAffineHead) {
        LoadedModule module = LoadedModule.load(file, choice);
        try {
            return new TorchScriptModel(module, useAffineHead);
        } catch (RuntimeException e) {
            module.close();
            throw e;
        }
    }

    /** The model file. */
    public Path file() {
        return module.file();
    }

    /** The loaded module, for tests that drive it through DJL's own inference API. */
    PtSymbolBlock block() {
        return module.block();
    }

    /** Whether path integrals take the affine-head fast path (the module exports the split and it is in use). */
    public boolean usesAffineHead() {
        return affineHead != null;
    }

    /** The device the model runs on, e.g. {@code cpu()} or {@code gpu(0)}. */
    public String device() {
        return module.device().toString();
    }

    /** Whether the module exports {@code ig_layer} and {@code ig_from_layer}, so that it can be attributed at its layer. */
    public boolean exportsLayer() {
        return layer != null;
    }

    /**
     * The layer gradient path, for models with several or integer inputs.
     *
     * @throws ModelException naming the two methods when the module does not export them
     */
    public LayerPath layerPath() {
        if (layer == null) {
            throw new ModelException("model " + module.file() + " exports neither " + LayerPath.LAYER_METHOD
                    + " nor " + LayerPath.FROM_LAYER_METHOD + "; attributing integer or several inputs needs both"
                    + " (@torch.jit.export, with forward(x) == " + LayerPath.FROM_LAYER_METHOD + "("
                    + LayerPath.LAYER_METHOD + "(x), x); docs/models.md, \"Models with several inputs and integer inputs\")");
        }
        return layer;
    }

    /**
     * Checks the layer split on probe rows before any task runs (see {@link LayerPath#checkSplit}).
     *
     * @throws ModelException naming the method when the split is not exact, or when there is no layer path
     */
    public void checkLayer(InputBatch probeRows) {
        layerPath().checkSplit(probeRows);
    }

    /**
     * The self-check of this JVM's copy of the model, once, on the plain path: the gradients of the
     * first rows in one pass must equal those of one row per pass. On the CPU, a mismatch switches
     * convolutions to libtorch's reference kernels and measures again (see {@link KernelCheck}).
     * Later calls return at once.
     *
     * @param rows rows as the model takes them (real ones where there are, at least one)
     * @throws ModelException (a configuration problem) when a row's gradients still depend on the other rows
     */
    public void requireIndependentRows(FeatureBatch rows) {
        kernelCheck.require(() -> BatchIndependence.plain(this, rows, evaluate(rows.row(0)).width()));
    }

    @Override
    public ModelOutputs evaluate(FeatureBatch points) {
        return plain.evaluate(points);
    }

    @Override
    public float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
        return plain.weightedGradientsForTargets(inputs, baseline, steps, new int[][] {targets})[0];
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
        return plain.weightedGradientsForTargets(inputs, baseline, steps, targets);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With an affine head (see {@link AffineHeadPath}), the steps are chunked by the head's
     * output elements and one backward pass per target takes the summed gradients back to the inputs.
     */
    @Override
    public float[][] pathIntegrals(
            FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[][] targets, long maxElementsPerPass) {
        if (affineHead == null) {
            return PathGradients.super.pathIntegrals(inputs, baseline, steps, targets, maxElementsPerPass);
        }
        return affineHead.pathIntegrals(inputs, baseline, steps, targets, maxElementsPerPass);
    }

    /**
     * Checks an exported affine-head split on {@code rows} against {@code baseline} (1 row or one
     * per row), as the first batch would: the driver calls it before any task runs, so that a
     * wrong split stops the job at once. Does nothing for a model that takes the plain path.
     *
     * @throws ModelException naming the method that is not what the fast path needs
     */
    public void checkAffineHead(FeatureBatch rows, FeatureBatch baseline) {
        if (affineHead != null) {
            affineHead.check(rows, baseline);
        }
    }

    @Override
    public float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
        return plain.sampledGradients(inputs, references, alphas, targets);
    }

    @Override
    public float[] pointGradients(FeatureBatch points, float[] weights, int rows, int[] targets) {
        return plain.pointGradients(points, weights, rows, targets);
    }

    @Override
    public void close() {
        module.close();
    }

    /** The concrete device a choice means on this machine. */
    static Device resolveDevice(DeviceChoice choice) {
        return LoadedModule.resolveDevice(choice);
    }
}
