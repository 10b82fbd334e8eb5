package io.igaudit.partition;

import io.igaudit.ig.IgOptions;
import io.igaudit.ig.InputBaselines;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.Vocabulary;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/**
 * What a task needs to attribute a model with several or integer inputs at its layer, besides
 * the common {@link PartitionSpec}.
 *
 * @param common the model, rows, counters, statistics and sample
 * @param tensors where each input tensor is in the selected rows
 * @param integration rule, steps, multiply-by-inputs and the memory bound per pass
 * @param baselines the baseline rule of each input tensor
 * @param text the tokenizer and vocabulary, broadcast once per executor; null when neither is configured
 * @param tokensOf the tensor whose ids the {@code tokens} column spells out; null for no tokens column
 * @param sampleTensors the tensors whose values stand for the attributed features in the report's sample
 * @param embeddings where tokens and categorical columns lie among the attributions, for their statistics
 */
public record LayerPartitionSpec(
        PartitionSpec common,
        TensorLayout tensors,
        IgOptions integration,
        InputBaselines baselines,
        Broadcast<TextResources> text,
        String tokensOf,
        List<String> sampleTensors,
        EmbeddingParts embeddings) implements Serializable {

    /** Copies the list. */
    public LayerPartitionSpec {
        sampleTensors = List.copyOf(sampleTensors);
    }

    /**
     * The tokenizer and vocabulary files, read once by the driver and broadcast, so that executors
     * never need to reach their paths.
     *
     * @param tokenizerJson the bytes of the tokenizer.json; null without a text column
     * @param maxLength tokens per row
     * @param addSpecialTokens whether the tokenizer adds its special tokens
     * @param vocabulary the vocabulary of pre-tokenized ids; null without one
     */
    public record TextResources(byte[] tokenizerJson, int maxLength, boolean addSpecialTokens, Vocabulary vocabulary)
            implements Serializable {}
}
