package io.igaudit.partition;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * Where a layer model's token positions and categorical columns lie among its attributions, so
 * that the tasks can keep {@code token_stats} and {@code category_stats} as they attribute. Made
 * by the driver from the configured tensors; either part may be null.
 *
 * @param tokens the token sequence, or null when no int64 sequence names attributed features
 * @param categories the categorical columns, or null when no int64 tensor of columns does
 */
public record EmbeddingParts(TokenPart tokens, CategoryPart categories) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** True when there is nothing to keep. */
    public boolean isEmpty() {
        return tokens == null && categories == null;
    }

    /**
     * A sequence of token ids whose positions are attributed features.
     *
     * @param sequence the int64 tensor of ids
     * @param mask the tensor that masks it (0 = padding), or null when none does
     * @param offset the attribution of its first position
     * @param length its positions per row
     * @param specialIds ids reported apart, never ranked (the ids kept in the baseline: CLS, SEP, PAD)
     * @param paddingIds the ids that pad a row (the tokenizer's pad id, or the one id the data holds
     *     at masked positions)
     * @param capacity ordinary tokens a task keeps after a drop (output.token-stats.capacity)
     * @param spelled true when the tokens' strings are known (a tokenizer or a vocabulary)
     */
    public record TokenPart(String sequence, String mask, int offset, int length, long[] specialIds, long[] paddingIds,
            int capacity, boolean spelled) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        /** Copies the arrays. */
        public TokenPart {
            specialIds = specialIds.clone();
            paddingIds = paddingIds.clone();
        }

        @Override
        public long[] specialIds() {
            return specialIds.clone();
        }

        @Override
        public long[] paddingIds() {
            return paddingIds.clone();
        }
    }

    /**
     * Categorical columns whose codes are attributed features, one attribution each.
     *
     * @param tensors the int64 tensors of columns, in the order of {@code columns}
     * @param columns every column of those tensors, in order
     * @param attributionIndex each column's attribution
     */
    public record CategoryPart(List<String> tensors, List<String> columns, int[] attributionIndex) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        /** Copies the lists and the array. */
        public CategoryPart {
            tensors = List.copyOf(tensors);
            columns = List.copyOf(columns);
            attributionIndex = attributionIndex.clone();
        }

        @Override
        public int[] attributionIndex() {
            return attributionIndex.clone();
        }
    }
}
