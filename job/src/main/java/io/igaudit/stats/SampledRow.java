package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * One output row of the report's sample.
 *
 * @param ids its id column values, as text
 * @param target the output explained
 * @param prediction F(x) for the target
 * @param delta its convergence delta
 * @param values its feature values, in feature order
 * @param attributions its attributions, in feature order
 * @param tokens the token at each position of its sequence, or null for a model without a tokens column
 */
public record SampledRow(List<String> ids, int target, float prediction, float delta, float[] values, float[] attributions,
        String[] tokens) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
}
