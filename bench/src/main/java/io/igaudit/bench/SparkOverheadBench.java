package io.igaudit.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.randn;

import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.TargetRule;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.model.TorchThreads;
import io.igaudit.pipeline.AuditPipeline;
import io.igaudit.pipeline.RunSummary;
import io.igaudit.pipeline.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark overhead: end-to-end rows/s of the job (attribution pass: read, pack, engine, write;
 * session start-up reported apart) against the engine alone on the same rows, model, steps and
 * number of threads (one engine thread per Spark task slot).
 *
 * <p>After a warm-up on 10k rows, the first full run is reported apart: the JIT is still compiling
 * the job's code then (about 4 s of one core's time on 1M rows of the breast-cancer sample, taken
 * from the task slots on a 2-core machine). The comparison uses the median of the {@code RUNS}
 * runs after it, as the engine's figure is the median of runs after its own warm-up; with
 * {@code RUNS} = 0 (for inputs that take many minutes a pass) the first full run is the measured one.
 *
 * <p>Last, a fresh JVM runs the whole job on the same input ({@code io.igaudit.Main}, as a user
 * would): the whole process, JVM and session start included, against the engine alone.
 *
 * <p>Usage: {@code SparkOverheadBench MODEL FEATURES ROWS [SLOTS [RUNS [FORMAT [ENGINE_ROWS]]]]}, FORMAT one of
 * {@code parquet} (a folder of one file per slot, the default), {@code parquet-file} (one Parquet
 * file) or {@code csv} (one CSV file); ENGINE_ROWS (default 100,000) bounds the rows the engine
 * alone is timed on; scripts/bench-spark.sh runs it.
 */
public final class SparkOverheadBench {

    private SparkOverheadBench() {}

