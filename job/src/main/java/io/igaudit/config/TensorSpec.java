package io.igaudit.config;

import io.igaudit.ig.TensorType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One input tensor of the model ({@code input.tensors}, in the order {@code forward} takes them).
 *
 * @param name the tensor's name, unique; names its features ({@code name[i]} for a sequence) and messages
 * @param type float32 or int64
 * @param source where its values come from
 * @param shape the shape of one row; empty = flat
 * @param maskFor the sequence tensor this one is the attention mask of (same length, 0 = padding)
 */
public record TensorSpec(String name, TensorType type, Source source, List<Integer> shape, Optional<String> maskFor) {

    /** Copies the shape. */
    public TensorSpec {
        shape = List.copyOf(shape);
    }

    /** The configuration name of a tensor type: {@code float32} or {@code int64}. */
    public static String typeName(TensorType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** True for a tensor whose row is a sequence (an array column or token ids/mask of the text column). */
    public boolean isSequence() {
        return !(source instanceof Source.Columns);
    }

    /** Where a tensor's values come from. */
    public sealed interface Source {

        /** One array column; every row holds the same number of values. */
        record ArrayColumn(String column) implements Source {}

        /** Scalar columns, one element of the row each, in this order. */
        record Columns(List<String> columns) implements Source {
            /** Copies the list. */
            public Columns {
                columns = List.copyOf(columns);
            }
        }

        /** A part of the tokenized text column ({@code input.text}). */
        record Text(TextPart part) implements Source {}
    }

    /** The parts of a tokenized text. */
    public enum TextPart {
        /** Token ids. */
        IDS,
        /** Attention mask: 1 for a token, 0 for padding. */
        MASK,
        /** Token type (segment) ids. */
        TYPE_IDS;

        /** The configuration name, e.g. {@code type-ids}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
