package io.igaudit.partition;

import io.igaudit.ig.ExplainPlan;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * How a task gets the attribution plan. The job broadcasts it: with Expected Gradients it holds
 * the whole background set (up to 10,000 rows), which should reach each executor once and not travel
 * with every task.
 */
public sealed interface PlanSource extends Serializable {

    /** The plan. */
    ExplainPlan plan();

    /** A plan sent with each task (small plans, tests). */
    record Direct(ExplainPlan plan) implements PlanSource {}

    /** A plan broadcast once per executor. */
    record Broadcasted(Broadcast<ExplainPlan> broadcast) implements PlanSource {
        @Override
        public ExplainPlan plan() {
            return broadcast.value();
        }
    }
}
