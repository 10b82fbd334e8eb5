package io.igaudit.config;

import java.util.List;
import java.util.Optional;

/**
 * A model with several input tensors, or with integer inputs, explained at a layer
 * ({@code input.tensors}, {@code input.text}, {@code input.vocabulary}, {@code attribution.layer}).
 * With no tensors the job reads one float tensor from {@code input.features} or
 * {@code input.feature-column}, as before.
 *
 * @param tensors the model's inputs in forward's order; empty = the single-tensor keys
 * @param text the raw text column tokenized on the executors, if any
 * @param vocabulary vocab.txt for pre-tokenized ids (local path or Hadoop URI), if any
 * @param layer the layer's feature names and integer baselines
 * @param statistics how token and category statistics are kept and named
 */
public record TensorInputs(List<TensorSpec> tensors, Optional<TextConfig> text, Optional<String> vocabulary, LayerConfig layer,
        EmbeddingStatsConfig statistics) {

    /** Copies the list. */
    public TensorInputs {
        tensors = List.copyOf(tensors);
    }

    /** True when the model's inputs are configured as tensors (the layer path). */
    public boolean configured() {
        return !tensors.isEmpty();
    }

    /** The tensor called {@code name}, if any. */
    public Optional<TensorSpec> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The tensors that name the layer's parts: {@code attribution.layer.features-from}, or the first tensor. */
    public List<TensorSpec> featureTensors() {
        if (layer.featuresFrom().isEmpty()) {
            return tensors.isEmpty() ? List.of() : List.of(tensors.get(0));
        }
        return layer.featuresFrom().stream().map(name -> tensor(name).orElseThrow()).toList();
    }
}
