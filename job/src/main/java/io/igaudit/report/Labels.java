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

    /**
     * The name cut to {@code max} characters, and further until it fits {@code width} px (as
     * {@link #estimate} sees it), so that a label drawn right-aligned at that width is never cut
     * off at the chart's edge.
     */
    static String fit(String name, int max, double width) {
        String label = cut(name, max);
        for (int keep = Math.min(name.length(), max) - 1; keep > 1 && estimate(label) > width; keep--) {
            label = name.substring(0, keep - 1) + "…";
        }
        return label;
    }

    /** Width in px for the longest of the names once cut to {@code max} characters, within [min, cap]. */
    static double width(Iterable<String> names, int max, double min, double cap) {
        double longest = 0;
        for (String name : names) {
            longest = Math.max(longest, estimate(cut(name, max)));
        }
        return Math.max(min, Math.min(cap, longest + 12));
    }

    /**
     * The width in px of a text in the chart font at 12 px, estimated generously per kind of
     * character: narrow ones (i, l, punctuation), capitals and wide ones (m, w) apart from the rest.
     */
    static double estimate(String text) {
        double width = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            width += "iljtf.,:;'|!()[] ".indexOf(c) >= 0 ? 4.0 : "mwMW@%".indexOf(c) >= 0 ? 12.2
                    : "<>=+~#&".indexOf(c) >= 0 ? 10.2 : Character.isUpperCase(c) ? 8.8 : 7.0;
        }
        return width;
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
