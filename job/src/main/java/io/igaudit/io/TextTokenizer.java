package io.igaudit.io;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.igaudit.stats.TextCounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A Hugging Face tokenizer (the {@code tokenizer.json} that {@code tokenizers} and
 * {@code transformers} save) run through DJL's bindings, set to a fixed length: every text becomes
 * exactly {@code length} token ids, padded with the tokenizer's pad token or truncated, with its
 * attention mask (1 for a real token, 0 for padding), token type ids and token strings. The
 * natives ship inside the DJL jar; nothing is downloaded.
 *
 * <p>Built from the file's bytes, so that the driver can ship them to executors in a broadcast.
 * Not shared between threads: each task opens its own.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int length;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int length) {
        this.tokenizer = tokenizer;
        this.length = length;
    }

    /**
     * A tokenizer from the content of a {@code tokenizer.json}.
     *
     * @param json the file's bytes
     * @param length tokens per text after padding or truncation, at least 1
     * @param addSpecialTokens whether the tokenizer's template adds its special tokens ([CLS], [SEP], ...)
     * @throws IllegalArgumentException when the bytes are not a tokenizer the library can load
     */
    public static TextTokenizer of(byte[] json, int length, boolean addSpecialTokens) {
        if (length < 1) {
            throw new IllegalArgumentException("a tokenizer's length must be at least 1, got " + length);
        }
        Map<String, String> options = Map.of(
                "addSpecialTokens", Boolean.toString(addSpecialTokens),
                "truncation", "true",
                "padding", "max_length",
                "maxLength", Integer.toString(length),
                // the model decides what length it takes: without this, DJL caps maxLength at 512
                "modelMaxLength", Integer.toString(length));
        try {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options), length);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Hugging Face tokenizer.json: " + Messages.firstLine(e), e);
        }
    }

    /** Tokens per text. */
    public int length() {
        return length;
    }

    /**
     * The first {@code count} texts encoded, row-major: row r's values at {@code r·length .. r·length + length − 1}.
     *
     * @param texts the texts (none null)
     * @param count how many of them to encode, from the first
     */
    public Encoded encode(String[] texts, int count) {
        Encoding[] encodings = tokenizer.batchEncode(count == texts.length ? texts : Arrays.copyOf(texts, count));
        long[] ids = new long[count * length];
        long[] mask = new long[count * length];
        long[] typeIds = new long[count * length];
        String[] tokens = new String[count * length];
        int truncated = 0;
        int empty = 0;
        int withoutWords = 0;
        for (int row = 0; row < count; row++) {
            Encoding encoding = encodings[row];
            int offset = row * length;
            // Padding to max_length makes every encoding exactly `length` long.
            System.arraycopy(encoding.getIds(), 0, ids, offset, length);
            System.arraycopy(encoding.getAttentionMask(), 0, mask, offset, length);
            System.arraycopy(encoding.getTypeIds(), 0, typeIds, offset, length);
            System.arraycopy(encoding.getTokens(), 0, tokens, offset, length);
            // A length too short for the special tokens leaves the encoding longer than asked (uncut)
            truncated += encoding.exceedMaxLength() || encoding.getIds().length > length ? 1 : 0;
            empty += texts[row].isBlank() ? 1 : 0;
            withoutWords += holdsAWord(encoding, length) ? 0 : 1;
        }
        return new Encoded(count, length, ids, mask, typeIds, tokens, new TextCounts(count, truncated, empty, withoutWords));
    }

    /**
     * Whether the first {@code length} positions of an encoding hold a token of the text: attended
     * to and not one of the tokenizer's special tokens.
     */
    private static boolean holdsAWord(Encoding encoding, int length) {
        long[] mask = encoding.getAttentionMask();
        long[] special = encoding.getSpecialTokenMask();
        for (int i = 0; i < Math.min(length, mask.length); i++) {
            if (mask[i] == 1 && special[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The id of a token given as its string (e.g. "[CLS]"), when the tokenizer reads it as exactly that one token. */
    public OptionalLong idOf(String token) {
        Encoding encoding = tokenizer.encode(token, false, false);
        long[] mask = encoding.getAttentionMask();
        int real = 0;
        for (long m : mask) {
            real += (int) m;
        }
        return real == 1 && mask[0] == 1 && encoding.getTokens()[0].equals(token)
                ? OptionalLong.of(encoding.getIds()[0]) : OptionalLong.empty();
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * Encoded texts, row-major, {@code rows × length} values each.
     *
     * @param rows texts encoded
     * @param length tokens per text
     * @param ids token ids
     * @param mask attention mask: 1 for a token of the text or a special token, 0 for padding
     * @param typeIds token type (segment) ids
     * @param tokens the token strings, padding included
     * @param counts how many texts were cut, empty, or left without a word
     */
    public record Encoded(int rows, int length, long[] ids, long[] mask, long[] typeIds, String[] tokens, TextCounts counts) {

        /** Texts that were longer than {@code length} and were cut. */
        public long truncated() {
            return counts.truncated();
        }
    }
}
