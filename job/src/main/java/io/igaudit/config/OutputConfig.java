package io.igaudit.config;

/**
 * Where results go.
 *
 * @param path the output folder
 * @param mode what to do when it exists
 * @param featureColumns also write one {@code attr_<feature>} column per named feature
 */
public record OutputConfig(String path, Mode mode, boolean featureColumns) {

    /** What to do with an existing output folder. */
    public enum Mode {
        /** Refuse to run, touching nothing. */
        ERROR_IF_EXISTS,
        /** Replace it, once every check has passed. */
        OVERWRITE
    }
}
