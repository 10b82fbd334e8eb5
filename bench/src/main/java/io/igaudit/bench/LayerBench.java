package io.igaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.config.TargetSpec;
import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.LayerExplainer;
import io.igaudit.ig.TargetRule;
import io.igaudit.io.OutputLocation;
import io.igaudit.io.TextTokenizer;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;

/**
 * Rows/s of the layer path (models with integer inputs attributed at an embedding layer) on the
 * text and credit samples, as configured by conf/sample-text.conf and conf/sample-credit.conf (rule,
 * steps, target, baselines, rows per batch, memory bound):
 *
 * <ol>
 *   <li>the engine alone ({@link LayerExplainer} on the rows packed as the job packs them, see
 *       {@link LayerSample}), with 1 thread and with 2 Java threads × 1 libtorch thread each, as
 *       Spark task slots run it: one warm-up pass, then the median of {@code RUNS} timed passes over
 *       all rows; mean and largest |delta| beside the speed; for text, the tokenizer alone too;</li>
 *   <li>the whole job in local[2] on the same configuration, in this JVM: one warm-up run, then the
 *       median of {@code SPARK_RUNS} runs (by the attribution pass); the attribution pass's seconds
 *       and rows/s, the whole run's rows/s and the pass as a share of the engine alone on 2
 *       threads; then the same on the sample's rows repeated {@code REPEAT} times (written to a
 *       temporary folder, ids renumbered), so that Spark's fixed cost per job weighs less.</li>
 * </ol>
 * The Spark run's |delta| and its baselines (run.json) are checked against the engine's, so that
 * both measure the same work.
 *
 * <p>Usage: {@code LayerBench [RUNS [SPARK_RUNS [REPEAT]]]} (defaults 5, 3, 20; REPEAT 1 leaves the
 * larger input out), from the repository root; scripts/bench-layer.sh runs it.
 */
public final class LayerBench {

    private static final List<Path> SAMPLES = List.of(Path.of("conf/sample-text.conf"), Path.of("conf/sample-credit.conf"));
    private static final int[] THREADS = {1, 2};
    /** Spark task slots; the engine on as many threads is the comparison. */
    private static final int SLOTS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LayerBench() {}

    /** The engine's figures on some rows: median seconds of the timed passes and the |delta| of the warm-up pass. */
    private record EngineFigures(int rows, double seconds, double meanAbsDelta, double maxAbsDelta) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /** Prints one table for the engine alone and one for Spark. */
    public static void main(String[] args) throws Exception {
        int runs = argument(args, 0, 5);
        int sparkRuns = argument(args, 1, 3);
        int repeat = argument(args, 2, 20);
        TorchThreads.configure(1);
        List<LayerSample> samples = new ArrayList<>();
        for (Path config : SAMPLES) {
            samples.add(LayerSample.load(config));
        }

        System.out.printf("Layer attribution, engine alone: median of %d passes over all rows after a warm-up, "
                + "N Java threads x 1 libtorch thread%n", runs);
        EngineFigures[] onSlots = new EngineFigures[samples.size()];
        for (int s = 0; s < samples.size(); s++) {
            LayerSample sample = samples.get(s);
            describe(sample);
            System.out.printf("%-36s %10s %12s %14s %14s%n", "what", "seconds", "rows/s", "mean |delta|", "max |delta|");
            for (int threads : THREADS) {
                EngineFigures figures = engineAlone(sample, threads, runs);
                if (threads == SLOTS) {
                    onSlots[s] = figures;
                }
                System.out.printf("%-36s %10.3f %,12.0f %14.2e %14.2e%n", "engine, " + threads + " thread(s)", figures.seconds(),
                        figures.rowsPerSecond(), figures.meanAbsDelta(), figures.maxAbsDelta());
            }
            if (sample.texts() != null) {
                double seconds = tokenizerAlone(sample, runs);
                System.out.printf("%-36s %10.3f %,12.0f%n", "tokenizer alone, 1 thread", seconds, sample.rows() / seconds);
            }
        }

        Path work = Files.createTempDirectory("ig-audit-layer-bench-");
        SparkSession spark = SparkSessions.open(jobConfig(SAMPLES.get(0), work.resolve("unused"), Optional.empty()));
        // The job's progress lines (INFO, on stderr) would land between the table's rows.
        org.apache.logging.log4j.core.config.Configurator.setLevel("io.igaudit", org.apache.logging.log4j.Level.WARN);
        try {
            System.out.printf("%nLayer attribution, the whole job in local[%d] (1 libtorch thread per task slot), in this JVM: "
                    + "median of %d runs after a warm-up run%n", SLOTS, sparkRuns);
            for (int s = 0; s < samples.size(); s++) {
                LayerSample sample = samples.get(s);
                System.out.printf("%n%s (%s)%n", sample.name(), SAMPLES.get(s));
                System.out.printf("%-40s %10s %12s %12s %14s %14s%n", "input", "pass s", "pass rows/s", "run rows/s",
                        "pass / engine", "mean |delta|");
                Path output = work.resolve(sample.name());
                sparkRow(spark, SAMPLES.get(s), output, Optional.empty(), sample, onSlots[s], sparkRuns,
                        String.format("%,d rows", sample.rows()));
                if (repeat > 1) {
                    Path input = repeatedInput(sample, repeat, work);
                    sparkRow(spark, SAMPLES.get(s), output, Optional.of(input), sample, onSlots[s], sparkRuns,
                            String.format("%,d rows (x%d)", sample.rows() * repeat, repeat));
                }
            }
            System.out.printf("%npass: the attribution pass (read, pack%s, engine, write); run: the whole job, checks before "
                    + "the pass and statistics, report and run.json after it; pass / engine: pass rows/s over the engine "
                    + "alone on %d threads%n", samples.stream().anyMatch(x -> x.texts() != null) ? ", tokenize" : "", SLOTS);
        } finally {
            spark.stop();
            deleteFolder(work);
        }
    }

