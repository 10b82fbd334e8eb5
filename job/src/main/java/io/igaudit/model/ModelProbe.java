package io.igaudit.model;

import ai.djl.engine.Engine;
import io.igaudit.ig.FeatureBatch;
import java.nio.file.Path;
import java.util.Random;

/**
 * The model as the driver checks it before any task runs: loaded once (the JVM's cached copy), its
 * output width on a baseline-shaped row, its affine-head split on a few probe rows, its layer path,
 * and the versions of the engine it runs on. The driver learns these facts without touching DJL.
 */
public final class ModelProbe {

    /** Rows that probe a model's affine-head split. */
    private static final int PROBE_ROWS = 4;
    /** Seed of those rows: any fixed value, so that checks repeat. */
    private static final long PROBE_SEED = 20_171L;

    private final TorchScriptModel model;

    private ModelProbe(TorchScriptModel model) {
        this.model = model;
    }

    /**
     * Loads the model here (or takes the copy this JVM already holds).
     *
     * @param file a local copy of the model file
     * @throws ModelException if it cannot be loaded on that device
     */
    public static ModelProbe load(Path file, DeviceChoice device) {
        return new ModelProbe(ModelCache.get(file, device));
    }

    /**
     * What a model of one float tensor showed on its probe rows.
     *
     * @param outputWidth outputs per row
     * @param affineHead whether path integrals take the affine-head fast path
     */
    public record Plain(int outputWidth, boolean affineHead) {}

    /**
     * Runs the model on one zero row of {@code rowShape} for its output width, then checks an
     * exported affine-head split on a few standard-normal rows against that row, and that the
     * gradients of those rows do not depend on the other rows of their pass (see
     * {@link TorchScriptModel#requireIndependentRows}).
     *
     * @throws ModelException when the model does not take such rows, its split is wrong or its rows
     *     influence each other
     */
    public Plain probePlain(int[] rowShape) {
        int elements = 1;
        for (int dimension : rowShape) {
            elements *= dimension;
        }
        FeatureBatch zeroRow = FeatureBatch.of(new float[elements], 1, rowShape);
        int width = model.evaluate(zeroRow).width();
        FeatureBatch probeRows = probeRows(elements, rowShape);
        model.checkAffineHead(probeRows, zeroRow);
        model.requireIndependentRows(probeRows);
        return new Plain(width, model.usesAffineHead());
    }

    private static FeatureBatch probeRows(int elementsPerRow, int[] rowShape) {
        Random random = new Random(PROBE_SEED);
        float[] values = new float[PROBE_ROWS * elementsPerRow];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return FeatureBatch.of(values, PROBE_ROWS, rowShape);
    }

    /** Whether the module exports {@code ig_layer} and {@code ig_from_layer}. */
    public boolean exportsLayer() {
        return model.exportsLayer();
    }

    /**
     * The layer gradient path, for models with several or integer inputs.
     *
     * @throws ModelException when the module does not export it
     */
    public LayerPath layerPath() {
        return model.layerPath();
    }

    /** The device the model runs on here, e.g. {@code cpu()}. */
    public String device() {
        return model.device();
    }

    /** DJL's version. */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    /**
     * The convolution kernels this JVM's libtorch runs on the CPU: "onednn", "reference" after a
     * self-check switched them (see {@link KernelCheck}), or "unknown" where the switch cannot be reached.
     */
    public static String cpuConvolutions() {
        return CpuConvolutions.kernels();
    }

    /** oneDNN's instruction-set cap in this JVM, with who set it; empty when none is set (see {@link TorchEngine}). */
    public static String oneDnnIsaCap() {
        return TorchEngine.oneDnnIsaCap().orElse("");
    }

    /** The PyTorch engine's version. */
    public static String pytorchVersion() {
        return TorchEngine.version();
    }
}
