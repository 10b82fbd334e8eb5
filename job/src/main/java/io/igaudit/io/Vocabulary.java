package io.igaudit.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A word vocabulary as BERT's {@code vocab.txt} stores it: one token per line, the line number
 * (from 0) is the token's id. Small enough to travel with the tasks, which turn ids back into
 * token strings.
 */
public final class Vocabulary implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] tokens;
    private transient Map<String, Long> ids;

    private Vocabulary(String[] tokens) {
        this.tokens = tokens;
    }

    /** The tokens of a UTF-8 stream, one per line (a trailing line break is optional). */
    public static Vocabulary read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the vocabulary is empty; it needs one token per line");
        }
        return new Vocabulary(lines.toArray(String[]::new));
    }

    /** A vocabulary of the given tokens, id = position. */
    public static Vocabulary of(List<String> tokens) {
        return new Vocabulary(tokens.toArray(String[]::new));
    }

    /** Number of tokens (the largest id is one less). */
    public int size() {
        return tokens.length;
    }

    /** The token of {@code id}; ids outside the vocabulary are written as {@code [id 12345]}. */
    public String token(long id) {
        return id >= 0 && id < tokens.length ? tokens[(int) id] : "[id " + id + "]";
    }

    /** The id of a token string (its first line when it occurs twice). */
    public OptionalLong idOf(String token) {
        if (ids == null) {
            Map<String, Long> byToken = new HashMap<>();
            for (int i = tokens.length - 1; i >= 0; i--) {
                byToken.put(tokens[i], (long) i);
            }
            ids = byToken;
        }
        Long id = ids.get(token);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }
}
