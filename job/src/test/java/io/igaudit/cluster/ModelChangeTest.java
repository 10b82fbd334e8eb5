package io.igaudit.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.ExplainPlan;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.Method;
import io.igaudit.io.ModelFile;
import io.igaudit.io.OutputSchemas;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelException;
import io.igaudit.partition.AttributePartition;
import io.igaudit.partition.PartitionSpec;
import io.igaudit.partition.PlainPartitionSpec;
import io.igaudit.partition.PlanSource;
import io.igaudit.stats.StatsAccumulator;
import io.igaudit.stats.StatsSpec;
import io.igaudit.testing.Defaults;
import io.igaudit.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file replaced between the driver's SHA-256 check and an executor's load is caught, on
 * the executor path too (the partition function as a task runs it); no cluster needed.
 */
class ModelChangeTest {

    private static final String WRONG_SHA = "0".repeat(64);
    private static final StructType IDS = new StructType().add("id", DataTypes.LongType, false);
    private static final StructType OUTPUT = OutputSchemas.attributionRows(IDS);

    @TempDir
    Path tmp;

    @Test
    void localVerifiedRejectsAWrongExpectedShaNamingTheFileAndBothHashes() throws Exception {
        Path model = copy("breast_cancer_mlp.pt", tmp.resolve("wrong-sha.pt"));
        String actual = ModelFile.sha256(model.toString(), new Configuration());
        ModelException error = assertThrows(ModelException.class,
                () -> ModelFile.localVerified(model.toString(), WRONG_SHA, new Configuration()));
        assertMessageNames(error, model, WRONG_SHA, actual);
    }

    @Test
    void localVerifiedCatchesAModelReplacedAfterTheDriversCheck() throws Exception {
        Path model = copy("breast_cancer_mlp.pt", tmp.resolve("replaced.pt"));
        String driverSha = ModelFile.sha256(model.toString(), new Configuration());
        copy("wine_mlp.pt", model);
        String nowSha = ModelFile.sha256(model.toString(), new Configuration());
        ModelException error = assertThrows(ModelException.class,
                () -> ModelFile.localVerified(model.toString(), driverSha, new Configuration()));
        assertMessageNames(error, model, driverSha, nowSha);
    }

    @Test
    void executorTaskAttributesWhenTheModelIsUnchanged() throws Exception {
        Path model = copy("breast_cancer_mlp.pt", tmp.resolve("unchanged.pt"));
        String driverSha = ModelFile.sha256(model.toString(), new Configuration());
        List<InternalRow> out = attribute(breastCancerSpec(model, driverSha), breastCancerRows(3));
        assertEquals(3, out.size(), "rows attributed");
        assertEquals(List.of(0L, 1L, 2L), out.stream().map(r -> r.getLong(0)).toList(), "ids");
    }

    @Test
    void executorTaskFailsWithAClearErrorWhenTheModelChangedAfterTheDriversCheck() throws Exception {
        Path model = copy("breast_cancer_mlp.pt", tmp.resolve("changed-before-task.pt"));
        String driverSha = ModelFile.sha256(model.toString(), new Configuration());
        copy("wine_mlp.pt", model);
        String nowSha = ModelFile.sha256(model.toString(), new Configuration());
        PlainPartitionSpec spec = breastCancerSpec(model, driverSha);
        ModelException error = assertThrows(ModelException.class, () -> attribute(spec, breastCancerRows(3)));
        assertMessageNames(error, model, driverSha, nowSha);
    }

