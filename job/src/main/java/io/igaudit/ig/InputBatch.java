package io.igaudit.ig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch of rows for a model with several input tensors: the tensors in the order the model's
 * {@code forward(x1, …, xn)} takes them, every one with the same rows.
 *
 * @param tensors the inputs x1..xn, at least one, distinct names, equal row counts
 */
public record InputBatch(List<InputTensor> tensors) {

    /** Checks that the tensors share their rows and have distinct names. */
    public InputBatch {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one input tensor");
        }
        tensors = List.copyOf(tensors);
        Set<String> names = new HashSet<>();
        int rows = tensors.get(0).rows();
        for (InputTensor tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw new IllegalArgumentException("input tensor name " + tensor.name() + " appears twice");
            }
            if (tensor.rows() != rows) {
                throw new IllegalArgumentException("input tensor " + tensor.name() + " has " + tensor.rows()
                        + " rows but " + tensors.get(0).name() + " has " + rows + "; every input needs the same rows");
            }
        }
    }

    /** A batch of the given tensors, in this order. */
    public static InputBatch of(InputTensor... tensors) {
        return new InputBatch(List.of(tensors));
    }

    /** Number of rows. */
    public int rows() {
        return tensors.get(0).rows();
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }

    /** Tensor {@code index}, in forward's order. */
    public InputTensor tensor(int index) {
        return tensors.get(index);
    }

    /** The tensor called {@code name}. */
    public InputTensor tensor(String name) {
        for (InputTensor tensor : tensors) {
            if (tensor.name().equals(name)) {
                return tensor;
            }
        }
        throw new IllegalArgumentException("no input tensor called " + name);
    }

    /** The rows at {@code rowIndices} of every tensor, copied in that order (an index may repeat). */
    public InputBatch select(int[] rowIndices) {
        List<InputTensor> chosen = new ArrayList<>(tensors.size());
        for (InputTensor tensor : tensors) {
            chosen.add(tensor.select(rowIndices));
        }
        return new InputBatch(chosen);
    }

    /** The first {@code count} rows (fewer when the batch is smaller), copied. */
    public InputBatch firstRows(int count) {
        int[] indices = new int[Math.min(count, rows())];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return select(indices);
    }
}
