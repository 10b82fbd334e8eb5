package io.igaudit.report;

import io.igaudit.stats.TextCounts;
import java.util.Optional;

/**
 * What tokenizing did to a run's texts, in words for the console and the report: how many were
 * cut at the tokenizer's length, empty, or left without a word of their own.
 */
public final class TextNote {

    private TextNote() {}

    /**
     * The note; empty for a run without a text column.
     *
     * @param counts the run's counts
     * @param maxLength input.text.max-length
     */
    public static Optional<String> of(TextCounts counts, int maxLength) {
        if (counts.texts() == 0) {
            return Optional.empty();
        }
        return Optional.of(Format.count(counts.texts()) + " texts tokenized to " + Format.count(maxLength) + " tokens: "
                + share(counts.truncated(), counts.texts()) + " cut to fit (their later words are not attributed), "
                + share(counts.empty(), counts.texts()) + " empty, " + share(counts.withoutWords(), counts.texts())
                + " without a word of their own");
    }

    private static String share(long count, long of) {
        return Format.count(count) + (count == 0 ? "" : " (" + Format.percent((double) count / of) + ")");
    }
}
