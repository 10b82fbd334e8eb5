package io.igaudit.io;

import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The schemas of what the job writes: the contract its readers rely on (see docs/output.md). */
public final class OutputSchemas {

    /** Output index explained. */
    public static final String TARGET = "target";
    /** F(x) for the target. */
    public static final String PREDICTION = "prediction";
    /** F(x') for the target (mean over baseline rows). */
    public static final String BASELINE_PREDICTION = "baseline_prediction";
    /** One attribution per feature, in feature order. */
    public static final String ATTRIBUTIONS = "attributions";
    /**
     * The Parquet path of the attribution values: Spark writes an array as a three-level list (with
     * {@code spark.sql.parquet.writeLegacyFormat} on it writes another layout, and the options
     * below do not apply).
     */
    public static final String ATTRIBUTION_VALUES_PATH = ATTRIBUTIONS + ".list.element";
    /** Σ attributions − (F(x) − F(x')), Captum's sign. */
    public static final String DELTA = "delta";
    /** Steps of the row's final integration (attribution.steps, or the adaptive count with auto). */
    public static final String STEPS = "steps";
    /** |delta| within attribution.delta-tolerance (false for NaN). */
    public static final String DELTA_OK = "delta_ok";
    /** Why a row was rejected. */
    public static final String REASON = "reason";
    /** The token of every position of a sequence explained at its layer (with a tokenizer or a vocabulary). */
    public static final String TOKENS = "tokens";
    /** XRAI's columns (attribution.method = xrai): each pixel's region rank, each rank's density, the top regions' share. */
    public static final String XRAI_RANKS = "xrai_ranks";
    public static final String XRAI_DENSITIES = "xrai_densities";
    public static final String XRAI_TOP3_SHARE = "xrai_top3_share";

    private OutputSchemas() {}

    /** The id columns followed by the result columns. */
    public static StructType attributionRows(StructType idSchema) {
        StructType schema = idSchema;
        schema = schema.add(new StructField(TARGET, DataTypes.IntegerType, false, org.apache.spark.sql.types.Metadata.empty()));
        schema = schema.add(PREDICTION, DataTypes.FloatType, false);
        schema = schema.add(BASELINE_PREDICTION, DataTypes.FloatType, false);
        schema = schema.add(ATTRIBUTIONS, DataTypes.createArrayType(DataTypes.FloatType, false), false);
        schema = schema.add(DELTA, DataTypes.FloatType, false);
        schema = schema.add(STEPS, DataTypes.IntegerType, false);
        return schema;
    }

    /** {@link #attributionRows} followed by XRAI's columns. */
    public static StructType xraiAttributionRows(StructType idSchema) {
        return attributionRows(idSchema)
                .add(XRAI_RANKS, DataTypes.createArrayType(DataTypes.ShortType, false), false)
                .add(XRAI_DENSITIES, DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add(XRAI_TOP3_SHARE, DataTypes.FloatType, false);
    }

    /**
     * The rows the tasks hand back for a model explained at its layer: {@link #attributionRows},
     * then, with {@code tokens}, the {@code tokens} column (array of strings, one per position).
     */
    public static StructType layerAttributionRows(StructType idSchema, boolean tokens) {
        StructType schema = attributionRows(idSchema);
        return tokens ? schema.add(TOKENS, DataTypes.createArrayType(DataTypes.StringType, false), false) : schema;
    }

    /**
     * Parquet writer options for the attributions: its values (every feature of every row, most of
     * the file) are written plainly, without a dictionary and without min/max statistics.
     * Attributions are continuous, so each column chunk's dictionary is abandoned once it fills up,
     * and nothing reads statistics of list elements (Spark pushes no filter into an array), yet both
     * cost work per value: about 8 % of the time tasks spend outside the model (1M rows of the
     * breast-cancer sample, scripts/bench-spark.sh). The other columns keep Parquet's defaults.
     * Spark 3.5's Parquet (1.13) ignores the statistics option and keeps them; Parquet's size
     * statistics (1.15) have no per-column switch in its output format and stay.
     */
    public static Map<String, String> attributionParquetOptions() {
        return Map.of(
                "parquet.enable.dictionary#" + ATTRIBUTION_VALUES_PATH, "false",
                "parquet.column.statistics.enabled#" + ATTRIBUTION_VALUES_PATH, "false");
    }

    /** The column name of one feature's attribution when {@code output.feature-columns} is on. */
    public static String featureColumn(String feature) {
        return "attr_" + feature;
    }
}
