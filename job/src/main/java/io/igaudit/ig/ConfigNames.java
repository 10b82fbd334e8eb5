package io.igaudit.ig;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looks up enum constants by their configuration name (trimmed, case-insensitive). */
final class ConfigNames {

    private ConfigNames() {}

    /**
     * The constant among {@code constants} named {@code name}; an unknown name fails with a message
     * that says what was wanted ({@code what}, e.g. "noise type") and lists the valid names.
     */
    static <E> E byName(E[] constants, Function<E, String> configName, String what, String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (E constant : constants) {
            if (configName.apply(constant).equals(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; valid " + what + "s: "
                + validNames(constants, configName));
    }

    /** All configuration names, comma separated. */
    static <E> String validNames(E[] constants, Function<E, String> configName) {
        return Arrays.stream(constants).map(configName).collect(Collectors.joining(", "));
    }
}
