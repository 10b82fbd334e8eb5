package io.igaudit.model;

import ai.djl.engine.Engine;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's PyTorch engine, and the one setting this JVM must make before libtorch loads: oneDNN's
 * instruction-set cap, which oneDNN reads from the environment once, at its first use.
 *
 * <p>On AMD CPU family 26 (Zen 5), libtorch 2.7.1's oneDNN AVX-512 convolution kernels give wrong
 * input gradients for passes of several rows, and so do its AVX2 kernels for some models, while
 * its AVX kernels give right ones and run faster than libtorch's reference kernels. So on such a
 * processor, when neither {@code ONEDNN_MAX_CPU_ISA} nor {@code DNNL_MAX_CPU_ISA} is set, this JVM
 * sets {@code ONEDNN_MAX_CPU_ISA=AVX} for itself (libc's {@code setenv}, through JNA) before
 * libtorch loads. The self-check ({@link KernelCheck}) still verifies every model, and switches to
 * the reference kernels if that is not enough. Other processors are left as they are.
 */
public final class TorchEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TorchEngine.class);
    private static final String NAME = "PyTorch";
    /** oneDNN's instruction-set cap; DNNL_ is its older name, which oneDNN reads too. */
    static final String ISA_CAP = "ONEDNN_MAX_CPU_ISA";
    private static final String OLD_ISA_CAP = "DNNL_MAX_CPU_ISA";
    /** The processors whose AVX-512 convolution gradients are wrong: AMD's family 26. */
    private static final int WRONG_AVX512_FAMILY = 26;
    private static final String CAP_FOR_THEM = "AVX";

    private static Engine engine;
    private static String capSetHere;

    private TorchEngine() {}

    /** The engine, loaded on first use (after the setting above). */
    public static synchronized Engine get() {
        if (engine == null) {
            capSetHere = capOneDnnWhereItsAvx512IsWrong(Processor.here());
            engine = Engine.getEngine(NAME);
        }
        return engine;
    }

    /** libtorch's version. */
    public static String version() {
        return get().getVersion();
    }

    /**
     * oneDNN's instruction-set cap in this process: the environment's, or the one this JVM set
     * before libtorch loaded (with a note that says so); empty when none is set.
     */
    public static synchronized Optional<String> oneDnnIsaCap() {
        get();
        if (capSetHere != null) {
            return Optional.of(capSetHere + " (set by IG Audit for " + Processor.here() + ")");
        }
        String own = System.getenv(ISA_CAP);
        return Optional.ofNullable(own != null ? own : System.getenv(OLD_ISA_CAP));
    }

    /** Sets the cap on such a processor when the environment has none; the value set, or null. */
    private static String capOneDnnWhereItsAvx512IsWrong(Processor processor) {
        if (!processor.isAmdFamily(WRONG_AVX512_FAMILY) || System.getenv(ISA_CAP) != null || System.getenv(OLD_ISA_CAP) != null) {
            return null;
        }
        try {
            NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            int failed = libc.getFunction("setenv").invokeInt(new Object[] {ISA_CAP, CAP_FOR_THEM, 0});
            if (failed != 0) {
                return null;
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.info("could not set {} before libtorch loads ({}); the self-check decides the kernels", ISA_CAP, e.toString());
            return null;
        }
        LOG.info("{}={} for this JVM: oneDNN's AVX-512 convolution gradients are wrong on {} (docs/cluster-and-gpu.md, \"Processors\")",
                ISA_CAP, CAP_FOR_THEM, processor);
        return CAP_FOR_THEM;
    }
}
