package io.igaudit.report;

/** Feature names on chart axes: cut to a width, with the width estimated for the report's font. */
final class Labels {

    /** Average width of a character of the chart font at 12 px. */
    static final double CHAR_WIDTH = 6.6;

    private Labels() {}

    /** The name, cut to {@code max} characters with an ellipsis. */
    static String cut(String name, int max) {
        return name.length() <= max ? name : name.substring(0, max - 1) + "…";
    }

    /** Width in px for the longest of the names once cut to {@code max} characters, within [min, cap]. */
    static double width(Iterable<String> names, int max, double min, double cap) {
        int longest = 0;
        for (String name : names) {
            longest = Math.max(longest, Math.min(max, name.length()));
        }
        return Math.max(min, Math.min(cap, longest * CHAR_WIDTH + 12));
    }

    /** "id 5, label 9" from a row's id column values, or its place in the sample when there are none. */
    static String rowName(java.util.List<String> ids, java.util.List<String> idColumns, int index) {
        int shown = Math.min(idColumns.size(), ids.size());
        if (shown == 0) {
            return "sampled row " + (index + 1);
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            name.append(i > 0 ? ", " : "").append(idColumns.get(i)).append(' ').append(ids.get(i));
        }
        return name.toString();
    }
}
