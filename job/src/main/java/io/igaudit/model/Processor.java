package io.igaudit.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This machine's processor as lscpu names it: vendor, model name, CPU family and model, from the
 * first processor of /proc/cpuinfo (Linux); elsewhere only the JVM's architecture name.
 *
 * @param vendor e.g. "AuthenticAMD"; empty when unknown
 * @param name e.g. "AMD EPYC"
 * @param family the CPU family, e.g. 26; -1 when unknown
 * @param model the model number; -1 when unknown
 */
public record Processor(String vendor, String name, int family, int model) {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** This machine's. */
    public static Processor here() {
        try {
            return of(Files.readAllLines(CPUINFO));
        } catch (IOException | RuntimeException e) {
            return new Processor("", System.getProperty("os.arch"), -1, -1);
        }
    }

    /** The first processor in the lines of a /proc/cpuinfo. */
    static Processor of(List<String> cpuinfo) {
        Map<String, String> first = new LinkedHashMap<>();
        for (String line : cpuinfo) {
            if (line.isBlank() && !first.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                first.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new Processor(first.getOrDefault("vendor_id", ""), first.getOrDefault("model name", System.getProperty("os.arch")),
                number(first.get("cpu family")), number(first.get("model")));
    }

    /** For example "AMD EPYC, CPU family 26, model 2", as lscpu prints them. */
    public static String describe() {
        return here().toString();
    }

    /** Whether this is an AMD processor of the given CPU family. */
    public boolean isAmdFamily(int cpuFamily) {
        return vendor.equals("AuthenticAMD") && family == cpuFamily;
    }

    @Override
    public String toString() {
        return family < 0 ? name : name + ", CPU family " + family + ", model " + (model < 0 ? "?" : model);
    }

    private static int number(String text) {
        try {
            return text == null ? -1 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
