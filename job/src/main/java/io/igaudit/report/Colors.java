package io.igaudit.report;

/** The report's colours: a low-to-high feature-value scale (SHAP's blue to red) and fixed accents. */
final class Colors {

    /** Bars of mean |attribution|. */
    static final String BAR = "#3b6fb6";
    /** The earlier run, in drift charts. */
    static final String BEFORE = "#b8bec7";
    /** Over a threshold. */
    static final String BAD = "#d1343a";
    /** A value the scale cannot place (e.g. NaN). */
    static final String UNKNOWN = "#9aa0a6";

    private static final int[] LOW = {0x00, 0x8b, 0xfb};
    private static final int[] MIDDLE = {0x8a, 0x3f, 0xc8};
    private static final int[] HIGH = {0xff, 0x00, 0x52};

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
        return String.format("#%02x%02x%02x", mix(from[0], to[0], f), mix(from[1], to[1], f), mix(from[2], to[2], f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