    /** Deletes the benchmark's temporary folder: the repeated inputs and the job's outputs. */
    private static void deleteFolder(Path folder) throws java.io.IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static int argument(String[] args, int index, int fallback) {
        int value = args.length > index ? Integer.parseInt(args[index]) : fallback;
        if (value < 1) {
            System.err.println("usage: LayerBench [RUNS [SPARK_RUNS [REPEAT]]], each at least 1; got " + value);
            System.exit(2);
        }
        return value;
    }

    private static void describe(LayerSample sample) {
        StringBuilder tensors = new StringBuilder();
        for (InputTensor tensor : sample.inputs().tensors()) {
            tensors.append(tensors.length() == 0 ? "" : ", ").append(tensor.name()).append(' ')
                    .append(tensor.type().name().toLowerCase(java.util.Locale.ROOT)).append(Arrays.toString(tensor.rowShape()));
        }
        IgOptions options = sample.config().attribution().integration();
        System.out.printf("%n%s: %,d rows of %s; %s %d steps, target %s, %d rows per batch, memory bound %,d elements per pass%n",
                sample.name(), sample.rows(), tensors, options.rule().configName(), options.steps(),
                sample.config().attribution().target().describe(), sample.config().attribution().batchRows(),
                options.maxElementsPerPass());
        System.out.printf("baselines: %s%n", sample.baselines().description());
    }

    // ---------------------------------------------------------------- the engine alone

