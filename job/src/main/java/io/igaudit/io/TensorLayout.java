package io.igaudit.io;

import static org.apache.spark.sql.functions.col;

import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.config.TextConfig;
import io.igaudit.ig.TensorType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * How the tasks find a model's input tensors in the rows the driver selects for them: the id
 * columns first, then each tensor's values (an array column cast to {@code array<float>} or
 * {@code array<bigint>}, or its scalar columns cast to {@code float} or {@code bigint}), then the
 * text column when there is one, then the per-row target index. {@link #plan} makes the selection
 * and the layout together, so that they cannot disagree.
 *
 * @param slots the tensors in forward's order
 * @param textOrdinal where the text column is; -1 without one
 * @param targetOrdinal where the target index column is; -1 without one
 */
public record TensorLayout(List<Slot> slots, int textOrdinal, int targetOrdinal) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies the list. */
    public TensorLayout {
        slots = List.copyOf(slots);
    }

    /** Where a tensor's values come from in a selected row. */
    public enum Kind {
        /** An array column at the slot's ordinal. */
        ARRAY,
        /** Scalar columns from the slot's ordinal on, one per element. */
        COLUMNS,
        /** Token ids of the text column. */
        TEXT_IDS,
        /** Attention mask of the text column. */
        TEXT_MASK,
        /** Token type ids of the text column. */
        TEXT_TYPE_IDS
    }

    /**
     * One tensor.
     *
     * @param name the tensor's name
     * @param type float32 or int64
     * @param kind where its values come from
     * @param ordinal its first column in the selected row; -1 for text parts
     * @param rowShape the shape of one row
     */
    public record Slot(String name, TensorType type, Kind kind, int ordinal, int[] rowShape) implements Serializable {

        private static final long serialVersionUID = 1L;

        /** Copies the shape. */
        public Slot {
            rowShape = rowShape.clone();
        }

        @Override
        public int[] rowShape() {
            return rowShape.clone();
        }

        /** Values per row. */
        public int elementsPerRow() {
            return Arrays.stream(rowShape).reduce(1, Math::multiplyExact);
        }

        /** True for a part of the tokenized text. */
        public boolean fromText() {
            return kind == Kind.TEXT_IDS || kind == Kind.TEXT_MASK || kind == Kind.TEXT_TYPE_IDS;
        }
    }

    /**
     * The selection and its layout.
     *
     * @param layout what the tasks read
     * @param columns what the driver selects, in that order, after the id columns
     */
    public record Planned(TensorLayout layout, List<Column> columns) {}

    /**
     * Plans the selection.
     *
     * @param inputs the configured tensors
     * @param idCount the number of id columns selected before the tensors
     * @param lengths the length of every array column that a tensor reads (from the input profile)
     * @param targetColumn the per-row target index column, if any
     */
    public static Planned plan(TensorInputs inputs, int idCount, Map<String, Integer> lengths, Optional<String> targetColumn) {
        List<Slot> slots = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        int ordinal = idCount;
        for (TensorSpec tensor : inputs.tensors()) {
            String scalar = tensor.type() == TensorType.INT64 ? "bigint" : "float";
            if (tensor.source() instanceof TensorSpec.Source.ArrayColumn array) {
                columns.add(col(RowValidity.quote(array.column())).cast("array<" + scalar + ">"));
                slots.add(new Slot(tensor.name(), tensor.type(), Kind.ARRAY, ordinal++,
                        shape(tensor, lengths.get(array.column()))));
            } else if (tensor.source() instanceof TensorSpec.Source.Columns list) {
                list.columns().forEach(name -> columns.add(col(RowValidity.quote(name)).cast(scalar)));
                slots.add(new Slot(tensor.name(), tensor.type(), Kind.COLUMNS, ordinal, shape(tensor, list.columns().size())));
                ordinal += list.columns().size();
            } else {
                TensorSpec.TextPart part = ((TensorSpec.Source.Text) tensor.source()).part();
                Kind kind = switch (part) {
                    case IDS -> Kind.TEXT_IDS;
                    case MASK -> Kind.TEXT_MASK;
                    case TYPE_IDS -> Kind.TEXT_TYPE_IDS;
                };
                slots.add(new Slot(tensor.name(), tensor.type(), kind, -1, new int[] {inputs.text().orElseThrow().maxLength()}));
            }
        }
        int textOrdinal = -1;
        if (inputs.text().isPresent()) {
            TextConfig text = inputs.text().get();
            columns.add(col(RowValidity.quote(text.column())).cast("string"));
            textOrdinal = ordinal++;
        }
        int targetOrdinal = -1;
        if (targetColumn.isPresent()) {
            columns.add(col(RowValidity.quote(targetColumn.get())).cast("int"));
            targetOrdinal = ordinal;
        }
        return new Planned(new TensorLayout(slots, textOrdinal, targetOrdinal), columns);
    }

    /** The slot of the tensor called {@code name}. */
    public Slot slot(String name) {
        return slots.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor " + name));
    }

    private static int[] shape(TensorSpec tensor, int elements) {
        return tensor.shape().isEmpty() ? new int[] {elements} : tensor.shape().stream().mapToInt(Integer::intValue).toArray();
    }
}
