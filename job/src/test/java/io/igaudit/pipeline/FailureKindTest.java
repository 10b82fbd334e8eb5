package io.igaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigException;
import io.igaudit.model.ModelException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Which failures are the configuration's (exit 2), wherever they were thrown, and how they are described. */
class FailureKindTest {

    @Test
    void aConfigurationProblemFoundByAnExecutorIsBadInput() {
        ModelException onExecutor = new ModelException("model.path /m.pt: model.device is gpu:0 but ...",
                ModelException.configurationProblem("model.device is gpu:0 but ..."));
        // As the driver receives it: the task's exception inside Spark's job failure, inside the write's.
        Exception received = new RuntimeException("write failed",
                new SparkException("Job aborted due to stage failure", onExecutor));
        assertTrue(AuditPipeline.isBadInput(received));
        assertEquals("model.path /m.pt: model.device is gpu:0 but ...", AuditPipeline.describeFailure(received));
    }

    @Test
    void configExceptionsAreBadInputAndOtherFailuresAreNot() {
        assertTrue(AuditPipeline.isBadInput(new ConfigException("input.path x holds no rows")));
        assertFalse(AuditPipeline.isBadInput(new RuntimeException("disk full", new ModelException("model failed"))));
        assertFalse(AuditPipeline.isBadInput(new IllegalStateException("row count mismatch")));
    }
}
