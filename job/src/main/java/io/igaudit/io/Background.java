package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.igaudit.config.AttributionConfig;
import io.igaudit.config.ConfigException;
import io.igaudit.ig.BackgroundRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The background set of Expected Gradients, drawn once on the driver and shipped to every task:
 * the rows of {@code attribution.background-path}, or a seeded sample of the valid input rows.
 * The sample takes the rows with the smallest hash of (features, seed), so it is the same whatever
 * the input's partitioning and file order.
 */
public final class Background {

    /** The most background values (rows × features) shipped to the executors: 256 MiB of floats. */
    public static final long MAX_ELEMENTS = 64L << 20;

    private Background() {}

    /** The background rows for the configuration, checked against the feature layout. */
    public static BackgroundRows resolve(SparkSession spark, AttributionConfig attribution, Dataset<Row> validRows,
            FeatureLayout layout) {
        AttributionConfig.ExpectedGradientsConfig settings = attribution.expectedGradients();
        long width = layout.elementsPerRow();
        if (settings.backgroundPath().isEmpty() && settings.backgroundRows() * width > MAX_ELEMENTS) {
            throw new ConfigException("attribution.background-rows = " + settings.backgroundRows() + " rows of " + width
                    + " features is more than " + MAX_ELEMENTS + " values to ship to every executor; set it to at most "
                    + Math.max(1, MAX_ELEMENTS / width));
        }
        if (settings.backgroundPath().isPresent()) {
            BaselineRows rows = Baselines.fromFile(spark, settings.backgroundPath().get(), layout, "attribution.background-path");
            return new BackgroundRows(rows.values(), rows.rows());
        }
        return sample(validRows, layout, settings.backgroundRows(), attribution.seed());
    }

    private static BackgroundRows sample(Dataset<Row> validRows, FeatureLayout layout, int rows, long seed) {
        List<Column> features = new ArrayList<>();
        if (layout.arrayColumn().isPresent()) {
            features.add(col(RowValidity.quote(layout.arrayColumn().get())).cast("array<float>"));
        } else {
            layout.names().forEach(name -> features.add(col(RowValidity.quote(name)).cast("float")));
        }
        List<Column> hashed = new ArrayList<>(features);
        hashed.add(lit(seed));
        List<Row> drawn = validRows.select(features.toArray(Column[]::new))
                .orderBy(xxhash64(hashed.toArray(Column[]::new)))
                .limit(rows)
                .collectAsList();
        if (drawn.isEmpty()) {
            throw new ConfigException("attribution.method = expected_gradients needs background rows, but the input has "
                    + "no valid rows to draw them from; set attribution.background-path");
        }
        int width = layout.elementsPerRow();
        float[] values = new float[drawn.size() * width];
        for (int r = 0; r < drawn.size(); r++) {
            Row row = drawn.get(r);
            for (int i = 0; i < width; i++) {
                values[r * width + i] = layout.arrayColumn().isPresent()
                        ? ((Number) row.getList(0).get(i)).floatValue()
                        : row.getFloat(i);
            }
        }
        return new BackgroundRows(values, drawn.size());
    }
}
