package io.igaudit.pipeline;

import io.igaudit.config.ConfigException;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.LayerActivations;
import io.igaudit.ig.TensorBaseline;
import io.igaudit.ig.TensorType;
import io.igaudit.io.Baselines;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.TensorProfile;
import io.igaudit.model.LayerPath;
import io.igaudit.partition.EmbeddingParts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the layer path attributes: the features' names, where tokens and categorical columns lie
 * among the attributions, and whether a fixed baseline lies within the data's values.
 */
final class LayerFeatures {

    private LayerFeatures() {}

    /**
     * The attributed features' names: each part of the layer takes them from its tensor of
     * attribution.layer.features-from (columns: their names; a sequence: NAME[i]).
     */
    static FeatureLayout featureNames(TensorInputs inputs, TensorLayout layout, LayerActivations layer) {
        List<TensorSpec> named = inputs.featureTensors();
        if (layer.size() != named.size()) {
            throw new ConfigException(LayerPath.LAYER_METHOD + " returns " + layer.size() + " tensor(s) but "
                    + "attribution.layer.features-from names " + named.size() + " input tensor(s) ("
                    + String.join(", ", named.stream().map(TensorSpec::name).toList()) + "); name one input tensor per part, "
                    + "in " + LayerPath.LAYER_METHOD + "'s order, whose columns or positions name that part's features");
        }
        List<String> names = new ArrayList<>();
        Optional<String> sequence = Optional.empty();
        for (int p = 0; p < named.size(); p++) {
            TensorSpec tensor = named.get(p);
            TensorLayout.Slot slot = layout.slot(tensor.name());
            int features = layer.part(p).rowShape()[0];
            if (slot.rowShape().length != 1 || features != slot.elementsPerRow()) {
                throw new ConfigException("part " + p + " of " + LayerPath.LAYER_METHOD + " has " + features + " features (its "
                        + "second dimension) but tensor " + tensor.name() + ", which attribution.layer.features-from gives it, "
                        + "has rows of shape " + Arrays.toString(slot.rowShape()) + "; name a flat tensor with one value per feature");
            }
            if (tensor.source() instanceof TensorSpec.Source.Columns columns) {
                names.addAll(columns.columns());
            } else {
                for (int i = 0; i < features; i++) {
                    names.add(tensor.name() + "[" + i + "]");
                }
                sequence = sequence.or(() -> Optional.of(tensor.name()));
            }
        }
        return new FeatureLayout(names, sequence, new int[] {names.size()});
    }

    /**
     * The float columns whose fixed baseline (zeros, a constant, a list) lies outside the smallest and
     * largest value of the valid rows: attributions then measure the change from values no row
     * holds (an age of 0, say), which is rarely what a user means.
     */
    static Optional<String> baselineOutsideData(TensorInputs inputs, InputBaselines baselines, TensorProfile profile) {
        List<String> outside = new ArrayList<>();
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.type() != TensorType.FLOAT32 || !(tensor.source() instanceof TensorSpec.Source.Columns columns)
                    || !(baselines.rule(tensor.name()) instanceof TensorBaseline.Floats floats)
                    || !(floats.source() instanceof FixedBaselines fixed) || fixed.rows() != 1) {
                continue;
            }
            for (int c = 0; c < columns.columns().size(); c++) {
                double[] range = profile.ranges().get(columns.columns().get(c));
                float value = fixed.values()[c];
                if (range != null && (value < range[0] || value > range[1])) {
                    outside.add(columns.columns().get(c) + " " + Baselines.sixDigits(value) + " (the data "
                            + Baselines.sixDigits(range[0]) + " to " + Baselines.sixDigits(range[1]) + ")");
                }
            }
        }
        if (outside.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the baseline lies outside the values of the data for " + String.join(", ", outside)
                + ": attributions measure the change from values no row holds; set attribution.baseline (mean, median or"
                + " values within the data) unless that is meant");
    }

    /**
     * Where the tasks find tokens and categories among the attributions: the first int64 sequence
     * of attribution.layer.features-from (its positions are tokens), and every int64 tensor of
     * columns there (each column a categorical feature). Features follow the tensors' order.
     */
    static EmbeddingParts embeddingParts(TensorInputs inputs, TensorLayout layout, long[] keep, long[] padding,
            String tokensOf) {
        EmbeddingParts.TokenPart tokens = null;
        List<String> categoryTensors = new ArrayList<>();
        List<String> categoryColumns = new ArrayList<>();
        List<Integer> categoryIndex = new ArrayList<>();
        int offset = 0;
        for (TensorSpec tensor : inputs.featureTensors()) {
            int features = layout.slot(tensor.name()).elementsPerRow();
            if (tensor.type() == TensorType.INT64 && tensor.source() instanceof TensorSpec.Source.Columns columns) {
                categoryTensors.add(tensor.name());
                for (int c = 0; c < columns.columns().size(); c++) {
                    categoryColumns.add(columns.columns().get(c));
                    categoryIndex.add(offset + c);
                }
            } else if (tensor.type() == TensorType.INT64 && tokens == null) {
                String mask = inputs.tensors().stream().filter(t -> t.maskFor().filter(tensor.name()::equals).isPresent())
                        .map(TensorSpec::name).findFirst().orElse(null);
                tokens = new EmbeddingParts.TokenPart(tensor.name(), mask, offset, features, keep, padding,
                        inputs.statistics().tokenCapacity(), tensor.name().equals(tokensOf));
            }
            offset += features;
        }
        EmbeddingParts.CategoryPart categories = categoryTensors.isEmpty() ? null : new EmbeddingParts.CategoryPart(
                categoryTensors, categoryColumns, categoryIndex.stream().mapToInt(Integer::intValue).toArray());
        return new EmbeddingParts(tokens, categories);
    }

}
