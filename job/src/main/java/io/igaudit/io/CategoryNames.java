package io.igaudit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of categorical columns' codes, from a JSON file such as the credit sample's
 * {@code categories.json}: an object whose {@code categorical} member (or the object itself) maps
 * each column to an array of names, the array index being the code. Other members are ignored.
 */
public final class CategoryNames {

    private CategoryNames() {}

    /**
     * The mapping.
     *
     * @param in the file's content (UTF-8 JSON)
     * @param source the file's name, for messages
     * @return per column, the name of each code
     */
    public static Map<String, List<String>> read(InputStream in, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + " is not JSON (" + e.getOriginalMessage() + "); it should map each categorical "
                    + "column to an array of category names, index = code", e);
        } catch (IOException e) {
            throw new ConfigException(source + " cannot be read: " + e.getMessage(), e);
        }
        JsonNode columns = root != null && root.has("categorical") ? root.get("categorical") : root;
        if (columns == null || !columns.isObject()) {
            throw new ConfigException(source + " should hold an object mapping each categorical column to an array of "
                    + "category names (index = code), optionally under \"categorical\"");
        }
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            if (!column.getValue().isArray()) {
                throw new ConfigException(source + ": column '" + column.getKey() + "' maps to " + column.getValue().getNodeType()
                        .toString().toLowerCase(java.util.Locale.ROOT) + "; it should be an array of category names, index = code");
            }
            List<String> categories = new ArrayList<>();
            column.getValue().forEach(name -> categories.add(name.isTextual() ? name.textValue() : name.toString()));
            names.put(column.getKey(), List.copyOf(categories));
        }
        return names;
    }

    /**
     * The class names under {@code "label": {"names": [...]}} of such a file, index = the model's
     * output; empty when it has none.
     *
     * @param in the file's content (UTF-8 JSON)
     * @param source the file's name, for messages
     */
    public static List<String> labels(InputStream in, String source) {
        JsonNode names;
        try {
            JsonNode root = new ObjectMapper().readTree(in);
            names = root == null ? null : root.path("label").get("names");
        } catch (IOException e) {
            throw new ConfigException(source + " cannot be read: " + e.getMessage(), e);
        }
        if (names == null) {
            return List.of();
        }
        if (!names.isArray()) {
            throw new ConfigException(source + ": label.names should be an array of class names, index = the model's output");
        }
        List<String> labels = new ArrayList<>();
        names.forEach(name -> labels.add(name.isTextual() ? name.textValue() : name.toString()));
        return List.copyOf(labels);
    }
}
