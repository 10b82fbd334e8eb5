package io.igaudit.pipeline;

import static org.apache.spark.sql.functions.col;

import io.igaudit.config.ConfigException;
import io.igaudit.config.JobConfig;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.TensorType;
import io.igaudit.io.RowValidity;
import io.igaudit.io.SparkInternals;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.TensorProfile;
import io.igaudit.io.TokenizerFile;
import io.igaudit.model.LayerPath;
import io.igaudit.model.ModelException;
import io.igaudit.model.ModelProbe;
import io.igaudit.partition.DriverProbe;
import io.igaudit.partition.LayerPartitionSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The layer path's checks of the model on real probe rows: that it exports its layer, and that
 * every id of the data and the baseline fits its embeddings; model errors become configuration
 * errors that name the model file.
 */
final class LayerModelChecks {

    /** Valid input rows the model is probed with. */
    private static final int PROBE_ROWS = 4;

    private LayerModelChecks() {}

    static LayerPath layerPath(JobConfig config, ModelProbe model) {
        if (!model.exportsLayer()) {
            throw new ConfigException("model.path " + config.model().path() + ": input.tensors explains the model at a layer, "
                    + "but it exports neither " + LayerPath.LAYER_METHOD + " nor " + LayerPath.FROM_LAYER_METHOD
                    + "; export both (@torch.jit.export, with forward(x) == " + LayerPath.FROM_LAYER_METHOD + "("
                    + LayerPath.LAYER_METHOD + "(x), x); docs/models.md, \"Models with several inputs and integer inputs\")");
        }
        return model.layerPath();
    }

    /** A few valid input rows packed exactly as the tasks pack them. */
    static InputBatch probeRows(Dataset<Row> frame, Column valid, JobConfig config, TensorLayout.Planned planned,
            LayerPartitionSpec.TextResources text) {
        List<Column> columns = new ArrayList<>();
        config.input().idColumns().forEach(id -> columns.add(col(RowValidity.quote(id))));
        columns.addAll(planned.columns());
        Dataset<Row> selected = frame.filter(valid).select(columns.toArray(Column[]::new)).limit(PROBE_ROWS);
        List<Row> rows = selected.collectAsList();
        if (rows.isEmpty()) {
            throw new ConfigException(config.input().source() + " holds no valid row to attribute; every row "
                    + "has a null, NaN, infinite or negative value in a tensor column");
        }
        return DriverProbe.pack(rows.stream().map(r -> SparkInternals.internalRow(r, selected.schema())).toList(),
                planned.layout(), text);
    }

