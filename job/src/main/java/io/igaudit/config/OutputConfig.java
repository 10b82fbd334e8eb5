package io.igaudit.config;

import java.util.Optional;

/**
 * Where results go.
 *
 * @param path the output folder
 * @param mode what to do when it exists
 * @param featureColumns also write one {@code attr_<feature>} column per named feature
 * @param tablePrefix {@code [catalog.]namespace.name}: also append the run to the Iceberg tables
 *     {@code <prefix>_attributions}, {@code _feature_stats}, ... and {@code _history}; empty = the folder only
 * @param warehouse the folder of the embedded Iceberg catalog; empty = the Spark configuration's catalogs only
 */
public record OutputConfig(String path, Mode mode, boolean featureColumns, Optional<String> tablePrefix,
        Optional<String> warehouse) {

    /** What to do with an existing output folder. */
    public enum Mode {
        /** Refuse to run, touching nothing. */
        ERROR_IF_EXISTS,
        /** Replace it, once every check has passed. */
        OVERWRITE
    }
}
