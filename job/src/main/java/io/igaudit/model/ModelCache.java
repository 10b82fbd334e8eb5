package io.igaudit.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of this JVM: each (file, device) is loaded once and shared by every task and thread;
 * all are closed when the JVM shuts down.
 */
public final class ModelCache {

    private record Key(Path file, String device) {}

    private static final Map<Key, TorchScriptModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "ig-audit-close-models"));
    }

    private ModelCache() {}

    /** The model for this file and device, loading it on first use. */
    public static TorchScriptModel get(Path file, DeviceChoice device) {
        // Keyed by the concrete device, so that "auto" and the device it picks share one model.
        Key key = new Key(file.toAbsolutePath().normalize(), TorchScriptModel.resolveDevice(device).toString());
        return MODELS.computeIfAbsent(key, k -> {
            TorchScriptModel model = TorchScriptModel.load(k.file(), device);
            LOADS.incrementAndGet();
            return model;
        });
    }

    /** How many models this JVM has loaded so far (for run reports and tests). */
    public static int loadCount() {
        return LOADS.get();
    }

    /** Closes and forgets every model. */
    public static void closeAll() {
        MODELS.values().forEach(TorchScriptModel::close);
        MODELS.clear();
    }
}