    /**
     * Ids at or beyond an embedding's size: the model runs on a probe row holding, in each integer
     * input, the largest id of the data (and of the baseline); when it fails, the first failing id
     * is the embedding's size.
     */
    static void checkEmbeddings(JobConfig config, TensorInputs inputs, TensorProfile profile,
            LayerPartitionSpec.TextResources text, LayerPath layer, InputBatch probe, long referenceId, long[] keep) {
        InputBatch one = probe.firstRows(1);
        for (TensorSpec tensor : inputs.tensors()) {
            if (tensor.type() != TensorType.INT64 || tensor.maskFor().isPresent() || LayerBaselines.isTextSide(tensor)) {
                continue;
            }
            if (tensor.source() instanceof TensorSpec.Source.Columns columns) {
                for (int c = 0; c < columns.columns().size(); c++) {
                    String column = columns.columns().get(c);
                    long dataLargest = profile.largest().getOrDefault(column, 0L);
                    long reference = inputs.layer().referenceCategories().getOrDefault(column, inputs.layer().referenceCategory());
                    long largest = Math.max(dataLargest, reference);
                    int index = c;
                    String found = reference > dataLargest
                            ? "the reference category " + reference + " of column '" + column + "' (attribution.layer."
                                    + (inputs.layer().referenceCategories().containsKey(column) ? "reference-categories" : "reference-category")
                                    + "; the data's codes go up to " + dataLargest + ")"
                            : "column '" + column + "' of tensor " + tensor.name() + " holds codes up to " + dataLargest
                                    + " in the data";
                    checkLargest(config, layer, one, tensor.name(), v -> setColumn(one, tensor.name(), index, v), largest, found,
                            reference > dataLargest ? "choose a reference category below that"
                                    : "every code of the column must be below that; re-encode the column");
                }
                continue;
            }
            long dataLargest = tensor.source() instanceof TensorSpec.Source.ArrayColumn array
                    ? profile.largest().getOrDefault(array.column(), 0L)
                    : TokenizerFile.largestId(text.tokenizerJson());
            long largest = Math.max(dataLargest, Math.max(referenceId, Arrays.stream(keep).max().orElse(0)));
            if (text != null && text.vocabulary() != null && dataLargest >= text.vocabulary().size()) {
                throw new ConfigException("tensor " + tensor.name() + " holds ids up to " + dataLargest + " but input.vocabulary "
                        + "has " + text.vocabulary().size() + " tokens (ids 0.." + (text.vocabulary().size() - 1)
                        + "); the ids and the vocabulary do not belong together");
            }
            String source = tensor.source() instanceof TensorSpec.Source.ArrayColumn array
                    ? "column '" + array.column() + "'" : "input.text.tokenizer";
            checkLargest(config, layer, one, tensor.name(), v -> setAll(one, tensor.name(), v), largest,
                    "tensor " + tensor.name() + " gets ids up to " + largest + " (from " + source
                            + ", attribution.layer.reference-id and keep)",
                    "the tokenizer or vocabulary and the model must belong together");
        }
    }

    private static void checkLargest(JobConfig config, LayerPath layer, InputBatch row, String tensor,
            Function<Long, InputBatch> withValue, long largest, String found, String fix) {
        if (runs(layer, withValue.apply(largest))) {
            return;
        }
        long low = 0;
        long high = largest; // runs(low) is assumed, runs(high) is false: find the first failing value
        if (!runs(layer, withValue.apply(low))) {
            return; // fails whatever the id: the split check that follows names the problem
        }
        while (high - low > 1) {
            long middle = low + (high - low) / 2;
            if (runs(layer, withValue.apply(middle))) {
                low = middle;
            } else {
                high = middle;
            }
        }
        throw new ConfigException(found + ", but the model's embedding for it has " + high + " rows (ids 0.." + (high - 1)
                + ") [model.path " + config.model().path() + "]; " + fix);
    }

    private static boolean runs(LayerPath layer, InputBatch batch) {
        try {
            layer.evaluate(batch);
            return true;
        } catch (ModelException e) {
            return false;
        }
    }

    private static InputBatch setAll(InputBatch batch, String name, long value) {
        return replace(batch, name, values -> Arrays.fill(values, value));
    }

    private static InputBatch setColumn(InputBatch batch, String name, int column, long value) {
        return replace(batch, name, values -> values[column] = value);
    }

    private static InputBatch replace(InputBatch batch, String name, java.util.function.Consumer<long[]> change) {
        List<InputTensor> tensors = new ArrayList<>();
        for (InputTensor tensor : batch.tensors()) {
            if (tensor.name().equals(name)) {
                long[] values = tensor.toLongArray();
                change.accept(values);
                tensors.add(InputTensor.ofLongs(name, values, tensor.rows(), tensor.rowShape()));
            } else {
                tensors.add(tensor);
            }
        }
        return new InputBatch(tensors);
    }

    /** Runs a model call, turning its errors into configuration errors that name the model file. */
    static <T> T check(JobConfig config, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ModelException e) {
            throw new ConfigException("model.path " + config.model().path() + ": " + e.getMessage(), e);
        }
    }

    static void check(JobConfig config, Runnable call) {
        check(config, () -> {
            call.run();
            return null;
        });
    }

}
