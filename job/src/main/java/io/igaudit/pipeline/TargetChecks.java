package io.igaudit.pipeline;

import io.igaudit.config.ConfigException;
import io.igaudit.config.JobConfig;
import io.igaudit.config.TargetSpec;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.InputProfile;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The target against the input and the model: the per-row target column's type, nulls and range,
 * the fixed indices, and the class names (one per output).
 */
final class TargetChecks {

    private final JobConfig config;

    TargetChecks(JobConfig config) {
        this.config = config;
    }

    /** The per-row target column, checked to hold integers; empty unless attribution.target names a column. */
    Optional<String> targetColumn(StructType schema) {
        if (!(config.attribution().target() instanceof TargetSpec.Column column)) {
            return Optional.empty();
        }
        StructField field = FeatureLayout.field(schema, column.name(), "attribution.target");
        if (!(field.dataType() instanceof IntegralType)) {
            throw new ConfigException("attribution.target column '" + column.name() + "' has type "
                    + field.dataType().simpleString() + "; it must hold integer output indices");
        }
        return Optional.of(column.name());
    }

    /** Every target index within the model's {@code width} outputs; the column without nulls. */
    void checkTargets(InputProfile profile, int width, Optional<String> targetColumn) {
        for (int index : Targets.fixedIndices(config.attribution().target())) {
            if (index >= width) {
                throw new ConfigException("attribution.target names output " + index + " but the model has " + width
                        + " output(s) (valid indices 0.." + (width - 1) + ", 'all' or 'predicted')");
            }
        }
        if (targetColumn.isPresent()) {
            String name = targetColumn.get();
            if (profile.targetNulls() > 0) {
                throw new ConfigException("attribution.target column '" + name + "' is null in " + profile.targetNulls()
                        + " row(s); every row needs an output index");
            }
            if (profile.targetMin() < 0 || profile.targetMax() >= width) {
                throw new ConfigException("attribution.target column '" + name + "' holds values from " + profile.targetMin()
                        + " to " + profile.targetMax() + " but the model has " + width + " output(s) (valid 0.." + (width - 1) + ")");
            }
        }
    }

    /** Class names, one per output of the model, or none. */
    static List<String> classNames(List<String> names, String source, int outputs) {
        if (!names.isEmpty() && names.size() != outputs) {
            throw new ConfigException(source + " holds " + names.size() + " class names (" + String.join(", ", names)
                    + ") but the model has " + outputs + " output(s); give one name per output, in the order of the outputs");
        }
        return names;
    }
}
