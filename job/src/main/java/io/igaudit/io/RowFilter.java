package io.igaudit.io;

import io.igaudit.config.ConfigException;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** input.where applied to the input; Spark's errors shortened to the column or the position. */
final class RowFilter {

    private RowFilter() {}

    /**
     * The rows {@code predicate} selects (lazy; Spark parses and resolves the predicate here).
     *
     * @param source the input as messages name it
     */
    static Dataset<Row> apply(Dataset<Row> frame, String predicate, String source) {
        try {
            return frame.where(predicate);
        } catch (Exception e) { // AnalysisException is checked but thrown undeclared from Scala
            throw new ConfigException("input.where \"" + predicate + "\" " + problem(e, frame, source), e);
        }
    }

    /** What is wrong with a condition that Spark did not take: the column it lacks, or where it does not parse. */
    static String problem(Exception error, Dataset<Row> frame, String source) {
        if (error instanceof AnalysisException analysis) {
            String errorClass = String.valueOf(analysis.getErrorClass());
            Map<String, String> parameters = analysis.getMessageParameters();
            if (errorClass.startsWith("UNRESOLVED_COLUMN")) {
                return "names a column " + parameters.getOrDefault("objectName", "") + " that " + source
                        + " does not have; its columns: " + String.join(", ", InputReader.visibleColumns(frame));
            }
            if (errorClass.startsWith("PARSE_SYNTAX_ERROR")) {
                String at = analysis.startPosition().isDefined() ? " at position " + analysis.startPosition().get() : "";
                return "does not parse: a syntax error" + at + " near " + parameters.getOrDefault("error", "?")
                        + "; write a Spark SQL condition, e.g. score_date = '2026-12-06' AND region IN ('eu', 'us')";
            }
        }
        return "cannot be applied to " + source + ": " + Messages.withoutSparkCodes(error);
    }
}
