package io.igaudit.report;

/**
 * The report's colours: a low-to-high feature-value scale (SHAP's blue to red), a diverging scale
 * for signed attributions (the same blue and red around white), scales for images and fixed accents.
 */
final class Colors {

    /** Bars of mean |attribution|. */
    static final String BAR = "#3b6fb6";
    /** The earlier run, in drift charts. */
    static final String BEFORE = "#b8bec7";
    /** Over a threshold. */
    static final String BAD = "#d1343a";
    /** A value the scale cannot place (e.g. NaN). */
    static final String UNKNOWN = "#9aa0a6";

    /** The low end of the feature-value scale; the negative end of the diverging scale. */
    static final int[] LOW = {0x00, 0x8b, 0xfb};
    private static final int[] MIDDLE = {0x8a, 0x3f, 0xc8};
    /** The high end of the feature-value scale; the positive end of the diverging scale. */
    static final int[] HIGH = {0xff, 0x00, 0x52};
    /** The middle of the diverging scale (zero). */
    static final int[] ZERO = {0xff, 0xff, 0xff};
    /** The strong end of the magnitude scale. */
    static final int[] MAGNITUDE = {0x1d, 0x3f, 0x7a};

    private Colors() {}

    /** The colour of a position t on the low (0) to high (1) scale, through purple; grey for NaN. */
    static String scale(double t) {
        if (Double.isNaN(t)) {
            return UNKNOWN;
        }
        double clamped = Math.max(0, Math.min(1, t));
        int[] from = clamped < 0.5 ? LOW : MIDDLE;
        int[] to = clamped < 0.5 ? MIDDLE : HIGH;
        double f = clamped < 0.5 ? clamped * 2 : (clamped - 0.5) * 2;
        return blend(from, to, f);
    }

    /**
     * A signed value t in [-1, 1] (clamped): white at 0, blending into blue as t falls to -1 and
     * into red as it rises to 1, by the same amount for t and -t; grey for NaN.
     */
    static String diverging(double t) {
        if (Double.isNaN(t)) {
            return UNKNOWN;
        }
        double clamped = Math.max(-1, Math.min(1, t));
        return blend(ZERO, clamped < 0 ? LOW : HIGH, Math.abs(clamped));
    }

    /** A magnitude t in [0, 1] (clamped): white at 0 to dark blue at 1; grey for NaN. */
    static String magnitude(double t) {
        return Double.isNaN(t) ? UNKNOWN : blend(ZERO, MAGNITUDE, Math.max(0, Math.min(1, t)));
    }

    /** A colour from red, green and blue intensities in [0, 1] (clamped); grey for NaN. */
    static String rgb(double red, double green, double blue) {
        if (Double.isNaN(red) || Double.isNaN(green) || Double.isNaN(blue)) {
            return UNKNOWN;
        }
        return hex(level(red), level(green), level(blue));
    }

    /** A grey level t in [0, 1] (clamped): black at 0, white at 1; grey for NaN. */
    static String grey(double t) {
        return rgb(t, t, t);
    }

    private static String blend(int[] from, int[] to, double f) {
        return hex(mix(from[0], to[0], f), mix(from[1], to[1], f), mix(from[2], to[2], f));
    }

    private static int level(double t) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, t)));
    }

    private static String hex(int red, int green, int blue) {
        return String.format("#%02x%02x%02x", red, green, blue);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** The overlays' colours for attributions that raise the output, by colour map: green, or red. */
    static final double[] OVERLAY_GREEN = {0.0, 0.78, 0.0};
    static final double[] OVERLAY_PINK = {1.0, 0.0, 0.78};
    static final double[] OVERLAY_RED = {0.84, 0.19, 0.15};
    static final double[] OVERLAY_BLUE = {0.27, 0.46, 0.71};

    /** A grey level blended towards a colour by {@code alpha} in [0, 1] (clamped). */
    static String over(double grey, double[] colour, double alpha) {
        double a = Math.max(0, Math.min(1, alpha));
        return rgb(grey * (1 - a) + colour[0] * a, grey * (1 - a) + colour[1] * a, grey * (1 - a) + colour[2] * a);
    }
}
