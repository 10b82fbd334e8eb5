package io.igaudit.stats;

import java.io.Serializable;

/**
 * What tokenizing did to the texts of a run (or of a part of it): added up per batch, kept with the
 * partition's summary and merged with it, so that each text counts once.
 *
 * @param texts texts tokenized
 * @param truncated texts longer than the tokenizer's length, cut
 * @param empty texts that are empty or only white space
 * @param withoutWords texts left with no token of their own (only special tokens and padding): the
 *     empty ones, and any whose words did not fit
 */
public record TextCounts(long texts, long truncated, long empty, long withoutWords) implements Serializable {

    /** No texts. */
    public static final TextCounts NONE = new TextCounts(0, 0, 0, 0);

    /** These counts and {@code other}'s, added. */
    public TextCounts plus(TextCounts other) {
        return new TextCounts(texts + other.texts, truncated + other.truncated, empty + other.empty,
                withoutWords + other.withoutWords);
    }

    /** Whether more than half of the texts hold no token of their own. */
    public boolean mostWithoutWords() {
        return 2 * withoutWords > texts;
    }
}