    /** Runs the comparison and prints a table. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: SparkOverheadBench MODEL FEATURES ROWS [SLOTS [RUNS [parquet|parquet-file|csv [ENGINE_ROWS]]]]");
            System.exit(2);
        }
        Path model = Path.of(args[0]).toAbsolutePath();
        int features = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        int slots = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String format = args.length > 5 ? args[5] : "parquet";
        if (!List.of("parquet", "parquet-file", "csv").contains(format)) {
            System.err.println("FORMAT must be parquet, parquet-file or csv, got " + format);
            System.exit(2);
        }
        if (runs < 0) {
            System.err.println("RUNS must be 0 or more, got " + runs);
            System.exit(2);
        }
        Path work = Files.createTempDirectory("ig-audit-bench-");
        String input = work.resolve("input.parquet").toString();

        long sessionStart = System.nanoTime();
        SparkSession spark = SparkSessions.open(config(model, features, input, "parquet", work.resolve("unused").toString(), slots));
        double sessionSeconds = (System.nanoTime() - sessionStart) / 1e9;
        try {
            writeInput(spark, input, features, rows);
            String measuredInput = asFormat(spark, input, format, work);
            String warmupInput = work.resolve("warmup.parquet").toString();
            writeInput(spark, warmupInput, features, Math.min(rows, 10_000));
            // Warm-up run on a small input (JIT, engine start, model load), then the measured one.
            AuditPipeline.run(spark, config(model, features, warmupInput, "parquet", work.resolve("warmup").toString(), slots));
            MemorySampler memory = MemorySampler.start();
            JobConfig measuredConfig = config(model, features, measuredInput, format, work.resolve("run").toString(), slots);
            RunSummary first;
            List<RunSummary> steady = new ArrayList<>();
            try {
                first = AuditPipeline.run(spark, measuredConfig);
                for (int run = 0; run < runs; run++) {
                    steady.add(AuditPipeline.run(spark, measuredConfig));
                }
            } finally {
                memory.stop();
            }
            steady.sort(Comparator.comparingDouble(RunSummary::attributionSeconds));
            RunSummary measured = steady.isEmpty() ? first : steady.get(steady.size() / 2);
            long peakRss = peakRssKib(); // before the engine-alone run below holds rows in memory
            // The engine alone on (up to) the first 100k of the same rows, or ENGINE_ROWS: its rate is per row.
            int engineRows = Math.min(rows, args.length > 6 ? Integer.parseInt(args[6]) : 100_000);
            float[] values = readBack(spark, input, features, engineRows);
            double engineSeconds = engineAlone(model, values, features, slots);

            double sparkRate = measured.rowsPerSecond();
            double engineRate = engineRows / engineSeconds;
            System.out.printf("%nmodel %s, %d features, %,d rows (%s), gausslegendre 50 steps, zero baseline, %d task slot(s), "
                    + "1 libtorch thread each%n", model.getFileName(), features, rows, format, slots);
            System.out.printf("Spark session start-up: %.1f s (not counted below)%n", sessionSeconds);
            System.out.printf("%-44s %10s %12s%n", "what", "seconds", "rows/s");
            System.out.printf("%-44s %10.2f %,12.0f%n", "engine alone (" + slots + " threads, " + engineRows + " rows)", engineSeconds, engineRate);
            System.out.printf("%-44s %10.2f %,12.0f%n", "first run, attribution pass (JIT compiling)", first.attributionSeconds(),
                    first.rowsPerSecond());
            System.out.printf("%-44s %10.2f %12s%n", "first run, whole run", first.totalSeconds(), "");
            System.out.printf("%-44s %10.2f %,12.0f%n", "Spark job, attribution pass (read+IG+write)", measured.attributionSeconds(), sparkRate);
            System.out.printf("%-44s %10.2f %12s%n", "Spark job, whole run (of the median pass)",
                    measured.totalSeconds(), "");
            System.out.printf("%-44s %10.2f %12s%n", "Spark job, beside the pass (checks, statistics, report)",
                    measured.totalSeconds() - measured.attributionSeconds(), "");
            if (runs == 0) {
                System.out.println("(Spark job rows: the first run, RUNS = 0)");
            } else {
                System.out.printf("(Spark job rows: median of %d runs after the first; attribution passes %s s)%n", runs,
                        steady.stream().map(r -> String.format("%.2f", r.attributionSeconds())).toList());
            }
            System.out.printf("inside the tasks: %.2f s summed over tasks, %.0f%% of it in the model (engine), the rest reading, "
                    + "packing and writing%n", measured.taskSeconds(), 100 * measured.modelShareOfTasks());
            double wholeRunRate = rows / measured.totalSeconds();
            System.out.printf("Spark attribution pass / engine alone: %.0f%% (first run %.0f%%)%n", 100 * sparkRate / engineRate,
                    100 * first.rowsPerSecond() / engineRate);
            System.out.printf("Spark whole run (%,.0f rows/s) / engine alone: %.0f%% (first run %.0f%%)%n", wholeRunRate,
                    100 * wholeRunRate / engineRate, 100 * rows / first.totalSeconds() / engineRate);
            System.out.printf("peak RSS of this JVM through the Spark runs (driver and executor in local mode): %,d MiB%n",
                    peakRss / 1024);
            System.out.printf("during the measured runs: most heap in use after a collection %,d MiB (upper bound of what is retained), "
                    + "most memory outside the committed heap %,d MiB (Arrow, libtorch, JVM internals), most heap committed %,d MiB%n",
                    memory.maxLiveHeap() >> 20, memory.maxOutsideHeap() >> 20, memory.maxCommittedHeap() >> 20);
            double processSeconds = wholeProcess(model, features, measuredInput, format, work.resolve("process").toString(), slots);
            double processRate = rows / processSeconds;
            System.out.printf("whole process (a fresh JVM running the job on the same input, JVM and session start included): "
                    + "%.2f s, %,.0f rows/s, %.0f%% of the engine alone%n", processSeconds, processRate, 100 * processRate / engineRate);
            double beside = measured.totalSeconds() - measured.attributionSeconds();
            // One line per configuration for scripts/bench.sh's table of targets.
            System.out.printf(java.util.Locale.ROOT, "RESULT model=%s rows=%d format=%s engine=%.0f pass=%.0f pass_pct=%.1f beside_s=%.2f "
                    + "beside_pct=%.1f process_s=%.2f process_pct=%.1f live_heap_mib=%d outside_heap_mib=%d%n",
                    model.getFileName(), rows, format, engineRate, sparkRate, 100 * sparkRate / engineRate, beside,
                    100 * beside / measured.attributionSeconds(), processSeconds, 100 * processRate / engineRate,
                    memory.maxLiveHeap() >> 20, memory.maxOutsideHeap() >> 20);
        } finally {
            spark.stop();
        }
    }

    /**
     * Samples memory every 100 ms while the runs go on: the heap in use right after the latest
     * collection (an upper bound of the retained data: under G1, old regions keep their garbage
     * until a mixed collection), the resident memory beyond the committed heap, and the committed
     * heap.
     */
    private static final class MemorySampler implements Runnable {
        private final Thread thread = new Thread(this, "memory-sampler");
        private volatile boolean running = true;
        private volatile long maxLiveHeap;
        private volatile long maxOutsideHeap;
        private volatile long maxCommittedHeap;

