package io.igaudit.io;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.posexplode;

import io.igaudit.config.AttributionConfig;
import io.igaudit.config.BaselineSpec;
import io.igaudit.config.ConfigException;
import io.igaudit.config.Suggestions;
import io.igaudit.ig.BaselineSource;
import io.igaudit.ig.BlurredBaseline;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.UniformNoiseBaseline;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns {@code attribution.baseline} into the baselines of the job. Means and medians are computed by Spark
 * over the valid input rows (the mean by the input's profile scan, {@link #meanFromProfile}). The
 * median of feature columns is the exact lower median ({@link Medians}); that of an array column,
 * per position, is {@code percentile_approx} with accuracy 100,000 (rank error at most 1/100,000
 * of the row count; on smaller inputs it is the exact lower median).
 */
public final class Baselines {

    /** The most rows a baseline file may hold (they travel to every executor). */
    public static final int MAX_FILE_ROWS = 10_000;

    static final int MEDIAN_ACCURACY = 100_000;
    private static final String MEAN = "mean of the valid input rows";

    private Baselines() {}

    /**
     * True when the input's profile scan computes the baseline on the way: a mean baseline over
     * feature columns (not over an array column); {@link InputProfile#means()} then holds it.
     */
    public static boolean meanFromProfile(BaselineSpec spec, boolean featureColumns) {
        return featureColumns && spec instanceof BaselineSpec.Mean;
    }

    /**
     * The baselines for the spec, checked against the feature layout: fixed rows (zeros, numbers,
     * mean, median, a file, white) or baselines made from each input row (blur, uniform noise).
     */
    public static BaselineSource resolve(SparkSession spark, AttributionConfig attribution, Dataset<Row> validRows,
            FeatureLayout layout) {
        return resolve(spark, attribution, validRows, layout, List.of(), -1);
    }

    /**
     * {@link #resolve}, with the mean per feature column already computed by the profile scan
     * ({@link #meanFromProfile}; empty when it computed none) and the number of valid rows it
     * counted (negative when unknown).
     */
    public static BaselineSource resolve(SparkSession spark, AttributionConfig attribution, Dataset<Row> validRows,
            FeatureLayout layout, List<Double> means, long validRowCount) {
        BaselineSpec spec = attribution.baseline();
        AttributionConfig.ImageBaselineConfig image = attribution.imageBaseline();
        int[] shape = layout.rowShape();
        if (spec instanceof BaselineSpec.Blur) {
            requireImageShape(shape, "blur");
            return new BlurredBaseline(image.blurSigma());
        }
        if (spec instanceof BaselineSpec.Uniform) {
            if (!(image.white() > 0)) {
                throw new ConfigException("attribution.baseline = uniform draws from [0, attribution.image-baseline.white), "
                        + "which must be positive; got " + image.white());
            }
            return new UniformNoiseBaseline(0f, (float) image.white(), image.uniformDraws());
        }
        if (spec instanceof BaselineSpec.White) {
            float[] values = new float[layout.elementsPerRow()];
            Arrays.fill(values, (float) image.white());
            return new FixedBaselines(values, 1, shape, "white (" + image.white() + ")");
        }
        BaselineRows rows = means.isEmpty() || !(spec instanceof BaselineSpec.Mean)
                ? fixedRows(spark, spec, validRows, layout, validRowCount) : fromMeans(means);
        return new FixedBaselines(rows.values(), rows.rows(), shape, rows.description());
    }

    /** Image baselines need at least two dimensions (H, W) in input.shape. */
    private static void requireImageShape(int[] shape, String baseline) {
        if (shape.length < 2) {
            throw new ConfigException("attribution.baseline = " + baseline + " works on images: set input.shape to the "
                    + "model's row shape with height and width last (e.g. [1, 8, 8] or [3, 32, 32]); rows are now "
                    + Arrays.toString(shape));
        }
    }

    /** The fixed baseline rows for the spec, checked against the feature layout. */
    static BaselineRows fixedRows(SparkSession spark, BaselineSpec spec, Dataset<Row> validRows, FeatureLayout layout,
            long validRowCount) {
        int width = layout.elementsPerRow();
        if (spec instanceof BaselineSpec.Zeros) {
            return new BaselineRows(new float[width], 1, "zeros");
        }
        if (spec instanceof BaselineSpec.Constant constant) {
            float[] values = new float[width];
            Arrays.fill(values, (float) constant.value());
            return new BaselineRows(values, 1, "constant " + constant.value());
        }
        if (spec instanceof BaselineSpec.Values list) {
            if (list.values().size() != width) {
                throw new ConfigException("attribution.baseline has " + list.values().size() + " values but the model gets "
                        + width + " features (" + summary(layout.names()) + "); give one value per feature");
            }
            float[] values = new float[width];
            for (int i = 0; i < width; i++) {
                values[i] = list.values().get(i).floatValue();
            }
            return new BaselineRows(values, 1, "values " + sixDigits(list.values()));
        }
        if (spec instanceof BaselineSpec.Mean) {
            return new BaselineRows(perFeature(validRows, layout, false), 1, MEAN);
        }
        if (spec instanceof BaselineSpec.Median) {
            return new BaselineRows(layout.arrayColumn().isEmpty() ? medians(validRows, layout, validRowCount)
                    : perFeature(validRows, layout, true), 1, medianDescription(layout));
        }
        return fromFile(spark, ((BaselineSpec.FromFile) spec).path(), layout, "attribution.baseline");
    }

    private static BaselineRows fromMeans(List<Double> means) {
        float[] values = new float[means.size()];
        for (int i = 0; i < values.length; i++) {
            if (means.get(i).isNaN()) {
                throw new ConfigException("attribution.baseline: no valid rows to compute it from");
            }
            values[i] = means.get(i).floatValue();
        }
        return new BaselineRows(values, 1, MEAN);
    }

    private static String medianDescription(FeatureLayout layout) {
        return layout.arrayColumn().isEmpty() ? "median (exact, the lower one) of the valid input rows"
                : "median (percentile_approx, accuracy " + MEDIAN_ACCURACY + ") of the valid input rows";
    }

    /** The exact lower median of each feature column ({@link Medians}). */
    private static float[] medians(Dataset<Row> validRows, FeatureLayout layout, long validRowCount) {
        double[] medians = Medians.of(validRows, layout.names(), validRowCount);
        float[] values = new float[medians.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) medians[i];
        }
        return values;
    }

    private static float[] perFeature(Dataset<Row> rows, FeatureLayout layout, boolean median) {
        int width = layout.elementsPerRow();
        float[] values = new float[width];
        if (layout.arrayColumn().isPresent()) {
            Dataset<Row> exploded = rows.select(posexplode(col(RowValidity.quote(layout.arrayColumn().get()))).as(new String[] {"pos", "v"}));
            Column statistic = median ? medianOf("v") : avg(col("v").cast("double"));
            for (Row row : exploded.groupBy("pos").agg(statistic).collectAsList()) {
                values[row.getInt(0)] = ((Number) row.get(1)).floatValue();
            }
            return values;
        }
        Column[] statistics = layout.names().stream()
                .map(name -> median ? medianOf(name) : avg(col(RowValidity.quote(name)).cast("double")))
                .toArray(Column[]::new);
        Row row = rows.agg(statistics[0], Arrays.copyOfRange(statistics, 1, statistics.length)).first();
        for (int i = 0; i < width; i++) {
            if (row.isNullAt(i)) {
                throw new ConfigException("attribution.baseline: no valid rows to compute it from");
            }
            values[i] = ((Number) row.get(i)).floatValue();
        }
        return values;
    }

    private static Column medianOf(String name) {
        return expr("percentile_approx(double(" + RowValidity.quote(name) + "), 0.5, " + MEDIAN_ACCURACY + ")");
    }

    /** Up to {@link #MAX_FILE_ROWS} rows of the feature columns from a Parquet or CSV file; {@code key} names the setting. */
    static BaselineRows fromFile(SparkSession spark, String path, FeatureLayout layout, String key) {
        String format = path.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "parquet";
        InputReader.requireExists(spark, path, key);
        Dataset<Row> file = InputReader.open(spark, path, format, key);
        List<String> columns = layout.arrayColumn().map(List::of).orElse(layout.names());
        for (String column : columns) {
            StructField field = fileField(file.schema(), column, key + " file " + path);
            boolean numeric = field.dataType() instanceof NumericType
                    || (layout.arrayColumn().isPresent() && field.dataType().simpleString().matches("array<(float|double|int|bigint|smallint|tinyint|decimal.*)>"));
            if (!numeric) {
                throw new ConfigException(key + " file " + path + ": column '" + column + "' has type "
                        + field.dataType().simpleString() + "; its values must be numbers");
            }
        }
        List<Row> rows;
        try {
            rows = file.select(columns.stream().map(c -> col(RowValidity.quote(c))).toArray(Column[]::new))
                    .limit(MAX_FILE_ROWS + 1).collectAsList();
        } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
            throw new ConfigException(key + " file " + path + " could not be read: " + Messages.firstLine(e), e);
        }
        if (rows.isEmpty() || rows.size() > MAX_FILE_ROWS) {
            throw new ConfigException(key + " file " + path + " holds " + (rows.isEmpty() ? "no" : "more than " + MAX_FILE_ROWS)
                    + " rows; give 1 to " + MAX_FILE_ROWS + " rows");
        }
        int width = layout.elementsPerRow();
        if ((long) rows.size() * width > Background.MAX_ELEMENTS) {
            throw new ConfigException(key + " file " + path + " holds " + rows.size() + " rows of " + width + " features, more than "
                    + Background.MAX_ELEMENTS + " values to ship to every executor; give at most "
                    + Math.max(1, Background.MAX_ELEMENTS / width) + " rows");
        }
        float[] values = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            for (int i = 0; i < width; i++) {
                Object value = layout.arrayColumn().isPresent()
                        ? (row.isNullAt(0) || row.getList(0).size() != width ? null : row.getList(0).get(i))
                        : row.get(i);
                if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    throw new ConfigException(key + " file " + path + ", row " + (r + 1) + ": "
                            + layout.names().get(Math.min(i, width - 1)) + " is " + value + "; every value must be a finite number"
                            + (layout.arrayColumn().isPresent() ? " and arrays must hold " + width + " values" : ""));
                }
                values[r * width + i] = number.floatValue();
            }
        }
        return new BaselineRows(values, rows.size(), rows.size() + " row(s) from " + path);
    }

    /** The file's column for a feature, or an error that names the file as the one lacking it. */
    private static StructField fileField(StructType schema, String column, String file) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(column)) {
                return field;
            }
        }
        List<String> columns = Arrays.asList(schema.fieldNames());
        throw new ConfigException(file + " lacks the feature column '" + column + "'" + Suggestions.didYouMean(column, columns)
                + " (its columns: " + String.join(", ", columns) + "); give the file the same feature columns as the input");
    }

    private static String summary(List<String> names) {
        return names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + ", ... " + names.get(names.size() - 1);
    }

    /** The values with 6 significant digits, for descriptions (run.json's configuration keeps them whole). */
    static String sixDigits(List<? extends Number> values) {
        StringJoiner text = new StringJoiner(", ", "[", "]");
        for (Number value : values) {
            text.add(sixDigits(value.doubleValue()));
        }
        return text.toString();
    }

    /** A value with 6 significant digits, for messages and descriptions. */
    public static String sixDigits(double value) {
        return Double.isFinite(value) ? new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString()
                : Double.toString(value);
    }
}
