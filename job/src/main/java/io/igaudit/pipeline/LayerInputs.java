package io.igaudit.pipeline;

import io.igaudit.config.ConfigException;
import io.igaudit.config.JobConfig;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.InputBatch;
import io.igaudit.io.CorruptLines;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.TensorColumns;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.TensorProfile;
import io.igaudit.model.LayerPath;
import io.igaudit.model.ModelProbe;
import io.igaudit.partition.EmbeddingParts;
import io.igaudit.partition.LayerPartitionSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's checks and preparation for a model with several or integer inputs, explained at
 * its layer ({@code input.tensors}): column types, row validity, one scan of the input (lengths,
 * largest ids, mask lengths), the tokenizer and vocabulary, the model's layer split and embedding
 * sizes on real probe rows, the names of the attributed features and the baseline of every
 * tensor. Everything that fails here is a {@link ConfigException} naming the column or key and
 * the fix, before any task runs.
 */
final class LayerInputs {

    private static final Logger LOG = LoggerFactory.getLogger(LayerInputs.class);

    private LayerInputs() {}

    /**
     * Everything the attribution pass needs for the layer path.
     *
     * @param inputs the configured tensors
     * @param valid true for a row that can be attributed
     * @param reason why a row cannot be attributed (null for valid rows)
     * @param profile the input scan
     * @param features the attributed features' names (flat)
     * @param planned the columns the tasks read and where each tensor is among them
     * @param baselines the baseline rule of each tensor
     * @param text the tokenizer and vocabulary for the tasks; null when neither is configured
     * @param tokensOf the tensor whose tokens the output spells out; null for none
     * @param outputWidth the model's outputs per row
     * @param embeddings where tokens and categorical columns lie among the attributions
     * @param categoryNames per categorical column, the name of each code (input.category-names); empty without
     * @param labelNames the class names of input.category-names' {@code label.names}; empty without
     * @param baselineOutsideData a warning naming the float columns whose fixed baseline lies outside
     *     the values of the data; empty when there are none
     */
    record Checked(
            TensorInputs inputs, Column valid, Column reason, TensorProfile profile, FeatureLayout features,
            TensorLayout.Planned planned, InputBaselines baselines, LayerPartitionSpec.TextResources text, String tokensOf,
            int outputWidth, EmbeddingParts embeddings, Map<String, List<String>> categoryNames, List<String> labelNames,
            Optional<String> baselineOutsideData) {

        /** The tensors whose values stand for the attributed features in the report's sample. */
        List<String> sampleTensors() {
            return inputs.featureTensors().stream().map(TensorSpec::name).toList();
        }
    }

    /**
     * Checks the tensors against the input and the model.
     *
     * @param model the model, loaded on the driver
     * @param targetColumn the per-row target column, if any
     */
    static Checked validate(SparkSession spark, JobConfig config, Dataset<Row> frame, ModelProbe model,
            Optional<String> targetColumn, Configuration hadoop) {
        TensorInputs inputs = config.tensors();
        TensorColumns.checkTypes(frame, inputs, config.input().idColumns());
        Column valid = CorruptLines.valid(frame.schema(), TensorColumns.isValid(inputs));
        Column reason = CorruptLines.reason(frame.schema(), TensorColumns.invalidReason(inputs));
        LOG.info("checks: scanning the input (rows, invalid rows, lengths, largest ids)");
        TensorProfile profile = TensorProfile.scan(frame, valid, inputs, targetColumn);
        Map<String, Integer> lengths = LayerShapes.sequenceLengths(inputs, profile);
        LayerShapes.checkMasks(inputs, profile);
        TensorLayout.Planned planned = TensorLayout.plan(inputs, config.input().idColumns().size(), lengths, targetColumn);
        LayerShapes.checkShapes(inputs, planned.layout(), lengths);
        LayerPartitionSpec.TextResources text = LayerFiles.textResources(inputs, hadoop);
        LayerFiles.requireWords(frame.filter(valid), inputs, text, config.input().encoding());
        LayerFiles.TokenLookup lookup = new LayerFiles.TokenLookup(text);
        String tokensOf = LayerFiles.tokensOf(inputs, text);
        LOG.info("checks: {} rows found; probing the model on a few rows", profile.base().rows());
        LayerPath layer = LayerModelChecks.layerPath(config, model);
        InputBatch probe = LayerModelChecks.probeRows(frame, valid, config, planned, text);
        long referenceId = lookup.id("attribution.layer.reference-id", inputs.layer().referenceId());
        long[] padding = LayerFiles.paddingIds(profile, text);
        long[] keep = LayerFiles.keepIds(inputs, lookup, padding);
        LayerModelChecks.checkEmbeddings(config, inputs, profile, text, layer, probe, referenceId, keep);
        LayerModelChecks.check(config, () -> layer.checkSplit(probe));
        LayerModelChecks.check(config, () -> layer.requireIndependentRows(probe));
        int width = LayerModelChecks.check(config, () -> layer.evaluate(probe).width());
        FeatureLayout features = LayerFeatures.featureNames(inputs, planned.layout(),
                LayerModelChecks.check(config, () -> layer.layer(probe)));
        Dataset<Row> validRows = frame.filter(valid);
        InputBaselines baselines = LayerBaselines.of(spark, config, validRows, planned.layout(), referenceId, keep);
        LOG.info("layer attribution: {} input tensors, {} attributed features, baselines: {}", inputs.tensors().size(),
                features.elementsPerRow(), baselines.description());
        LayerFiles.NamesFile names = LayerFiles.categoryNames(inputs, hadoop, profile);
        Optional<String> outside = LayerFeatures.baselineOutsideData(inputs, baselines, profile);
        outside.ifPresent(warning -> LOG.warn("{}", warning));
        return new Checked(inputs, valid, reason, profile, features, planned, baselines, text, tokensOf, width,
                LayerFeatures.embeddingParts(inputs, planned.layout(), keep, padding, tokensOf), names.codes(), names.labels(), outside);
    }
}
