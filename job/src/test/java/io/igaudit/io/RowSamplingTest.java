package io.igaudit.io;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * input.sample: a row is kept by its values and the seed alone, so every partitioning and every
 * rerun keep the same rows, the share kept is the fraction within binomial error, and another seed
 * keeps other rows.
 */
class RowSamplingTest {

    private static final int ROWS = 20_000;
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType)
            .add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType);
    private static Dataset<Row> frame;

    @BeforeAll
    static void data() {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            rows.add(RowFactory.create(i, i * 0.25, Math.sin(i)));
        }
        frame = SparkTestSession.get().createDataFrame(rows, SCHEMA);
    }

    private static JobConfig config(String... sample) {
        List<String> settings = new ArrayList<>(List.of("input.path=/data/in.parquet", "model.path=/models/m.pt",
                "output.path=/data/out", "input.features=[a, b]"));
        settings.addAll(List.of(sample));
        return ConfigLoader.load(Optional.empty(), settings);
    }

    private static Set<Long> ids(Dataset<Row> sampled) {
        Set<Long> ids = new TreeSet<>();
        sampled.select(col("id").cast("long")).collectAsList().forEach(row -> ids.add(row.getLong(0)));
        return ids;
    }

    @Test
    void sameRowsWhateverThePartitioningAndOnRerun() {
        JobConfig config = config("input.id-columns=[id]", "input.sample.fraction=0.05", "input.sample.seed=3");
        Set<Long> one = ids(RowSampling.apply(frame.coalesce(1), config));
        assertEquals(one, ids(RowSampling.apply(frame.repartition(7), config)), "7 partitions, rows shuffled");
        assertEquals(one, ids(RowSampling.apply(frame.repartition(13, col("a")), config)), "13 partitions by value");
        assertEquals(one, ids(RowSampling.apply(frame.coalesce(1), config)), "a rerun");
    }

    @Test
    void keepsTheFractionWithinBinomialError() {
        for (double fraction : new double[] {0.01, 0.1, 0.5}) {
            long kept = RowSampling.apply(frame, config("input.id-columns=[id]", "input.sample.fraction=" + fraction)).count();
            double expected = ROWS * fraction;
            double sd = Math.sqrt(ROWS * fraction * (1 - fraction));
            assertTrue(Math.abs(kept - expected) < 4 * sd, "fraction " + fraction + ": kept " + kept + " of " + ROWS
                    + ", expected " + expected + " ± " + 4 * sd);
        }
    }

    @Test
    void anotherSeedKeepsOtherRows() {
        Set<Long> seed0 = ids(RowSampling.apply(frame, config("input.id-columns=[id]", "input.sample.fraction=0.1")));
        Set<Long> seed1 = ids(RowSampling.apply(frame,
                config("input.id-columns=[id]", "input.sample.fraction=0.1", "input.sample.seed=1")));
        Set<Long> both = new HashSet<>(seed0);
        both.retainAll(seed1);
        // Independent samples of 10 % share about 1 % of the rows (200); the same sample would share 2,000.
        assertTrue(both.size() < 400, "seeds 0 and 1 share " + both.size() + " of " + seed0.size() + " rows");
        assertNotEquals(seed0, seed1);
    }

    @Test
    void anIdReadAsTextKeepsTheSameRowsAsTheNumber() {
        JobConfig config = config("input.id-columns=[id]", "input.sample.fraction=0.1");
        Dataset<Row> textIds = frame.withColumn("id", col("id").cast("string"));
        assertEquals(ids(RowSampling.apply(frame, config)), ids(RowSampling.apply(textIds, config)));
    }

    @Test
    void withoutIdColumnsTheFeatureValuesPickTheRows() {
        JobConfig config = config("input.sample.fraction=0.1");
        assertEquals(List.of("a", "b"), RowSampling.hashedColumns(config));
        Set<Long> byValues = ids(RowSampling.apply(frame, config));
        assertEquals(byValues, ids(RowSampling.apply(frame.repartition(5), config)));
        assertTrue(Math.abs(byValues.size() - ROWS * 0.1) < 4 * Math.sqrt(ROWS * 0.09), "kept " + byValues.size());
        // A change of a feature value moves its row in or out of the sample: the values are the key.
        Dataset<Row> shifted = frame.withColumn("a", col("a").plus(1));
        assertNotEquals(byValues, ids(RowSampling.apply(shifted, config)));
    }

    @Test
    void fractionOneReadsEveryRowWithoutAFilter() {
        assertSame(frame, RowSampling.apply(frame, config("input.id-columns=[id]")));
    }

    @Test
    void positionIsTheTopBitsOfTheHashAsAFraction() {
        Row bounds = frame.select(RowSampling.position(List.of("id"), 0).as("p"))
                .agg(org.apache.spark.sql.functions.min("p"), org.apache.spark.sql.functions.max("p"),
                        org.apache.spark.sql.functions.avg("p"))
                .first();
        assertTrue(bounds.getDouble(0) >= 0 && bounds.getDouble(1) < 1, "positions in [0, 1): " + bounds);
        // Uniform on [0, 1): mean 1/2 with standard error sqrt(1/12 / n).
        assertEquals(0.5, bounds.getDouble(2), 4 * Math.sqrt(1.0 / 12 / ROWS));
    }
}
