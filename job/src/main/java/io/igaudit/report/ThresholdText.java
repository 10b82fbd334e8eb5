package io.igaudit.report;

import io.igaudit.config.AuditConfig.FailOn;
import io.igaudit.history.ThresholdResult;

/** One line per fail-on check, for the report and the console. */
public final class ThresholdText {

    private ThresholdText() {}

    /** What was measured against what, e.g. "top-5 overlap 0.4, below 0.6". */
    public static String describe(ThresholdResult check, int topK) {
        String measured = switch (check.key()) {
            case FailOn.TOP_K_OVERLAP_BELOW -> "top-" + topK + " overlap with the earlier run";
            case FailOn.NDCG_BELOW -> "NDCG of the ranking against the earlier run";
            case FailOn.MEAN_ABS_CHANGE_ABOVE -> "largest change of a feature's mean |attribution|";
            case FailOn.PSI_ABOVE -> "largest PSI of a feature's attributions";
            case FailOn.SHARE_OVER_TOLERANCE_ABOVE -> "share of rows with |delta| over the tolerance";
            case FailOn.PREDICTION_PSI_ABOVE -> "PSI of the predictions";
            case FailOn.PREDICTED_CLASS_PSI_ABOVE -> "PSI of the predicted classes' shares";
            case FailOn.INPUT_PSI_ABOVE -> "largest PSI of a feature's input values";
            case FailOn.CATEGORY_LINF_ABOVE -> "largest change of a category's share of the rows (L∞)";
            default -> check.key();
        };
        if (check.status() == ThresholdResult.Status.NOT_EVALUATED) {
            return measured + ": no earlier run to compare with";
        }
        String subject = (check.subject().isEmpty() ? "" : " (" + check.subject() + ")")
                + (check.slice().isEmpty() ? "" : " in slice " + check.slice());
        String relation = check.key().endsWith("-below") ? "below" : "above";
        String verdict = check.failed() ? ", " + relation + " the limit " : ", within the limit ";
        return measured + subject + ": " + value(check.key(), check.actual()) + verdict + value(check.key(), check.threshold());
    }

    /** A check's number as people read it: shares and changes as percentages. */
    static String value(String key, double value) {
        return switch (key) {
            case FailOn.MEAN_ABS_CHANGE_ABOVE, FailOn.SHARE_OVER_TOLERANCE_ABOVE -> Format.percent(value);
            default -> Format.number(value);
        };
    }
}
