package io.igaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** run.json's keys are its records' components in snake_case, in order, with its numbers as Java writes them. */
class RunJsonTest {

    private static String compact(String json) {
        return json.replaceAll("\\s+", "");
    }

    @Test
    void theAuditSectionKeepsItsKeysTheirOrderAndItsNulls() {
        RunDocument.Audit audit = new RunDocument.Audit("0123456789abcdef", Map.of("team", "risk"), "/h", "previous", "r1", 0.5, 0.75,
                new java.util.TreeMap<>(Map.of(1, 0.8, 0, 0.7)), null, null, null, null, null,
                List.of(new RunDocument.Threshold("psi-above", 0.25, null, "not_evaluated", null, "compare-with", ""),
                        new RunDocument.Threshold("share-over-tolerance-above", 0.01, 0.0, "passed", null, "", "")), false);
        assertEquals("{\"config_hash\":\"0123456789abcdef\",\"tags\":{\"team\":\"risk\"},\"history_path\":\"/h\","
                + "\"compare_with\":\"previous\",\"compared_with_run_id\":\"r1\",\"top_k_overlap\":0.5,\"ndcg\":0.75,"
                + "\"ndcg_per_class\":{\"0\":0.7,\"1\":0.8},\"checks\":[{\"key\":"
                + "\"psi-above\",\"threshold\":0.25,\"actual\":null,\"status\":\"not_evaluated\",\"subject\":null,"
                + "\"comparison\":\"compare-with\"},{\"key\":\"share-over-tolerance-above\",\"threshold\":0.01,\"actual\":0.0,"
                + "\"status\":\"passed\",\"subject\":null}],"
                + "\"checks_failed\":false}", compact(RunJson.write(audit)), "a check on this run alone has no comparison");
    }

    @Test
    void numbersKeepTheirJavaTypesAndTheVersionsTheirNames() {
        RunDocument.Delta delta = new RunDocument.Delta(0.0, 1e-7, 2, 0.05, 3, 0.0, "");
        assertEquals("{\"mean_abs\":0.0,\"p95_abs\":1.0E-7,\"max_abs\":2.0,\"tolerance\":0.05,\"rows_over_tolerance\":3,"
                + "\"share_over_tolerance\":0.0,\"warning\":\"\"}", compact(RunJson.write(delta)));
        RunFacts.Versions versions = new RunFacts.Versions("0.1.0", "4.0.1", "0.35.1", "2.7.1", "17");
        assertEquals("{\"ig_audit\":\"0.1.0\",\"spark\":\"4.0.1\",\"djl\":\"0.35.1\",\"pytorch\":\"2.7.1\",\"java\":\"17\"}",
                compact(RunJson.write(versions)));
    }

    @Test
    void theTopLevelKeysComeInOrderAndTheOptionalOnesOnlyWhenSet() {
        RunDocument document = new RunDocument("id", "t0", "cpu()", false, Boolean.TRUE, null, "t1", "complete", Map.of(), null,
                null, null, null, List.of(), null, null, null, null, 1.5, List.of(), List.of(), List.of(), null, null, null);
        assertEquals("{\"run_id\":\"id\",\"started\":\"t0\",\"driver_device\":\"cpu()\",\"affine_head_fast_path\":false,"
                + "\"layer_attribution\":true,\"finished\":\"t1\",\"status\":\"complete\",\"config\":{},\"input\":null,"
                + "\"model\":null,\"attribution\":null,\"versions\":null,\"executors\":[],\"counts\":null,\"delta\":null,"
                + "\"timings_seconds\":null,\"text\":null,\"rows_per_second\":1.5,\"top_features\":[],\"top_tokens\":[],"
                + "\"top_categories\":[],\"audit\":null}", compact(RunJson.write(document)));
    }
}
