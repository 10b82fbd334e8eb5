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
        Optional<String> warehouse, ReportImages reportImages) {

    /**
     * How the report draws sampled images (output.report-images).
     *
     * @param polarity the attributions the overlay shows
     * @param clipUpper the percentile of an image's shown |attributions| at which the colour is full
     * @param clipLower the percentile at and below which there is no colour
     * @param overlay coloured pixels or the outlines of the densest XRAI regions
     * @param colormap the overlay's colours
     * @param xraiTopArea the share of the image the outlined regions cover at most
     */
    public record ReportImages(Polarity polarity, double clipUpper, double clipLower, Overlay overlay, Colormap colormap,
            double xraiTopArea) {

        /** Which attributions an overlay shows. */
        public enum Polarity { POSITIVE, NEGATIVE, BOTH }

        /** How an overlay draws them. */
        public enum Overlay { PIXELS, OUTLINES }

        /** Its colours. */
        public enum Colormap { PINK_GREEN, RED_BLUE }
    }

    /** What to do with an existing output folder. */
    public enum Mode {
        /** Refuse to run, touching nothing. */
        ERROR_IF_EXISTS,
        /** Replace it, once every check has passed. */
        OVERWRITE
    }
}
