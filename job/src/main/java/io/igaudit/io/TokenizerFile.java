package io.igaudit.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;

/**
 * Facts read from a {@code tokenizer.json} itself, which DJL's bindings do not expose: the
 * largest id the tokenizer can produce, to check it against the model's embedding before any
 * task runs.
 */
public final class TokenizerFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerFile() {}

    /**
     * The largest token id of the tokenizer: over its model's vocabulary (an object of token to id
     * for WordPiece, WordLevel and BPE; a list of [token, score] for Unigram, whose ids are the
     * positions) and its added tokens.
     *
     * @throws IllegalArgumentException when the bytes are not JSON or hold no vocabulary
     */
    public static long largestId(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + Messages.firstLine(e), e);
        }
        long largest = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<JsonNode> ids = vocab.elements(); ids.hasNext(); ) {
                largest = Math.max(largest, ids.next().asLong(-1));
            }
        } else if (vocab.isArray()) {
            largest = vocab.size() - 1;
        }
        for (JsonNode added : root.path("added_tokens")) {
            largest = Math.max(largest, added.path("id").asLong(-1));
        }
        if (largest < 0) {
            throw new IllegalArgumentException("it holds no vocabulary (model.vocab) and no added tokens");
        }
        return largest;
    }
}