    /**
     * An executor JVM that loaded a model for one job and runs a later job (same application, e.g. a
     * notebook session) after the file at the same path was replaced: the later job's driver
     * checked the new file, so its tasks must use the new model, not the one still cached.
     */
    @Test
    void aModelReplacedBetweenJobsIsNotServedFromTheExecutorsCache() throws Exception {
        float[][] rows = {{0.5f, -1f, 2f}, {1f, 2f, 3f}};
        Path pristineF2 = copy("test-models/f2.pt", tmp.resolve("f2-pristine.pt"));
        List<InternalRow> expected = attribute(threeFeatureSpec(pristineF2), threeFeatureRows(rows));

        Path model = copy("test-models/f1.pt", tmp.resolve("retrained.pt"));
        List<InternalRow> firstJob = attribute(threeFeatureSpec(model), threeFeatureRows(rows));
        copy("test-models/f2.pt", model);
        List<InternalRow> secondJob = attribute(threeFeatureSpec(model), threeFeatureRows(rows));

        int prediction = OUTPUT.fieldIndex("prediction");
        int attributions = OUTPUT.fieldIndex("attributions");
        assertNotEquals(firstJob.get(0).getFloat(prediction), expected.get(0).getFloat(prediction), "f1 and f2 differ here");
        for (int r = 0; r < rows.length; r++) {
            assertEquals(expected.get(r).getFloat(prediction), secondJob.get(r).getFloat(prediction),
                    "row " + r + ": prediction of the second job must come from the replaced model (f2)");
            assertArrayEquals(expected.get(r).getArray(attributions).toFloatArray(),
                    secondJob.get(r).getArray(attributions).toFloatArray(),
                    "row " + r + ": attributions of the second job must come from the replaced model (f2)");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertMessageNames(ModelException error, Path model, String expectedSha, String actualSha) {
        String message = error.getMessage();
        assertTrue(message.contains(model.toString()), "names the file: " + message);
        assertTrue(message.contains(expectedSha), "names the driver's SHA-256: " + message);
        assertTrue(message.contains(actualSha), "names the file's SHA-256 now: " + message);
        assertTrue(message.contains("changed after the driver checked it"), "says what happened: " + message);
    }

    /** Copies a file of data-samples over {@code target}. */
    private static Path copy(String sample, Path target) throws Exception {
        return Files.copy(Samples.file(sample), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs the partition function as a task would, copying the (reused) output rows. */
    private static List<InternalRow> attribute(PlainPartitionSpec spec, Iterator<InternalRow> rows) throws Exception {
        List<InternalRow> out = new ArrayList<>();
        new AttributePartition(spec).call(rows).forEachRemaining(r -> out.add(r.copy()));
        return out;
    }

    private static PlainPartitionSpec spec(Path model, String sha256, int features) {
        ExplainPlan plan = new ExplainPlan(Method.INTEGRATED_GRADIENTS, Defaults.integration(), null,
                new FixedBaselines(new float[features], 1, new int[] {features}, "zeros"), null, 0, null, 0L);
        PartitionSpec common = new PartitionSpec(
                new PartitionSpec.TaskModel(model.toString(), sha256, DeviceChoice.CPU, 1, Map.of()),
                new PartitionSpec.TaskRows(IDS, new PartitionSpec.TargetSource(PartitionSpec.TargetSource.Kind.FIXED, new int[] {0}),
                        16, "UTC"),
                new PartitionSpec.TaskCounters(new LongAccumulator(), new LongAccumulator(), new LongAccumulator(),
                        new CollectionAccumulator<>()),
                new StatsSpec(features, false, 0.05, StatsSpec.DEFAULT_K, 1.0, 1.0, null, 10, 4, 0, 0L, false, StatsSpec.Slices.NONE), new StatsAccumulator(), 0L);
        return new PlainPartitionSpec(common, new PlanSource.Direct(plan), new int[] {features}, false, null);
    }

    private static PlainPartitionSpec breastCancerSpec(Path model, String sha256) {
        return spec(model, sha256, 30);
    }

    private static PlainPartitionSpec threeFeatureSpec(Path model) {
        return spec(model, ModelFile.sha256(model.toString(), new Configuration()), 3);
    }

    /** The first rows of breast_cancer.csv as internal rows: id (long), then 30 float features. */
    private static Iterator<InternalRow> breastCancerRows(int count) {
        double[][] table = Samples.readNumericCsv(Samples.file("breast_cancer.csv"));
        List<InternalRow> rows = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            Object[] values = new Object[31];
            values[0] = (long) table[r][0];
            for (int i = 1; i <= 30; i++) {
                values[i] = (float) table[r][i];
            }
            rows.add(new GenericInternalRow(values));
        }
        return rows.iterator();
    }

    private static Iterator<InternalRow> threeFeatureRows(float[][] features) {
        List<InternalRow> rows = new ArrayList<>();
        for (int r = 0; r < features.length; r++) {
            rows.add(new GenericInternalRow(new Object[] {(long) r, features[r][0], features[r][1], features[r][2]}));
        }
        return rows.iterator();
    }
}
