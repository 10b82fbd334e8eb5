package io.igaudit.pipeline;

import io.igaudit.config.JobConfig;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.TensorBaseline;
import io.igaudit.ig.TensorType;
import io.igaudit.io.Baselines;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.TensorLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline rule of every input tensor of the layer path, from {@code attribution.layer} and
 * {@code attribution.baseline}: the driver's checks make them, and the layer benchmark takes the
 * same rules without Spark.
 */
public final class LayerBaselines {

    private LayerBaselines() {}

    /**
     * The rule of each tensor but masks and the text's mask and type ids, which keep the row's own
     * values: int64 columns take their reference categories, int64 sequences the reference id with
     * the kept ids in place, float tensors {@code attribution.baseline}.
     *
     * @param spark the session; a fixed float baseline (zeros, a number, a list) reads neither it nor
     *     {@code validRows}, which may then be null
     * @param validRows the rows that can be attributed (mean, median)
     * @param layout where each tensor is and the shape of its rows
     * @param referenceId the id every id of a sequence becomes
     * @param keep the ids that keep their place
     */
    public static InputBaselines of(SparkSession spark, JobConfig config, Dataset<Row> validRows, TensorLayout layout,
            long referenceId, long[] keep) {
        TensorInputs inputs = config.tensors();
        Map<String, TensorBaseline> rules = new LinkedHashMap<>();
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.maskFor().isPresent() || isTextSide(tensor)) {
                continue; // the row's own
            }
            TensorLayout.Slot slot = layout.slot(tensor.name());
            if (tensor.type() == TensorType.INT64 && tensor.source() instanceof TensorSpec.Source.Columns columns) {
                long[] codes = columns.columns().stream().mapToLong(c -> inputs.layer().referenceCategories()
                        .getOrDefault(c, inputs.layer().referenceCategory())).toArray();
                rules.put(tensor.name(), new TensorBaseline.ReferenceCategories(codes));
            } else if (tensor.type() == TensorType.INT64) {
                rules.put(tensor.name(), new TensorBaseline.ReplaceIds(referenceId, keep));
            } else {
                rules.put(tensor.name(), new TensorBaseline.Floats(
                        Baselines.resolve(spark, config.attribution(), validRows, floatLayout(tensor, slot))));
            }
        }
        return new InputBaselines(rules);
    }

    /** A tensor of the text's mask or type ids, which keeps the row's own values in the baseline. */
    static boolean isTextSide(TensorSpec tensor) {
        return tensor.source() instanceof TensorSpec.Source.Text text && text.part() != TensorSpec.TextPart.IDS;
    }

    /** A float tensor as the feature layout the baselines of one float tensor are computed on. */
    private static FeatureLayout floatLayout(TensorSpec tensor, TensorLayout.Slot slot) {
        if (tensor.source() instanceof TensorSpec.Source.Columns columns) {
            return new FeatureLayout(columns.columns(), Optional.empty(), slot.rowShape());
        }
        String column = ((TensorSpec.Source.ArrayColumn) tensor.source()).column();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < slot.elementsPerRow(); i++) {
            names.add(column + "[" + i + "]");
        }
        return new FeatureLayout(names, Optional.of(column), slot.rowShape());
    }
}
