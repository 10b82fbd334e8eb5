package io.igaudit.ig;

import java.util.Arrays;
import java.util.List;

/**
 * The output of a model's layer for a batch: one float tensor, or the parts of a tuple, each with
 * the rows first and the attributed features second, e.g. token embeddings {@code (rows, tokens, dim)}
 * or category embeddings {@code (rows, columns, dim)} beside numeric columns {@code (rows, n)}.
 * The attributed features of a row are the features of every part, in the parts' order.
 *
 * @param parts the layer's tensors; a part's row shape is {@code [features, rest...]}
 */
public record LayerActivations(List<FeatureBatch> parts) {

    /** Checks that every part has the same rows. */
    public LayerActivations {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("a layer needs at least one tensor");
        }
        parts = List.copyOf(parts);
        int rows = parts.get(0).rows();
        for (int p = 1; p < parts.size(); p++) {
            if (parts.get(p).rows() != rows) {
                throw new IllegalArgumentException("the layer's tuple parts disagree on rows: part 0 has " + rows
                        + " rows, part " + p + " has " + parts.get(p).rows());
            }
        }
    }

    /** Number of rows. */
    public int rows() {
        return parts.get(0).rows();
    }

    /** Number of parts (1 for a plain tensor). */
    public int size() {
        return parts.size();
    }

    /** Part {@code index}. */
    public FeatureBatch part(int index) {
        return parts.get(index);
    }

    /** Layer elements of one row, over every part (what one step of one row costs a pass). */
    public long elementsPerRow() {
        long elements = 0;
        for (FeatureBatch part : parts) {
            elements += part.elementsPerRow();
        }
        return elements;
    }

    /** Attributed features of one row: the second dimension of every part, added. */
    public int featuresPerRow() {
        int features = 0;
        for (FeatureBatch part : parts) {
            features += part.rowShape()[0];
        }
        return features;
    }

    /** True when {@code other} has the same parts with the same row shapes (the rows may differ). */
    public boolean sameRowShapes(LayerActivations other) {
        if (other.size() != size()) {
            return false;
        }
        for (int p = 0; p < size(); p++) {
            if (!part(p).sameRowShape(other.part(p))) {
                return false;
            }
        }
        return true;
    }

    /** The row shapes of the parts, for messages, e.g. "[[12, 8], [3]]". */
    public String describeRowShapes() {
        return Arrays.deepToString(parts.stream().map(FeatureBatch::rowShape).toArray());
    }
}
