package io.igaudit.report;

import java.util.List;

/** The room a chart leaves right of its longest bar for the values written beside the bars. */
final class ValueText {

    /** The room for a plain number, as the charts always left. */
    private static final double MINIMUM = 64;
    /** About one character of the value's 11 px text. */
    private static final double CHARACTER = 6.2;

    private ValueText() {}

    /** Room for the longest of these texts: a plain number's, or more for a number with its interval. */
    static double room(List<String> texts) {
        int longest = texts.stream().mapToInt(String::length).max().orElse(0);
        return Math.max(MINIMUM, 8 + longest * CHARACTER);
    }
}
