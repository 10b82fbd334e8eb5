package io.igaudit.cluster;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.igaudit.pipeline.RunSummary;
import io.igaudit.testing.Samples;
import io.igaudit.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * IG Audit on a real Spark standalone cluster (master and two workers, each its own JVM, on
 * 127.0.0.1), submitted with scripts/submit.sh: results equal local mode's, an executor killed
 * mid-run and a driver killed mid-run leave no wrong or duplicate rows, reruns are bit-identical.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAuditTest {

    /** Rows of the generated wide input: enough for the attribution stage to run 20 s or more here. */
    private static final int WIDE_ROWS = 30_000;
    private static final int WIDE_FEATURES = 256;
    private static final double TOLERANCE = 1e-6;
    private static final Duration SHORT = Duration.ofSeconds(90);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static LocalCluster cluster;
    private static AuditOutput wideReference;
    private static AuditOutput sampleOnCluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(work);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void sampleAuditOnTwoExecutorsEqualsLocalMode() throws Exception {
        Path localOut = work.resolve("sample-local");
        long start = System.nanoTime();
        RunSummary local = AuditOutput.runLocally(Optional.of(cluster.root().resolve("conf/sample.conf")), List.of(
                "input.path=" + cluster.root().resolve("data-samples/breast_cancer.csv"),
                "model.path=" + cluster.root().resolve("data-samples/breast_cancer_mlp.pt"),
                "output.path=" + localOut));
        printRun("sample, local mode local[2] in the test JVM", local.inputRows(), 2, local.attributionSeconds(),
                local.rowsPerSecond(), local.totalSeconds(), LocalCluster.seconds(start));

        AuditOutput onCluster = sampleOnCluster();
        onCluster.assertEveryIdOnce(sampleIds());
        onCluster.assertCountsComplete(569);
        assertEachExecutorLoadedTheModelOnce(onCluster.report(), 2);
        double difference = onCluster.maxDifference(AuditOutput.read(localOut));
        System.out.printf("[cluster] sample: max |cluster - local| = %.3g over %d rows%n", difference, onCluster.rowCount());
        assertTrue(difference <= TOLERANCE, "cluster and local mode differ by " + difference);
    }

    @Test
    @Order(2)
    void sameConfigTwiceWithOverwriteGivesBitIdenticalAttributions() throws Exception {
        AuditOutput one = sampleOnCluster();
        Submission second = cluster.run("sample-cluster-again", sampleArgs(work.resolve("sample-cluster")));
        assertEquals(0, second.exitCode(), "second run (overwrite); output:\n" + second.tail());
        AuditOutput two = AuditOutput.read(work.resolve("sample-cluster"));

        assertNotEquals(one.report().path("run_id").asText(), two.report().path("run_id").asText(), "two runs");
        two.assertEveryIdOnce(sampleIds());
        List<Long> differing = one.idsNotBitIdentical(two);
        System.out.printf("[cluster] determinism: conf/sample.conf run again over the first run's output (overwrite, "
                + "%.1f s): %d of %d rows not bit-identical%n", second.seconds(), differing.size(), two.rowCount());
        assertEquals(List.of(), differing, "ids whose results differ between two runs of the same config");
    }

    @Test
    @Order(3)
    void executorKilledMidRunStillGivesEveryRowOnceAndTheSameResults() throws Exception {
        AuditOutput reference = wideReference();
        Path out = work.resolve("wide-executor-loss");
        Submission run = cluster.submit("wide-executor-loss", wideArgs(out, "error-if-exists"));
        killOneExecutorMidRun(run);
        assertEquals(0, run.await(LocalCluster.RUN_LIMIT), "exit code after an executor was killed; output:\n" + run.tail());
        Optional<String> noticed = run.firstLineWith("Lost executor", "ExecutorLostFailure", "Lost task");
        System.out.println("[cluster] executor loss: the driver logged: " + noticed.orElse("(nothing)"));
        assertTrue(noticed.isPresent(), "the driver noticed no lost executor; output:\n" + run.tail());
        AuditOutput result = AuditOutput.read(out);
        printRun("wide, cluster, one executor killed", result.report(), run.seconds());
        result.report().path("executors").forEach(e -> assertEquals(1, e.path("models_loaded").asInt(), "models loaded: " + e));
        assertCompleteAndEqualToReference(result, reference, "executor loss");
        assertFeatureStatsEqualTheWrittenRows(out, "executor loss");
    }

    @Test
    @Order(4)
    void driverKilledMidRunLeavesNoRunJsonAndAnOverwriteRerunCompletes() throws Exception {
        AuditOutput reference = wideReference();
        Path out = work.resolve("wide-driver-death");
        killDriverMidRun(cluster.submit("wide-driver-death", wideArgs(out, "error-if-exists")), out);
        assertFalse(Files.exists(out.resolve("run.json")), "run.json after the driver was killed");
        cluster.awaitNoExecutors(SHORT);

        Submission rerun = cluster.run("wide-driver-death-rerun", wideArgs(out, "overwrite"));
        assertEquals(0, rerun.exitCode(), "rerun with overwrite; output:\n" + rerun.tail());
        AuditOutput result = AuditOutput.read(out);
        printRun("wide, cluster, rerun after driver death (undisturbed)", result.report(), rerun.seconds());
        assertEachExecutorLoadedTheModelOnce(result.report(), 2);
        assertCompleteAndEqualToReference(result, reference, "rerun after driver death");
    }

    // ---------------------------------------------------------------- the faults

    /** Once both executors run and 10 % of the rows are attributed, kill -9 one executor JVM. */
    private static void killOneExecutorMidRun(Submission run) {
        List<ProcessHandle> executors = cluster.awaitExecutors(2, SHORT);
        long rowsAtKill = run.awaitRowsDone(WIDE_ROWS / 10, Duration.ofMinutes(3));
        ProcessHandle victim = executors.get(0);
        double killedAt = run.seconds();
        assertTrue(victim.destroyForcibly(), "kill -9 of executor " + victim.pid());
        System.out.printf("[cluster] executor loss: killed executor JVM pid %d (SIGKILL) %.1f s after submit, "
                + "at %,d of %,d rows attributed; executors then: %s%n",
                victim.pid(), killedAt, rowsAtKill, WIDE_ROWS, pids(executors));
        boolean replaced = LocalCluster.waitUntil(SHORT, () -> cluster.executors().stream()
                .anyMatch(p -> !executors.contains(p)) || !run.isAlive());
        System.out.printf("[cluster] executor loss: replacement executor %s %.1f s after submit (executors now %s)%n",
                replaced ? "started" : "not seen", run.seconds(), pids(cluster.executors()));
    }

    /** Once attribution has started, kill -9 the driver JVM (SparkSubmit) and its descendants. */
    private static void killDriverMidRun(Submission run, Path out) throws Exception {
        cluster.awaitExecutors(2, SHORT);
        long rowsAtKill = run.awaitRowsDone(WIDE_ROWS / 30, Duration.ofMinutes(3));
        double killedAt = run.seconds();
        assertTrue(run.commandLine().contains("org.apache.spark.deploy.SparkSubmit"), "the driver JVM: " + run.commandLine());
        run.kill();
        assertFalse(run.isAlive(), "driver still alive after SIGKILL");
        System.out.printf("[cluster] driver death: killed driver JVM pid %d (SIGKILL) %.1f s after submit, at %,d of %,d "
                + "rows attributed; left in the output folder: %s%n", run.pid(), killedAt, rowsAtKill, WIDE_ROWS, listing(out));
    }

    // ---------------------------------------------------------------- the runs

    private static List<String> sampleArgs(Path out) {
        return List.of("--config", "conf/sample.conf", "--set", "output.path=" + out);
    }

    /** conf/sample.conf on the cluster, run once, read before anything overwrites it. */
    private static synchronized AuditOutput sampleOnCluster() throws Exception {
        if (sampleOnCluster == null) {
            Path out = work.resolve("sample-cluster");
            Submission run = cluster.run("sample-cluster", sampleArgs(out));
            assertEquals(0, run.exitCode(), "exit code; output:\n" + run.tail());
            sampleOnCluster = AuditOutput.read(out);
            printRun("sample, cluster", sampleOnCluster.report(), run.seconds());
        }
        return sampleOnCluster;
    }

    /** The wide-MLP audit's settings: 30,000 rows x 256 features, 8 partitions, progress every 2 s. */
    private static List<String> wideSettings(Path out, String mode) {
        return List.of(
                "input.path=" + work.resolve("wide-input"),
                "input.format=parquet",
                "input.id-columns=[id]",
                "input.feature-column=features",
                "model.path=" + cluster.root().resolve("data-samples/wide_mlp.pt"),
                "model.device=cpu",
                "attribution.partitions=8",
                "progress.interval=2s",
                "output.path=" + out,
                "output.mode=" + mode);
    }

    private static List<String> wideArgs(Path out, String mode) {
        return LocalCluster.sets(wideSettings(out, mode));
    }

    /** The undisturbed reference for the wide audit: generated input, run in local mode in-process (once). */
    private static synchronized AuditOutput wideReference() throws Exception {
        if (wideReference == null) {
            long start = System.nanoTime();
            SparkTestSession.get().range(0, WIDE_ROWS, 1, 2).selectExpr("id", "transform(sequence(0, " + (WIDE_FEATURES - 1)
                    + "), i -> cast(sin(id * 0.0137 + i * 0.71) * 1.5 as float)) as features")
                    .write().mode("overwrite").parquet(work.resolve("wide-input").toString());
            System.out.printf("[cluster] wide input: %,d rows x %d float features written in %.1f s%n",
                    WIDE_ROWS, WIDE_FEATURES, LocalCluster.seconds(start));
            Path out = work.resolve("wide-local");
            start = System.nanoTime();
            RunSummary local = AuditOutput.runLocally(Optional.empty(), wideSettings(out, "overwrite"));
            printRun("wide, local mode local[2] in the test JVM (reference)", local.inputRows(), 2,
                    local.attributionSeconds(), local.rowsPerSecond(), local.totalSeconds(), LocalCluster.seconds(start));
            wideReference = AuditOutput.read(out);
            wideReference.assertEveryIdOnce(wideIds());
        }
        return wideReference;
    }

    // ---------------------------------------------------------------- checks

    private static void assertEachExecutorLoadedTheModelOnce(JsonNode report, int executors) {
        JsonNode section = report.path("executors");
        assertEquals(executors, section.size(), "executor JVMs in run.json: " + section);
        for (JsonNode executor : section) {
            assertEquals(1, executor.path("models_loaded").asInt(), "models loaded by executor " + executor);
            assertFalse("driver".equals(executor.path("executor_id").asText()), "work ran on the driver: " + executor);
        }
    }

    /** Every id once, run.json counts complete, and every number within the tolerance of the reference. */
    private static void assertCompleteAndEqualToReference(AuditOutput result, AuditOutput reference, String what) {
        result.assertEveryIdOnce(wideIds());
        result.assertCountsComplete(WIDE_ROWS);
        double difference = result.maxDifference(reference);
        System.out.printf("[cluster] %s: max |cluster - local reference| = %.3g over %,d rows (largest |attribution| %.3g)%n",
                what, difference, result.rowCount(), reference.largestAttribution());
        assertTrue(difference <= TOLERANCE, what + ": differs from the undisturbed run by " + difference);
    }

    /**
     * feature_stats, which the tasks' merged states make, against the same figures recomputed by
     * Spark from the written attribution rows: counts, minima, maxima and positive shares exactly,
     * means to rounding. A retried task whose states were merged twice would count its rows twice.
     */
    private static void assertFeatureStatsEqualTheWrittenRows(Path out, String what) {
        Dataset<Row> values = SparkTestSession.get().read().parquet(out.resolve("attributions").toString())
                .select(col("target"), posexplode(col("attributions")).as(new String[] {"index", "value"}));
        Column n = count(lit(1)).as("n");
        Column[] others = {avg(col("value")).as("mean"), avg(abs(col("value"))).as("mean_abs"), min(col("value")).as("min"),
            max(col("value")).as("max"), sum(when(col("value").gt(0), 1L).otherwise(0L)).as("positive")};
        List<Row> stats = SparkTestSession.get().read().parquet(out.resolve("feature_stats").toString()).collectAsList();
        List<Row> recomputed = new ArrayList<>(values.groupBy(col("index")).agg(n, others)
                .withColumn("target", lit(null).cast("int")).collectAsList());
        if (stats.stream().anyMatch(r -> r.getAs("target") != null)) {
            recomputed.addAll(values.groupBy(col("index"), col("target")).agg(n, others).collectAsList());
        }
        assertEquals(recomputed.size(), stats.size(), what + ": one feature_stats row per feature and group");
        long overall = 0;
        for (Row expected : recomputed) {
            Integer target = expected.isNullAt(expected.fieldIndex("target")) ? null : expected.<Integer>getAs("target");
            int index = expected.<Integer>getAs("index");
            Row actual = stats.stream().filter(r -> Objects.equals(r.getAs("target"), target) && r.<Integer>getAs("index") == index)
                    .findFirst().orElseThrow(() -> new AssertionError(what + ": no feature_stats row for feature " + index));
            String where = what + ", target " + target + ", feature " + index;
            long rows = expected.<Long>getAs("n");
            assertEquals(rows, actual.<Long>getAs("count"), where + ": count");
            assertEquals(expected.<Float>getAs("min"), actual.<Float>getAs("min"), where + ": min");
            assertEquals(expected.<Float>getAs("max"), actual.<Float>getAs("max"), where + ": max");
            assertEquals((double) expected.<Long>getAs("positive") / rows, actual.<Double>getAs("positive_share"), 0.0,
                    where + ": positive share");
            double mean = expected.getAs("mean");
            assertEquals(mean, actual.<Double>getAs("mean"), 1e-12 * Math.abs(mean) + 1e-18, where + ": mean");
            double meanAbs = expected.getAs("mean_abs");
            assertEquals(meanAbs, actual.<Double>getAs("mean_abs"), 1e-12 * meanAbs + 1e-18, where + ": mean |a|");
            overall += target == null ? rows : 0;
        }
        assertEquals((long) WIDE_ROWS * WIDE_FEATURES, overall, what + ": every row counted once for every feature");
    }

    private static Set<Long> sampleIds() {
        return Stream.of(Samples.readNumericCsv(Samples.file("breast_cancer.csv"))).map(r -> (long) r[0])
                .collect(Collectors.toSet());
    }

    private static Set<Long> wideIds() {
        return LongStream.range(0, WIDE_ROWS).boxed().collect(Collectors.toSet());
    }

    // ---------------------------------------------------------------- reporting

    private static void printRun(String what, JsonNode report, double wallSeconds) {
        List<String> executors = new ArrayList<>();
        report.path("executors").forEach(e -> executors.add(e.path("executor_id").asText() + "(pid " + e.path("pid").asText()
                + ", models " + e.path("models_loaded").asInt() + ", tasks " + e.path("tasks").asInt() + ")"));
        JsonNode timings = report.path("timings_seconds");
        System.out.printf("[cluster] %s: %,d rows, %d executor JVM(s) %s, attribution %.1f s, %,.0f rows/s, "
                + "job %.1f s (checks %.1f s, statistics %.1f s), submit to exit %.1f s%n", what,
                report.at("/counts/attributed_rows").asLong(), executors.size(), executors,
                timings.path("attribution").asDouble(), report.path("rows_per_second").asDouble(),
                timings.path("total").asDouble(), timings.path("validation").asDouble(),
                timings.path("statistics").asDouble(), wallSeconds);
    }

    private static void printRun(String what, long rows, int slots, double attribution, double rowsPerSecond,
            double total, double wall) {
        System.out.printf("[cluster] %s: %,d rows, %d task slots, attribution %.1f s, %,.0f rows/s, job %.1f s, "
                + "call %.1f s%n", what, rows, slots, attribution, rowsPerSecond, total, wall);
    }

    private static List<Long> pids(List<ProcessHandle> processes) {
        return processes.stream().map(ProcessHandle::pid).collect(Collectors.toList());
    }

    private static List<String> listing(Path folder) throws java.io.IOException {
        if (!Files.exists(folder)) {
            return List.of("(no folder)");
        }
        try (Stream<Path> files = Files.walk(folder, 2)) {
            return files.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }
}
