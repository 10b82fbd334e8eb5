package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;

/**
 * The token and category statistics of one partition of a model explained at an embedding layer,
 * kept beside its {@link PartitionStats} (and so merged once per partition, as they are). Either
 * part may be absent: a model without a token sequence has no token table, one without
 * categorical columns no category table.
 */
public final class EmbeddingStats implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final TokenStats tokens;
    private final CategoryStats categories;

    /**
     * Empty statistics.
     *
     * @param tokens the token state, or null when the layer has no token sequence
     * @param categories the category state, or null when it has no categorical columns
     */
    public EmbeddingStats(TokenStats tokens, CategoryStats categories) {
        this.tokens = tokens;
        this.categories = categories;
    }

    /** The token state, or null. */
    public TokenStats tokens() {
        return tokens;
    }

    /** The category state, or null. */
    public CategoryStats categories() {
        return categories;
    }

    /** Adds every row of {@code other} (another partition of the same run), leaving it unchanged. */
    EmbeddingStats merge(EmbeddingStats other) {
        if (tokens != null) {
            tokens.merge(other.tokens);
        }
        if (categories != null) {
            categories.merge(other.categories);
        }
        return this;
    }
}
