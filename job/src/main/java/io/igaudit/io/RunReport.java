package io.igaudit.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON document of named sections in the order they are put, written at once (the drift
 * summary, {@code drift/summary.json}; run.json has records of its own, {@code RunDocument}).
 */
public final class RunReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> sections = new LinkedHashMap<>();

    /** Sets a top-level entry. */
    public RunReport put(String key, Object value) {
        sections.put(key, value);
        return this;
    }


    /** The report as JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(sections);
        } catch (IOException e) {
            throw new IllegalStateException("run report is not serialisable", e);
        }
    }

    /** An ordered map from alternating keys and values, for building sections. */
    public static Map<String, Object> section(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
