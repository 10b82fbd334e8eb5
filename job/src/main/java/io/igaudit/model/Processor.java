package io.igaudit.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** This machine's processor as lscpu names it: model name, CPU family and model (from /proc/cpuinfo on Linux). */
public final class Processor {

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private Processor() {}

    /** For example "AMD EPYC, CPU family 26, model 2"; the JVM's architecture name where /proc/cpuinfo is missing. */
    public static String describe() {
        try {
            return describe(Files.readAllLines(CPUINFO));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    /** The description of the first processor in the lines of a /proc/cpuinfo. */
    static String describe(List<String> cpuinfo) {
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
        String name = first.getOrDefault("model name", System.getProperty("os.arch"));
        if (!first.containsKey("cpu family")) {
            return name;
        }
        return name + ", CPU family " + first.get("cpu family") + ", model " + first.getOrDefault("model", "?");
    }
}
