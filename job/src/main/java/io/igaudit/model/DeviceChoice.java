package io.igaudit.model;

import java.util.Locale;

/**
 * Where the model runs: {@code auto} (a GPU if the engine sees one, else the CPU), {@code cpu},
 * {@code gpu} (GPU 0) or {@code gpu:N}.
 *
 * @param kind the kind of device
 * @param gpuIndex the GPU index when the kind is {@code GPU}; -1 otherwise
 */
public record DeviceChoice(Kind kind, int gpuIndex) implements java.io.Serializable {

    /** Kinds of device choice. */
    public enum Kind { AUTO, CPU, GPU }

    /** Rejects a GPU index where none belongs. */
    public DeviceChoice {
        if (kind == Kind.GPU ? gpuIndex < 0 : gpuIndex != -1) {
            throw new IllegalArgumentException("bad GPU index " + gpuIndex + " for device kind " + kind);
        }
    }

    /** Any GPU if present, else the CPU. */
    public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, -1);

    /** The CPU. */
    public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, -1);

    /** Parses {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}. */
    public static DeviceChoice parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return AUTO;
        }
        if (value.equals("cpu")) {
            return CPU;
        }
        if (value.equals("gpu") || value.equals("cuda")) {
            return new DeviceChoice(Kind.GPU, 0);
        }
        if (value.startsWith("gpu:") || value.startsWith("cuda:")) {
            try {
                int index = Integer.parseInt(value.substring(value.indexOf(':') + 1));
                if (index >= 0) {
                    return new DeviceChoice(Kind.GPU, index);
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(
                "unknown device '" + text + "'; valid devices: auto, cpu, gpu, gpu:N (N = 0, 1, ...)");
    }

    @Override
    public String toString() {
        return kind == Kind.GPU ? "gpu:" + gpuIndex : kind.name().toLowerCase(Locale.ROOT);
    }
}
