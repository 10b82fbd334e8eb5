package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** vocab.txt semantics: the line number from 0 is the id. */
class VocabularyTest {

    private static Vocabulary of(String text) throws Exception {
        return Vocabulary.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void lineNumberIsTheId() throws Exception {
        Vocabulary vocabulary = of("[PAD]\n[UNK]\nhello\nwörld\n");
        assertEquals(4, vocabulary.size());
        assertEquals("[PAD]", vocabulary.token(0));
        assertEquals("wörld", vocabulary.token(3));
        assertEquals(OptionalLong.of(2), vocabulary.idOf("hello"));
        assertFalse(vocabulary.idOf("absent").isPresent());
    }

    @Test
    void idsOutsideTheVocabularyAreNamedByNumber() throws Exception {
        Vocabulary vocabulary = of("a\nb");
        assertEquals(2, vocabulary.size());
        assertEquals("[id 2]", vocabulary.token(2));
        assertEquals("[id -1]", vocabulary.token(-1));
    }

    @Test
    void aRepeatedTokenMapsToItsFirstLineAndAnEmptyFileIsRefused() throws Exception {
        assertEquals(OptionalLong.of(1), of("x\ny\ny\n").idOf("y"));
        assertThrows(IllegalArgumentException.class, () -> of(""));
    }
}