    private static EngineFigures engineAlone(LayerSample sample, int threads, int runs) throws Exception {
        JobConfig config = sample.config();
        LayerExplainer explainer = new LayerExplainer(
                ModelCache.get(Path.of(config.model().path()), DeviceChoice.CPU).layerPath(),
                config.attribution().integration(), sample.baselines());
        TargetRule target = target(config.attribution().target());
        List<InputBatch> batches = batches(sample.inputs(), config.attribution().batchRows());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<AdaptiveAttributions>> work = batches.stream()
                    .<Callable<AdaptiveAttributions>>map(batch -> () -> explainer.explain(batch, target)).toList();
            double[] deltas = deltas(pool.invokeAll(work)); // the warm-up pass
            double[] seconds = new double[runs];
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                for (Future<AdaptiveAttributions> done : pool.invokeAll(work)) {
                    done.get();
                }
                seconds[run] = (System.nanoTime() - start) / 1e9;
            }
            return new EngineFigures(sample.rows(), median(seconds), deltas[0], deltas[1]);
        } finally {
            pool.shutdownNow();
        }
    }

    private static TargetRule target(TargetSpec spec) {
        if (spec instanceof TargetSpec.Predicted) {
            return new TargetRule.Predicted();
        }
        if (spec instanceof TargetSpec.Index index) {
            return new TargetRule.Fixed(index.index());
        }
        throw new IllegalArgumentException("the layer benchmark takes attribution.target = predicted or an index, not "
                + spec.describe());
    }

    /** The rows in batches of {@code batchRows}, copied once before timing (a task packs its own). */
    private static List<InputBatch> batches(InputBatch all, int batchRows) {
        List<InputBatch> batches = new ArrayList<>();
        for (int from = 0; from < all.rows(); from += batchRows) {
            batches.add(all.select(IntStream.range(from, Math.min(all.rows(), from + batchRows)).toArray()));
        }
        return batches;
    }

    /** Mean and largest |delta| over every result row. */
    private static double[] deltas(List<Future<AdaptiveAttributions>> results) throws Exception {
        double sum = 0;
        double max = 0;
        long count = 0;
        for (Future<AdaptiveAttributions> result : results) {
            for (float delta : result.get().attributions().deltas()) {
                sum += Math.abs(delta);
                max = Math.max(max, Math.abs(delta));
                count++;
            }
        }
        return new double[] {sum / count, max};
    }

    /** Seconds to tokenize every text in batches of the job's size, on one thread: median after a warm-up. */
    private static double tokenizerAlone(LayerSample sample, int runs) {
        var text = sample.config().tensors().text().orElseThrow();
        int batchRows = sample.config().attribution().batchRows();
        String[] texts = sample.texts();
        double[] seconds = new double[runs + 1];
        try (TextTokenizer tokenizer = TextTokenizer.of(sample.tokenizerJson(), text.maxLength(), text.addSpecialTokens())) {
            for (int run = 0; run <= runs; run++) {
                long start = System.nanoTime();
                for (int from = 0; from < texts.length; from += batchRows) {
                    String[] batch = Arrays.copyOfRange(texts, from, Math.min(texts.length, from + batchRows));
                    tokenizer.encode(batch, batch.length);
                }
                seconds[run] = (System.nanoTime() - start) / 1e9;
            }
        }
        return median(Arrays.copyOfRange(seconds, 1, seconds.length));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    // ---------------------------------------------------------------- the whole job

    private static JobConfig jobConfig(Path sampleConfig, Path output, Optional<Path> input) {
        List<String> settings = new ArrayList<>(List.of("spark.master=local[" + SLOTS + "]", "output.path=" + output,
                "output.mode=overwrite", "progress.interval=60s"));
        input.ifPresent(path -> settings.add("input.path=" + path));
        return ConfigLoader.load(Optional.of(sampleConfig), settings);
    }

    private static void sparkRow(SparkSession spark, Path sampleConfig, Path output, Optional<Path> input, LayerSample sample,
            EngineFigures engine, int runs, String label) throws Exception {
        JobConfig config = jobConfig(sampleConfig, output, input);
        RunSummary warmup = AuditPipeline.run(spark, config);
        checkSameWork(sample, engine, warmup, output);
        List<RunSummary> measured = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            measured.add(AuditPipeline.run(spark, config));
        }
        measured.sort(Comparator.comparingDouble(RunSummary::attributionSeconds));
        RunSummary median = measured.get(measured.size() / 2);
        System.out.printf("%-40s %10.2f %,12.0f %,12.0f %13.0f%% %14.2e%n", label, median.attributionSeconds(),
                median.rowsPerSecond(), median.attributedRows() / median.totalSeconds(),
                100 * median.rowsPerSecond() / engine.rowsPerSecond(), median.meanAbsDelta());
    }

    /**
     * Warns when the job did other work than the engine alone: other baselines (run.json), rows
     * left out, or a mean |delta| that does not match.
     */
    private static void checkSameWork(LayerSample sample, EngineFigures engine, RunSummary run, Path output) throws Exception {
        JsonNode written = JSON.readTree(output.resolve(OutputLocation.RUN_JSON).toFile()).at("/attribution/baseline");
        String jobBaselines = written.isMissingNode() ? "(none in run.json)" : written.asText();
        if (!jobBaselines.equals(sample.baselines().description())) {
            System.out.printf("WARNING: the job's baselines differ from the engine's: %s%n", jobBaselines);
        }
        if (run.rejectedRows() > 0) {
            System.out.printf("WARNING: the job left out %,d row(s)%n", run.rejectedRows());
        }
        // The same rows (repeated) give the same mean |delta|, up to float rounding in batches of another
        // composition: deltas near 1e-7 are rounding themselves, hence the absolute floor.
        if (Math.abs(run.meanAbsDelta() - engine.meanAbsDelta()) > Math.max(1e-3 * engine.meanAbsDelta(), 1e-6)) {
            System.out.printf("WARNING: the job's mean |delta| %.3e is not the engine's %.3e%n", run.meanAbsDelta(),
                    engine.meanAbsDelta());
        }
    }

    /** The sample's rows {@code times} over, ids renumbered to stay unique, in the sample's format. */
    private static Path repeatedInput(LayerSample sample, int times, Path work) throws Exception {
        String format = sample.config().input().format();
        List<ObjectNode> rows = SampleTable.read(Path.of(sample.config().input().path()), format);
        List<ObjectNode> repeated = new ArrayList<>(rows.size() * times);
        long id = 0;
        for (int copy = 0; copy < times; copy++) {
            for (ObjectNode row : rows) {
                ObjectNode copied = row.deepCopy();
                if (copied.has("id") && format.equals("csv")) {
                    copied.put("id", Long.toString(id)); // CSV cells are kept as text
                } else if (copied.has("id")) {
                    copied.put("id", id);
                }
                id++;
                repeated.add(copied);
            }
        }
        Path file = work.resolve(sample.name() + "-x" + times + "." + format);
        SampleTable.write(repeated, file, format);
        return file;
    }
}
