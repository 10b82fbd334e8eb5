package io.igaudit.model;

import ai.djl.Device;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-check of one loaded model in this JVM, before its gradients are used here: a row's
 * gradients must not depend on the other rows of its pass ({@link BatchIndependence}). On a
 * mismatch on the CPU while oneDNN runs the convolutions, the check switches this process to
 * libtorch's reference convolution kernels ({@link CpuConvolutions}) and measures again; a model
 * that still disagrees stops the run with a message that names the processor, the size of the
 * difference and what to change. Runs until it has passed once (rows whose gradients are all zero
 * say nothing, so the next rows are checked again); other threads wait for it.
 */
final class KernelCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KernelCheck.class);
    /**
     * Largest difference allowed, relative to the largest gradient: float rounding between
     * kernels on the CPU; TF32 convolutions on a GPU round to about 5e-4 per product.
     */
    static final double CPU_TOLERANCE = 1e-3;
    static final double GPU_TOLERANCE = 1e-2;

    private final Device device;
    private volatile boolean passed;

    KernelCheck(Device device) {
        this.device = device;
    }

    /**
     * Measures with {@code measure} once; switches the CPU's convolution kernels if that makes the
     * rows independent.
     *
     * @throws ModelException (a configuration problem, exit 2) when the rows stay dependent
     */
    void require(Supplier<BatchIndependence.Mismatch> measure) {
        if (passed) {
            return;
        }
        synchronized (this) {
            if (passed) {
                return;
            }
            BatchIndependence.Mismatch found = measure.get();
            if (!within(found)) {
                retryOnReferenceKernels(found, measure);
            } else if (found.inconclusive()) {
                return; // every gradient of these rows is zero: the next rows check again
            }
            passed = true;
        }
    }

    /** Whether the check has passed in this JVM. */
    boolean passed() {
        return passed;
    }

    private void retryOnReferenceKernels(BatchIndependence.Mismatch found,
            Supplier<BatchIndependence.Mismatch> measure) {
        boolean canSwitch = onCpu() && CpuConvolutions.canUseReferenceKernels();
        if (!canSwitch) {
            throw dependentRows(found);
        }
        CpuConvolutions.useReferenceKernels();
        BatchIndependence.Mismatch after = measure.get();
        if (!within(after)) {
            throw dependentRows(after);
        }
        LOG.warn("oneDNN's convolution gradients of a batch differ from those of one row on this processor ({}): "
                + "largest difference {} at gradients up to {}; convolutions of this process now run on libtorch's "
                + "reference kernels, which agree (docs/cluster-and-gpu.md, \"Processors\")", Processor.describe(),
                format(found.difference()), format(found.scale()));
    }

    private boolean within(BatchIndependence.Mismatch mismatch) {
        double tolerance = onCpu() ? CPU_TOLERANCE : GPU_TOLERANCE;
        return mismatch.onePointFailure() == null && mismatch.difference() <= tolerance * mismatch.scale();
    }

    private ModelException dependentRows(BatchIndependence.Mismatch mismatch) {
        String where = onCpu() ? "this processor (" + Processor.describe() + ")" : "device " + device;
        String kernels = onCpu() ? ", also on libtorch's reference convolution kernels" : "";
        String fix = onCpu() ? "set ONEDNN_MAX_CPU_ISA=SSE41 in the environment of the driver and of every executor"
                : "run it with model.device = cpu";
        String size = mismatch.onePointFailure() != null
                ? "a pass of one row fails where a pass of several rows runs (" + mismatch.onePointFailure() + ")"
                : "largest difference " + format(mismatch.difference()) + ", against gradients of at most "
                        + format(mismatch.scale()) + " when the row is alone in its pass (probe row " + mismatch.row() + ")";
        return ModelException.configurationProblem("a row's gradients change with the other rows of its pass on " + where
                + kernels + ": " + size + ". Either the model lets rows influence "
                + "each other (BatchNorm in training mode, statistics over the batch): save it after model.eval(), so that each "
                + "row is computed on its own; or this machine's kernels are wrong: " + fix + " (docs/cluster-and-gpu.md, \"Processors\")");
    }

    private boolean onCpu() {
        return Device.Type.CPU.equals(device.getDeviceType());
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
