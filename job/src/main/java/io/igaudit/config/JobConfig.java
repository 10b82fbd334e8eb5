package io.igaudit.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated job configuration.
 *
 * @param input what to read
 * @param model which model, where it runs
 * @param attribution how to attribute
 * @param output where results go
 * @param audit history, comparison with an earlier run, and thresholds that fail the run
 * @param progressInterval how often the driver logs progress
 * @param spark settings handed to the Spark session, with their full {@code spark.} keys
 * @param resolved the whole configuration as resolved, for run.json
 * @param tensors several input tensors or integer inputs explained at a layer; none = the single-tensor keys
 * @param source the {@code --config} file, if any
 */
public record JobConfig(
        InputConfig input,
        ModelConfig model,
        AttributionConfig attribution,
        OutputConfig output,
        AuditConfig audit,
        Duration progressInterval,
        Map<String, String> spark,
        Map<String, Object> resolved,
        TensorInputs tensors,
        Optional<Path> source) {

    /** Makes the maps immutable. */
    public JobConfig {
        spark = Map.copyOf(spark);
        resolved = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(resolved));
    }

    /** Every file or folder the run reads, with its key: the output folder must hold none of them. */
    public List<ReadPath> readPaths() {
        List<ReadPath> paths = new ArrayList<>();
        if (input.table().isEmpty()) {
            paths.add(new ReadPath("input.path", input.path()));
        }
        paths.add(new ReadPath("model.path", model.path()));
        if (attribution.baseline() instanceof BaselineSpec.FromFile file) {
            paths.add(new ReadPath("attribution.baseline", file.path()));
        }
        attribution.expectedGradients().backgroundPath()
                .ifPresent(path -> paths.add(new ReadPath("attribution.background-path", path)));
        audit.history().ifPresent(history -> {
            if (history instanceof HistoryLocation.Folder folder) {
                paths.add(new ReadPath("audit.history-path", folder.path()));
            }
        });
        tensors.text().ifPresent(text -> paths.add(new ReadPath("input.text.tokenizer", text.tokenizer())));
        tensors.vocabulary().ifPresent(path -> paths.add(new ReadPath("input.vocabulary", path)));
        tensors.statistics().categoryNames().ifPresent(path -> paths.add(new ReadPath("input.category-names", path)));
        source.ifPresent(file -> paths.add(new ReadPath("--config", file.toString())));
        return paths;
    }
}
