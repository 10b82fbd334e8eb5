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
    /** Per slice of audit.slices, the same statistics of its rows over all its rows (no classes); empty without slices. */
    private final EmbeddingStats[] slices;

    /**
     * Empty statistics.
     *
     * @param tokens the token state, or null when the layer has no token sequence
     * @param categories the category state, or null when it has no categorical columns
     */
    public EmbeddingStats(TokenStats tokens, CategoryStats categories) {
        this(tokens, categories, new EmbeddingStats[0]);
    }

    /**
     * Empty statistics with one more per slice.
     *
     * @param slices each slice's (empty) statistics, index = slice
     */
    public EmbeddingStats(TokenStats tokens, CategoryStats categories, EmbeddingStats[] slices) {
        this.tokens = tokens;
        this.categories = categories;
        this.slices = slices.clone();
    }

    /** Slice {@code i}'s statistics (audit.slices). */
    public EmbeddingStats slice(int i) {
        return slices[i];
    }

    /** How many slices have statistics of their own. */
    public int slices() {
        return slices.length;
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
        for (int i = 0; i < slices.length; i++) {
            slices[i].merge(other.slices[i]);
        }
        return this;
    }
}
