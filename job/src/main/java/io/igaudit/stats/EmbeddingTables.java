package io.igaudit.stats;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code token_stats} and {@code category_stats} tables as Spark rows (README, Output). A rank
 * of 0 (a special token, a token below the minimum occurrences) and a std of fewer than two values
 * are written as null.
 */
public final class EmbeddingTables {

    /** token_stats: one row per token and group. */
    public static final StructType TOKEN_SCHEMA = new StructType()
            .add("token_id", DataTypes.LongType, false)
            .add("token", DataTypes.StringType, false)
            .add("target", DataTypes.IntegerType, true)
            .add("special", DataTypes.BooleanType, false)
            .add("occurrences", DataTypes.LongType, false)
            .add("rows", DataTypes.LongType, false)
            .add("mean", DataTypes.DoubleType, false)
            .add("mean_abs", DataTypes.DoubleType, false)
            .add("std", DataTypes.DoubleType, true)
            .add("positive_share", DataTypes.DoubleType, false)
            .add("total_abs", DataTypes.DoubleType, false)
            .add("rank_total", DataTypes.IntegerType, true)
            .add("rank_mean_abs", DataTypes.IntegerType, true)
            .add("error_bound", DataTypes.DoubleType, false);

    /** category_stats: one row per categorical column, code and group. */
    public static final StructType CATEGORY_SCHEMA = new StructType()
            .add("column", DataTypes.StringType, false)
            .add("index", DataTypes.IntegerType, false)
            .add("code", DataTypes.LongType, false)
            .add("category", DataTypes.StringType, true)
            .add("target", DataTypes.IntegerType, true)
            .add("count", DataTypes.LongType, false)
            .add("share", DataTypes.DoubleType, false)
            .add("mean", DataTypes.DoubleType, false)
            .add("mean_abs", DataTypes.DoubleType, false)
            .add("std", DataTypes.DoubleType, true)
            .add("positive_share", DataTypes.DoubleType, false)
            .add("rank", DataTypes.IntegerType, false);

    private EmbeddingTables() {}

    /** The token table's rows, in its order (they carry the schema, so they can be read by column name). */
    public static List<Row> tokenRows(List<TokenRow> table) {
        List<Row> rows = new ArrayList<>(table.size());
        for (TokenRow t : table) {
            rows.add(new GenericRowWithSchema(new Object[] {t.tokenId(), t.token(), t.target(), t.special(), t.occurrences(),
                t.rows(), t.mean(), t.meanAbs(), nanToNull(t.std()), t.positiveShare(), t.totalAbs(), zeroToNull(t.rankTotal()),
                zeroToNull(t.rankMeanAbs()), t.errorBound()}, TOKEN_SCHEMA));
        }
        return rows;
    }

    /** The category table's rows, in its order. */
    public static List<Row> categoryRows(List<CategoryRow> table) {
        List<Row> rows = new ArrayList<>(table.size());
        for (CategoryRow c : table) {
            rows.add(new GenericRowWithSchema(new Object[] {c.column(), c.index(), c.code(), c.category(), c.target(), c.count(),
                c.share(), c.mean(), c.meanAbs(), nanToNull(c.std()), c.positiveShare(), c.rank()}, CATEGORY_SCHEMA));
        }
        return rows;
    }

    private static Double nanToNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Integer zeroToNull(int rank) {
        return rank == 0 ? null : rank;
    }
}