        static MemorySampler start() {
            MemorySampler sampler = new MemorySampler();
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        @Override
        public void run() {
            while (running) {
                long live = 0;
                for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                    java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
                    if (pool.getType() == java.lang.management.MemoryType.HEAP && afterGc != null) {
                        live += afterGc.getUsed();
                    }
                }
                long committed = Runtime.getRuntime().totalMemory();
                long rss = statusKib("VmRSS:") * 1024;
                maxLiveHeap = Math.max(maxLiveHeap, live);
                maxCommittedHeap = Math.max(maxCommittedHeap, committed);
                maxOutsideHeap = Math.max(maxOutsideHeap, rss - committed);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long maxLiveHeap() {
            return maxLiveHeap;
        }

        long maxOutsideHeap() {
            return maxOutsideHeap;
        }

        long maxCommittedHeap() {
            return maxCommittedHeap;
        }
    }

    /** VmHWM from /proc/self/status: the most resident memory this JVM has held. */
    private static long peakRssKib() {
        return statusKib("VmHWM:");
    }

    /** A kiB figure from /proc/self/status, or -1. */
    private static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Seconds from starting a new JVM that runs the job ({@code io.igaudit.Main}, as
     * scripts/run-local.sh does, with this JVM's options and class path) to its exit.
     */
    private static double wholeProcess(Path model, int features, String input, String format, String output, int slots)
            throws java.io.IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.igaudit.Main"));
        for (String setting : settings(model, features, input, format, output, slots)) {
            command.addAll(List.of("--set", setting));
        }
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("the job's process exited with " + exit);
        }
        return seconds;
    }

    private static JobConfig config(Path model, int features, String input, String format, String output, int slots) {
        return ConfigLoader.load(Optional.empty(), settings(model, features, input, format, output, slots));
    }

    private static List<String> settings(Path model, int features, String input, String format, String output, int slots) {
        List<String> settings = new ArrayList<>(List.of(
                "input.path=" + input, "input.format=" + (format.equals("csv") ? "csv" : "parquet"),
                "model.path=" + model, "output.path=" + output,
                "output.mode=overwrite", "spark.master=local[" + slots + "]", "input.id-columns=[id]",
                "progress.interval=60s"));
        settings.add("input.features=[" + String.join(",", names(features)) + "]");
        return settings;
    }

    private static List<String> names(int features) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            names.add("f" + i);
        }
        return names;
    }

    private static void writeInput(SparkSession spark, String path, int features, int rows) {
        List<Column> columns = new ArrayList<>(List.of(col("id")));
        for (int i = 0; i < features; i++) {
            columns.add(randn(i).cast("float").as("f" + i));
        }
        spark.range(rows).select(columns.toArray(Column[]::new)).write().mode("overwrite").parquet(path);
    }

    /** The input as the run reads it: the Parquet folder itself, or one Parquet or CSV file of its rows. */
    private static String asFormat(SparkSession spark, String parquetFolder, String format, Path work) throws java.io.IOException {
        if (format.equals("parquet")) {
            return parquetFolder;
        }
        Path folder = work.resolve("single-" + format);
        Dataset<Row> rows = spark.read().parquet(parquetFolder).orderBy("id").coalesce(1);
        if (format.equals("csv")) {
            rows.write().option("header", "true").csv(folder.toString());
        } else {
            rows.write().parquet(folder.toString());
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow().toString();
        }
    }

    private static float[] readBack(SparkSession spark, String path, int features, int limit) {
        Dataset<Row> frame = spark.read().parquet(path).orderBy("id").limit(limit);
        List<Row> rows = frame.select(names(features).stream().map(n -> col(n)).toArray(Column[]::new)).collectAsList();
        float[] values = new float[rows.size() * features];
        for (int r = 0; r < rows.size(); r++) {
            for (int i = 0; i < features; i++) {
                values[r * features + i] = rows.get(r).getFloat(i);
            }
        }
        return values;
    }

    /** The engine on the same rows in 256-row batches, split over {@code threads} threads; median of 3. */
    private static double engineAlone(Path modelPath, float[] values, int features, int threads) throws Exception {
        TorchThreads.configure(1);
        TorchScriptModel model = ModelCache.get(modelPath, DeviceChoice.CPU);
        IntegratedGradients engine = new IntegratedGradients(model, JobDefaults.integration());
        FeatureBatch zeros = FeatureBatch.of(new float[features], 1, features);
        int rows = values.length / features;
        int batch = 256;
        double[] times = new double[3];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int repeat = 0; repeat < times.length; repeat++) {
                long start = System.nanoTime();
                List<Future<?>> work = new ArrayList<>();
                for (int first = 0; first < rows; first += batch) {
                    int from = first;
                    int count = Math.min(batch, rows - first);
                    work.add(pool.submit(() -> engine.attribute(
                            FeatureBatch.of(Arrays.copyOfRange(values, from * features, (from + count) * features), count, features),
                            zeros, new TargetRule.Fixed(0))));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                times[repeat] = (System.nanoTime() - start) / 1e9;
            }
        } finally {
            pool.shutdownNow();
        }
        Arrays.sort(times);
        return times[1];
    }
}
