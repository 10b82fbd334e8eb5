package io.igaudit.config;

import java.util.List;
import java.util.Map;

/**
 * Layer attribution settings ({@code attribution.layer}): the names of the attributed features and
 * the baselines of integer inputs.
 *
 * @param featuresFrom the input tensor that names each part of the layer, in the layer's order;
 *     empty = the first input tensor names the layer's one part
 * @param referenceId the id that replaces every id of a sequence in the baseline
 * @param keep the ids that keep their place in the baseline (special tokens)
 * @param referenceCategory the baseline code of a categorical column not in {@code referenceCategories}
 * @param referenceCategories the baseline code of each named categorical column
 */
public record LayerConfig(
        List<String> featuresFrom, TokenRef referenceId, List<TokenRef> keep, long referenceCategory,
        Map<String, Long> referenceCategories) {

    /** Copies the collections. */
    public LayerConfig {
        featuresFrom = List.copyOf(featuresFrom);
        keep = List.copyOf(keep);
        referenceCategories = Map.copyOf(referenceCategories);
    }

    /** A token given by its id or by its string (looked up in the tokenizer or the vocabulary). */
    public sealed interface TokenRef {

        /** A token id. */
        record Id(long id) implements TokenRef {
            @Override
            public String describe() {
                return Long.toString(id);
            }
        }

        /** A token string such as {@code [CLS]}. */
        record Token(String token) implements TokenRef {
            @Override
            public String describe() {
                return '"' + token + '"';
            }
        }

        /** How it is written in configuration. */
        String describe();
    }
}
