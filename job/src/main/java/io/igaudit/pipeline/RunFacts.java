package io.igaudit.pipeline;

import io.igaudit.config.AttributionConfig;
import io.igaudit.config.JobConfig;
import io.igaudit.ig.Method;
import io.igaudit.model.ModelProbe;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts of a run that run.json, the report and the history record each state, made once.
 *
 * @param runId the run's id
 * @param started when it started
 * @param versions the software it ran on
 * @param method the attribution method
 * @param methodName the method as people read it (with the noise tunnel, if any)
 * @param steps steps per row as configured (references per row for Expected Gradients)
 * @param target the target rule as configured
 * @param baseline the baseline as resolved (for Expected Gradients, the background)
 * @param baselineSetting the baseline as configured
 */
record RunFacts(String runId, Instant started, Versions versions, Method method, String methodName, int steps, String target,
        String baseline, String baselineSetting) {

    private static final String VERSION = "0.1.0";

    /** The facts of a run that passed its checks. */
    static RunFacts of(String runId, Instant started, JobConfig config, CheckedInput checked, String sparkVersion) {
        Versions versions = new Versions(VERSION, sparkVersion, ModelProbe.djlVersion(), ModelProbe.pytorchVersion(),
                System.getProperty("java.version"));
        AttributionConfig attribution = config.attribution();
        return new RunFacts(runId, started, versions, attribution.method(), methodName(attribution), configuredSteps(attribution),
                attribution.target().describe(), checked.baselineDescription(), attribution.baseline().describe());
    }

    /** The method as run.json, the report and the history name it. */
    private static String methodName(AttributionConfig attribution) {
        String method = attribution.method() != Method.INTEGRATED_GRADIENTS ? attribution.method().configName()
                : attribution.integration().rule().configName();
        return attribution.noise() == null ? method
                : method + " + " + attribution.noise().type().configName() + " (" + attribution.noise().samples() + " noisy copies)";
    }

    /** Steps per row as configured: quadrature steps, or references per row for Expected Gradients. */
    private static int configuredSteps(AttributionConfig attribution) {
        return switch (attribution.method()) {
            case EXPECTED_GRADIENTS -> attribution.expectedGradients().samples();
            case BLUR_INTEGRATED_GRADIENTS -> attribution.blurIg().steps();
            case INTEGRATED_GRADIENTS, XRAI -> attribution.integration().steps();
        };
    }

    /**
     * Versions of the software a run used (run.json names them by their components, in snake_case).
     *
     * @param igAudit IG Audit
     * @param spark Spark
     * @param djl DJL
     * @param pytorch the PyTorch engine
     * @param java the Java runtime
     */
    record Versions(String igAudit, String spark, String djl, String pytorch, String java) {

        /** As the report shows them. */
        Map<String, String> forReport() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("IG Audit", igAudit);
            map.put("Spark", spark);
            map.put("DJL", djl);
            map.put("PyTorch", pytorch);
            map.put("Java", java);
            return map;
        }
    }
}
