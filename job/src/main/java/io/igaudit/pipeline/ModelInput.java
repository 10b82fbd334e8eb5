package io.igaudit.pipeline;

import static org.apache.spark.sql.functions.col;

import io.igaudit.ig.BackgroundRows;
import io.igaudit.ig.ExplainPlan;
import io.igaudit.ig.IgOptions;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.OutputSchemas;
import io.igaudit.io.PackedFeatures;
import io.igaudit.io.RowValidity;
import io.igaudit.partition.AttributeLayerPartition;
import io.igaudit.partition.AttributePartition;
import io.igaudit.partition.LayerPartitionSpec;
import io.igaudit.partition.PartitionFunction;
import io.igaudit.partition.PartitionSpec;
import io.igaudit.partition.PlainPartitionSpec;
import io.igaudit.partition.PlanSource;
import io.igaudit.xrai.XraiSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/**
 * How the model takes its rows, as the checks found it: one variant per input kind. Each supplies
 * the columns its tasks read, the schema of the rows they hand back, its baseline's description and
 * its partition function with what that broadcasts. A new input kind is a new variant here, its
 * checks in {@link InputChecks}, and its partition function and spec in {@code partition}.
 */
sealed interface ModelInput permits ModelInput.Plain, ModelInput.Layer {

    /** The columns the tasks read after the id columns, in order. */
    List<Column> columns();

    /** The rows the tasks hand back: the id columns, then the results. */
    StructType attributedSchema(StructType idSchema);

    /** The baseline as run.json and the report describe it; for Expected Gradients the background. */
    String baselineDescription();

    /**
     * Broadcasts what the tasks share and makes the partition function.
     *
     * @param common what every kind's task needs
     */
    Tasks tasks(JavaSparkContext context, PartitionSpec common);

    /** The partition function, and the broadcast to destroy once the pass is written. */
    record Tasks(PartitionFunction function, Broadcast<?> broadcast) {}

    /**
     * A model of one float tensor: the features are float columns or one array column.
     *
     * @param layout the features: names and row shape
     * @param targetColumn the per-row target column, if any
     * @param plan the method with its baselines or background, noise and seed
     * @param packed the named features are read from the cache's packed column ({@link PackedFeatures})
     * @param xrai XRAI's settings when the method is xrai, else null
     */
    record Plain(FeatureLayout layout, Optional<String> targetColumn, ExplainPlan plan, boolean packed, XraiSettings xrai)
            implements ModelInput {

        @Override
        public List<Column> columns() {
            List<Column> columns = new ArrayList<>();
            if (packed) {
                columns.add(PackedFeatures.asFloats());
            } else if (layout.arrayColumn().isPresent()) {
                columns.add(col(RowValidity.quote(layout.arrayColumn().get())).cast("array<float>"));
            } else {
                layout.names().forEach(name -> columns.add(col(RowValidity.quote(name)).cast("float")));
            }
            targetColumn.ifPresent(target -> columns.add(col(RowValidity.quote(target)).cast("int")));
            return columns;
        }

        @Override
        public StructType attributedSchema(StructType idSchema) {
            return xrai != null ? OutputSchemas.xraiAttributionRows(idSchema) : OutputSchemas.attributionRows(idSchema);
        }

        @Override
        public String baselineDescription() {
            BackgroundRows background = plan.background();
            return background != null ? "expected-gradients background of " + background.rows() + " row(s)"
                    : plan.baselines().description();
        }

        /** The plan is broadcast: with Expected Gradients it holds the background rows. */
        @Override
        public Tasks tasks(JavaSparkContext context, PartitionSpec common) {
            Broadcast<ExplainPlan> broadcast = context.broadcast(plan);
            return new Tasks(new AttributePartition(new PlainPartitionSpec(common, new PlanSource.Broadcasted(broadcast),
                    layout.rowShape(), packed || layout.arrayColumn().isPresent(), xrai)), broadcast);
        }
    }

    /**
     * A model with several or integer inputs, explained at its layer ({@code input.tensors}).
     *
     * @param checked what the layer path's checks found
     * @param integration rule, steps, multiply-by-inputs and the memory bound per pass
     */
    record Layer(LayerInputs.Checked checked, IgOptions integration) implements ModelInput {

        @Override
        public List<Column> columns() {
            return checked.planned().columns(); // the tensors, the text and the target, in order
        }

        @Override
        public StructType attributedSchema(StructType idSchema) {
            return OutputSchemas.layerAttributionRows(idSchema, checked.tokensOf() != null);
        }

        @Override
        public String baselineDescription() {
            return checked.baselines().description();
        }

        /** The tokenizer and vocabulary are broadcast, once per executor. */
        @Override
        public Tasks tasks(JavaSparkContext context, PartitionSpec common) {
            Broadcast<LayerPartitionSpec.TextResources> text = context.broadcast(checked.text());
            return new Tasks(new AttributeLayerPartition(new LayerPartitionSpec(common, checked.planned().layout(), integration,
                    checked.baselines(), text, checked.tokensOf(), checked.sampleTensors(), checked.embeddings())), text);
        }
    }
}
