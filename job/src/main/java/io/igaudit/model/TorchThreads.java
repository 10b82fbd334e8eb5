package io.igaudit.model;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * libtorch threads per Spark task slot. Each task thread runs its own ops; with one intra-op
 * thread per slot, N slots use N cores without oversubscription (measured stable on 2 cores,
 * where 2 threads per JVM gave erratic batch times; see docs/performance.md).
 */
public final class TorchThreads {

    private static final AtomicBoolean CONFIGURED = new AtomicBoolean();

    private TorchThreads() {}

    /** Sets the thread counts once per JVM, before or after the engine has started. */
    public static void configure(int threadsPerTask) {
        if (!CONFIGURED.compareAndSet(false, true)) {
            return;
        }
        String threads = Integer.toString(threadsPerTask);
        // Read by DJL when the engine starts; an explicit -D setting wins.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads);
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        TorchEngine.get(); // loads libtorch, which reads the properties above
        JniUtils.setNumThreads(Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads")));
    }
}
