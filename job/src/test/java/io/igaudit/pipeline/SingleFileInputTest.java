package io.igaudit.pipeline;

import static io.igaudit.pipeline.Audits.parquet;
import static io.igaudit.pipeline.Audits.testModel;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single Parquet file of one row group is read by one task however Spark splits its bytes; the
 * profile scan sees that only one input partition holds rows, and the rows are spread over every
 * task slot of local[2] before they are attributed.
 */
class SingleFileInputTest {

    @TempDir
    static Path tmp;

    private static int attributionTasks(JsonNode report) {
        int tasks = 0;
        for (JsonNode executor : report.path("executors")) {
            tasks += executor.path("tasks").asInt();
        }
        return tasks;
    }

    @Test
    void oneRowGroupIsSpreadOverEveryTaskSlot() throws Exception {
        Path input = tmp.resolve("one-file.parquet");
        Dataset<Row> rows = Audits.spark().range(4_000).selectExpr("id", "float(id % 7) / 7 as a", "float(id % 5) / 5 as b",
                "float(id % 3) / 3 as c", "float(id % 11) / 11 as d");
        // Large pieces so that Spark splits the file into two byte ranges, one of which holds the only row group.
        rows.coalesce(1).write().option("parquet.block.size", 1 << 26).parquet(input.toString());
        Path output = tmp.resolve("out");
        Audits.run(List.of(
                "input.path=" + input,
                "input.id-columns=[id]",
                "input.features=[a,b,c,d]",
                "model.path=" + testModel("linear4.pt"),
                "model.device=cpu",
                "output.path=" + output));
        assertEquals(4_000, parquet(output, "attributions").size());
        assertEquals(2, attributionTasks(Audits.runJson(output)));
        // A task writes a file only when it has rows: two files, so both slots attributed.
        try (var files = java.nio.file.Files.list(output.resolve("attributions"))) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().startsWith("part-")).count(), "both slots attribute");
        }
    }
}
