/**
 * The driver, as stages: check everything ({@code InputChecks}, nothing written), attribute on
 * every executor and write ({@code AttributionPass}), make the figures from the tasks' merged
 * states ({@code Figures}); one record of the run ({@code AuditedRun}) feeds the writers of
 * run.json, the report and the history. No maths and no DJL: the model is probed through
 * {@code io.igaudit.model.ModelProbe}.
 */
package io.igaudit.pipeline;
