package io.igaudit.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The segments of the rows that every statistic is kept for as well ({@code audit.slices}).
 *
 * @param slices each a column (one slice per value: the most frequent ones, then "other") or a predicate
 * @param values slices per column: its most frequent values, the other values in one more slice
 * @param maxDistinct a slice column with more distinct values stops the run (an id, not a segment)
 * @param minRows a slice with fewer rows (in either run) is reported but not checked against audit.fail-on
 */
public record SliceConfig(List<Slice> slices, int values, int maxDistinct, long minRows) {

    /** Copies the list; checks the bounds. */
    public SliceConfig {
        slices = List.copyOf(slices);
        if (values < 1) {
            throw new ConfigException("audit.slice-values must be at least 1, got " + values);
        }
        if (maxDistinct < values) {
            throw new ConfigException("audit.slice-max-distinct (" + maxDistinct + ") must be at least audit.slice-values ("
                    + values + ")");
        }
        if (minRows < 1) {
            throw new ConfigException("audit.slice-min-rows must be at least 1, got " + minRows);
        }
    }

    /** No slices. */
    public static SliceConfig none() {
        return new SliceConfig(List.of(), 10, 1000, 100);
    }

    /** One entry of audit.slices. */
    public sealed interface Slice {

        /** As configured. */
        String text();

        /**
         * An entry that is a column name (letters, digits and _, or in backquotes) slices by the
         * column's values; anything else is a Spark SQL predicate.
         */
        static Slice parse(String text) {
            String value = text.trim();
            if (value.isEmpty()) {
                throw new ConfigException("audit.slices: an entry is blank; give a column name or a condition such as \"age >= 60\"");
            }
            if (IDENTIFIER.matcher(value).matches()) {
                return new Column(value);
            }
            if (value.length() > 2 && value.startsWith("`") && value.endsWith("`") && value.indexOf('`', 1) == value.length() - 1) {
                return new Column(value.substring(1, value.length() - 1));
            }
            return new Predicate(value);
        }
    }

    /** One slice per value of a column. @param name the column */
    public record Column(String name) implements Slice {
        @Override
        public String text() {
            return name;
        }
    }

    /** One slice: the rows a condition holds for. @param condition a Spark SQL condition */
    public record Predicate(String condition) implements Slice {
        @Override
        public String text() {
            return condition;
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
}
