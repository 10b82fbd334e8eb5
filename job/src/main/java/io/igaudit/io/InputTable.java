package io.igaudit.io;

import io.igaudit.config.ConfigException;
import io.igaudit.config.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Opens a table of Spark's catalog (input.table), naming the catalog and a close match when it does not exist. */
final class InputTable {

    private InputTable() {}

    /** The table as a DataFrame (lazy). */
    static Dataset<Row> open(SparkSession spark, String name) {
        try {
            return spark.table(name);
        } catch (Exception e) { // AnalysisException is checked but thrown undeclared from Scala
            if (e instanceof AnalysisException analysis && String.valueOf(analysis.getErrorClass()).startsWith("TABLE_OR_VIEW_NOT_FOUND")) {
                throw new ConfigException(missing(spark, name), e);
            }
            if (e instanceof AnalysisException analysis && String.valueOf(analysis.getErrorClass()).startsWith("PARSE_SYNTAX_ERROR")) {
                throw new ConfigException("input.table '" + name + "' is not a table name: give [catalog.]database.table", e);
            }
            throw new ConfigException("input.table " + name + " could not be read: " + Messages.withoutSparkCodes(e), e);
        }
    }

    /** The message for a table that does not exist: its catalog and namespace, and a close match there. */
    private static String missing(SparkSession spark, String name) {
        List<String> parts = Arrays.asList(name.split("\\."));
        String namespace = parts.size() > 1 ? String.join(".", parts.subList(0, parts.size() - 1)) : spark.catalog().currentDatabase();
        String catalog = parts.size() > 2 ? parts.get(0) : spark.catalog().currentCatalog();
        List<String> tables = new ArrayList<>();
        try {
            spark.catalog().listTables(namespace).collectAsList().forEach(table -> tables.add(table.name()));
        } catch (Exception e) { // a namespace that does not exist either: no suggestion
            return "input.table " + name + " does not exist: catalog " + catalog + " has no namespace " + namespace
                    + " (check the name, or configure the catalog under spark { sql.catalog... })";
        }
        String table = parts.get(parts.size() - 1);
        return "input.table " + name + " does not exist in catalog " + catalog + ", namespace " + namespace
                + Suggestions.didYouMean(table, tables) + (tables.isEmpty() ? " (it holds no tables)" : "");
    }
}
