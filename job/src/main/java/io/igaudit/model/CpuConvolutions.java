package io.igaudit.model;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Which kernels libtorch runs convolutions with on the CPU: oneDNN's (libtorch's default for
 * batches of several rows) or its reference kernels (im2col and a matrix product, the kernels it
 * uses for one row). The switch is libtorch's process-wide {@code at::globalContext()} flag that
 * {@code torch.backends.mkldnn.enabled} sets in Python; DJL has no call for it, so it is reached
 * through JNA. It can be turned off at any time, also after oneDNN has run.
 *
 * <p>Why: on some processors (AMD Zen 5, CPU family 26, with libtorch 2.7.1) oneDNN's AVX-512
 * convolution kernels give wrong input gradients when several rows share a pass, while the forward
 * pass is right. The reference kernels give the same gradients as one row per pass.
 *
 * <p>NNPACK, libtorch's third choice, is turned off when a model loads: libtorch takes it only for
 * forward passes of 16 rows or more that oneDNN does not take, and on processors it does not
 * support it prints a warning on every convolution.
 */
public final class CpuConvolutions {

    private static final String CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String GET_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";
    private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";

    private CpuConvolutions() {}

    /**
     * The kernels this process runs convolutions with: "onednn", "reference", or "unknown" when
     * libtorch's switch cannot be reached (a libtorch build without these symbols).
     */
    public static synchronized String kernels() {
        try {
            return oneDnnOn() ? "onednn" : "reference";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return "unknown";
        }
    }

    /** Whether convolutions can still be switched to the reference kernels: oneDNN is on and the switch reachable. */
    static synchronized boolean canUseReferenceKernels() {
        return kernels().equals("onednn");
    }

    /** From now on, every convolution of this process runs on libtorch's reference kernels. */
    public static synchronized void useReferenceKernels() {
        libtorch().getFunction(SET_MKLDNN).invokeVoid(new Object[] {context(), Boolean.FALSE});
    }

    /** Turns NNPACK off for this process (see above); where the switch cannot be reached, NNPACK stays as it is. */
    static synchronized void skipNnpack() {
        try {
            libtorch().getFunction(SET_NNPACK).invokeVoid(new Object[] {context(), Boolean.FALSE});
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LoggerFactory.getLogger(CpuConvolutions.class).debug("NNPACK left as it is: {}", e.toString());
        }
    }

    private static boolean oneDnnOn() {
        return libtorch().getFunction(GET_MKLDNN).invokeInt(new Object[] {context()}) != 0;
    }

    private static Pointer context() {
        Function globalContext = libtorch().getFunction(CONTEXT);
        return globalContext.invokePointer(new Object[0]);
    }

    /** libtorch's CPU library, the one DJL loaded (JNA opens the same file, so the same copy in memory). */
    private static NativeLibrary libtorch() {
        TorchEngine.get(); // loads libtorch first
        return NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath(), System.mapLibraryName("torch_cpu")).toString());
    }
}
