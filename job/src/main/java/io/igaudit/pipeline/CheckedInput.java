package io.igaudit.pipeline;

import io.igaudit.history.RunRecord;
import io.igaudit.history.RunTags;
import io.igaudit.ig.BackgroundRows;
import io.igaudit.ig.ExplainPlan;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.InputProfile;
import io.igaudit.io.ScanFilters;
import io.igaudit.io.SliceColumns;
import io.igaudit.io.TableSnapshots;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Everything the checks found, before the output is touched: the stage {@link InputChecks}
 * makes it, the attribution pass and the figures read it.
 *
 * @param input the input, numbers parsed
 * @param valid true for a row that can be attributed
 * @param invalidReason why a row cannot be attributed
 * @param layout the attributed features: names and row shape
 * @param profile the input scan
 * @param scan what the plan pushed of input.where into the input's scans
 * @param snapshots the snapshots read of an Iceberg input.table; empty for other inputs
 * @param modelSha256 the model file's SHA-256
 * @param outputWidth the model's outputs per row
 * @param targets the target, resolved against the model
 * @param modelInput how the model takes its rows: one float tensor, or several inputs explained at a layer
 * @param tags the run's tags in the history
 * @param earlier the earlier run to compare with, if any
 * @param reference the reference run (audit.reference), if configured
 * @param model what the model showed on the driver
 * @param rowsBeforeSample with input.sample, the rows before sampling where counting them is cheap
 *     (Parquet, ORC, a table); empty otherwise
 * @param slices the slices of audit.slices found in the valid rows ({@link SliceColumns#NONE} without)
 */
record CheckedInput(
        Dataset<Row> input,
        Column valid,
        Column invalidReason,
        FeatureLayout layout,
        InputProfile profile,
        ScanFilters scan,
        Optional<TableSnapshots.Range> snapshots,
        String modelSha256,
        int outputWidth,
        Targets targets,
        ModelInput modelInput,
        RunTags tags,
        Optional<RunRecord> earlier,
        Optional<RunRecord> reference,
        DriverModel model,
        OptionalLong rowsBeforeSample,
        SliceColumns slices) {

    /** The same checks with the slices found. */
    CheckedInput withSlices(SliceColumns found) {
        return new CheckedInput(input, valid, invalidReason, layout, profile, scan, snapshots, modelSha256, outputWidth, targets,
                modelInput, tags, earlier, reference, model, rowsBeforeSample, found);
    }

    /**
     * The model as the driver saw it, for run.json.
     *
     * @param device the device it ran on here
     * @param affineHead whether the tasks take the affine-head fast path
     * @param layerAttribution whether it is explained at its layer
     * @param classNames the names of its outputs, index = output (input.class-names, or the
     *     category-names file's label names); empty without names
     */
    record DriverModel(String device, boolean affineHead, boolean layerAttribution, List<String> classNames) {

        /** The name of output {@code target}, or its number when it has none. */
        String className(int target) {
            return target >= 0 && target < classNames.size() ? classNames.get(target) : Integer.toString(target);
        }
    }

    /** Rows that pass the checks. */
    long validRows() {
        return profile.rows() - profile.invalidRows();
    }

    /** The layer path's checks; empty for a model of one float tensor. */
    Optional<LayerInputs.Checked> layer() {
        return modelInput instanceof ModelInput.Layer layer ? Optional.of(layer.checked()) : Optional.empty();
    }

    /** The plain path's plan; empty at a layer. */
    Optional<ExplainPlan> plan() {
        return modelInput instanceof ModelInput.Plain plain ? Optional.of(plain.plan()) : Optional.empty();
    }

    /** The background rows of Expected Gradients; empty otherwise. */
    Optional<BackgroundRows> background() {
        return plan().map(ExplainPlan::background);
    }

    /** The plain path's fixed baselines; empty for other baselines, Expected Gradients and the layer path. */
    Optional<FixedBaselines> fixedBaselines() {
        return plan().map(ExplainPlan::baselines).filter(FixedBaselines.class::isInstance).map(FixedBaselines.class::cast);
    }

    /** The warning that a fixed baseline lies outside the data's values, if the checks gave one. */
    Optional<String> baselineWarning() {
        return layer().flatMap(LayerInputs.Checked::baselineOutsideData);
    }

    /** The baseline as run.json and the report describe it; for Expected Gradients the background. */
    String baselineDescription() {
        return modelInput.baselineDescription();
    }
}
