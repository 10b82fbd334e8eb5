package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.stats.TextCounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The fixed-length encoding on a small word-level tokenizer.json written for this test (lower-cases,
 * splits on whitespace, wraps each text in [CLS] … [SEP]; vocabulary [PAD] 0, [UNK] 1, [CLS] 2,
 * [SEP] 3, the 4, cat 5, sat 6, on 7, mat 8, a 9), so every expected id is read off the vocabulary.
 */
class TextTokenizerTest {

    static byte[] tokenizerJson() {
        try (InputStream in = TextTokenizerTest.class.getResourceAsStream("tokenizer.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long[] row(long[] values, int row, int length) {
        return Arrays.copyOfRange(values, row * length, (row + 1) * length);
    }

    @Test
    void padsShortTextsAndMasksThePadding() {
        try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson(), 7, true)) {
            TextTokenizer.Encoded encoded = tokenizer.encode(new String[] {"The cat sat"}, 1);
            assertEquals(1, encoded.rows());
            assertArrayEquals(new long[] {2, 4, 5, 6, 3, 0, 0}, encoded.ids());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0, 0}, encoded.mask());
            assertArrayEquals(new String[] {"[CLS]", "the", "cat", "sat", "[SEP]", "[PAD]", "[PAD]"}, encoded.tokens());
            assertArrayEquals(new long[7], encoded.typeIds());
            assertEquals(0, encoded.truncated());
        }
    }

    @Test
    void truncatesLongTextsKeepingTheSpecialTokensAndCountsThem() {
        try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson(), 5, true)) {
            TextTokenizer.Encoded encoded = tokenizer.encode(new String[] {"the cat sat on the mat", "a cat"}, 2);
            assertArrayEquals(new long[] {2, 4, 5, 6, 3}, row(encoded.ids(), 0, 5));
            assertArrayEquals(new long[] {1, 1, 1, 1, 1}, row(encoded.mask(), 0, 5));
            assertArrayEquals(new long[] {2, 9, 5, 3, 0}, row(encoded.ids(), 1, 5));
            assertArrayEquals(new long[] {1, 1, 1, 1, 0}, row(encoded.mask(), 1, 5));
            assertEquals(1, encoded.truncated());
        }
    }

    @Test
    void unknownWordsBecomeTheUnknownTokenAndEmptyTextsKeepOnlyTheSpecialTokens() {
        try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson(), 4, true)) {
            TextTokenizer.Encoded encoded = tokenizer.encode(new String[] {"zebra", "", "unused"}, 2);
            assertEquals(2, encoded.rows());
            assertArrayEquals(new long[] {2, 1, 3, 0, 2, 3, 0, 0}, encoded.ids());
            assertArrayEquals(new long[] {1, 1, 1, 0, 1, 1, 0, 0}, encoded.mask());
            assertEquals("[UNK]", encoded.tokens()[1]);
        }
    }

    @Test
    void countsTextsCutEmptyAndWithoutAWord() {
        String[] texts = {"the cat sat on the mat", "", "a cat", "   "};
        try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson(), 5, true)) {
            assertEquals(new TextCounts(4, 1, 2, 2), tokenizer.encode(texts, 4).counts());
        }
        try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson(), 1, true)) {
            // only [CLS] fits: every text is cut, none keeps a word
            TextCounts counts = tokenizer.encode(texts, 4).counts();
            assertEquals(4, counts.withoutWords());
            assertEquals(4, counts.truncated(), "every encoding is cut, the empty ones' [SEP] too");
            assertTrue(counts.mostWithoutWords());
        }
    }

    @Test
    void lengthsAboveFiveHundredTwelveAreHonoured() {
        String words = String.join(" ", java.util.Collections.nCopies(700, "cat"));
        try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson(), 1024, true)) {
            TextTokenizer.Encoded encoded = tokenizer.encode(new String[] {words, "the mat"}, 2);
            assertEquals(2 * 1024, encoded.ids().length);
            // [CLS], 700 words, [SEP], then padding
            assertEquals(702, java.util.Arrays.stream(row(encoded.mask(), 0, 1024)).sum());
            assertEquals(3, row(encoded.ids(), 0, 1024)[701]);
            assertEquals(4, java.util.Arrays.stream(row(encoded.mask(), 1, 1024)).sum());
            assertEquals(0, encoded.truncated());
        }
    }

    @Test
    void withoutSpecialTokensOnlyTheWordsAreEncoded() {
        try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson(), 3, false)) {
            assertArrayEquals(new long[] {5, 6, 0}, tokenizer.encode(new String[] {"cat sat"}, 1).ids());
        }
    }

    @Test
    void findsTheIdOfASingleToken() {
        try (TextTokenizer tokenizer = TextTokenizer.of(tokenizerJson(), 8, true)) {
            assertEquals(OptionalLong.of(2), tokenizer.idOf("[CLS]"));
            assertEquals(OptionalLong.of(0), tokenizer.idOf("[PAD]"));
            assertEquals(OptionalLong.of(8), tokenizer.idOf("mat"));
            assertFalse(tokenizer.idOf("zebra").isPresent(), "an unknown word is no token of its own");
            assertFalse(tokenizer.idOf("the cat").isPresent(), "two words are two tokens");
        }
    }

    @Test
    void refusesWhatIsNoTokenizer() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TextTokenizer.of("{\"model\": 3}".getBytes(StandardCharsets.UTF_8), 8, true));
        assertTrue(error.getMessage().contains("tokenizer.json"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TextTokenizer.of(tokenizerJson(), 0, true));
    }
}
