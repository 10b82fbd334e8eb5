package io.igaudit.bench;

import ai.djl.pytorch.jni.JniUtils;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.Quadrature;
import io.igaudit.ig.QuadratureRule;
import io.igaudit.ig.TargetRule;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.ModelException;
import io.igaudit.model.TorchScriptModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Benchmarks the IG engine on one TorchScript model: vectorised {@link IntegratedGradients} on
 * batches of rows against one forward+backward pass per (row, step), checks that both give the
 * same attributions, and prints a table of median times and rows per second.
 *
 * <p>Run it through {@code scripts/bench-engine.sh}; {@code --help} lists the arguments.
 */
public final class EngineBench {

    /** Fixed seed: every run explains the same inputs. */
    private static final long SEED = 20_240_917L;

    /** The explained output; every sample model has an output 0. */
    private static final TargetRule TARGET = new TargetRule.Fixed(0);

    /** Attributions may differ by float32 rounding only: vectorised sums steps in float, naive in double. */
    private static final double TOLERANCE = 1e-4;

    /** Input widths of the models in data-samples/, so that --features is optional for them. */
    private static final Map<String, Integer> SAMPLE_FEATURES = Map.of(
            "wide_mlp.pt", 256, "breast_cancer_mlp.pt", 30, "wine_mlp.pt", 13, "diabetes_mlp.pt", 10);

    private static final String USAGE = String.join("\n",
            "usage: EngineBench [--model PATH] [--features N] [--rows N] [--batch-rows N]",
            "                   [--naive-rows N] [--steps N] [--repeats N] [--threads N]",
            "  --model PATH      TorchScript file (default data-samples/wide_mlp.pt, found from the",
            "                    repo root or the job folder)",
            "  --features N      input width (known for the data-samples models)",
            "  --rows N          rows for the vectorised engine (default 1024)",
            "  --batch-rows N    rows per IntegratedGradients.attribute call (default 256)",
            "  --naive-rows N    rows for the naive one-pass-per-(row, step) way (default 20)",
            "  --steps N         Gauss-Legendre steps (default 50)",
            "  --repeats N       timed repeats after one warm-up run; the median is shown (default 5)",
            "  --threads N       libtorch intra-op threads (sets ai.djl.pytorch.num_threads before",
            "                    the engine starts; default: that property, else libtorch's choice)");

    private EngineBench() {}

    /** The benchmark's settings, from the command line. */
    record Settings(Path model, int features, int rows, int batchRows, int naiveRows, int steps,
            int repeats, int threads) {}

    /** One measured method: its median time and the attributions of its last run. */
    record Measurement(String method, int rows, int steps, double medianSeconds, float[] attributions) {

        /** Rows explained per second at the median time. */
        double rowsPerSecond() {
            return rows / medianSeconds;
        }
    }

    /** Runs the benchmark; exit status 2 for bad arguments, 1 for a model error or when the methods disagree. */
    public static void main(String[] args) {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EngineBench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.println(USAGE);
            return;
        }
        if (settings.threads() > 0) {
            // Read by DJL once, when the PyTorch engine starts (first model load below).
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(settings.threads()));
        }
        try {
            System.exit(run(settings) ? 0 : 1);
        } catch (ModelException e) {
            System.err.println("EngineBench: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Parses the arguments; null when help was asked for. */
    static Settings parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name VALUE, got '" + name + "'");
            }
            values.put(name.substring(2), args[++i]);
        }
        Path model = values.containsKey("model") ? Path.of(values.remove("model")) : defaultModel();
        Settings settings = new Settings(model,
                positive(values, "features", featuresOf(model)),
                positive(values, "rows", 1024),
                positive(values, "batch-rows", 256),
                positive(values, "naive-rows", 20),
                positive(values, "steps", JobDefaults.integration().steps()),
                positive(values, "repeats", 5),
                positive(values, "threads", 0));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + values.keySet());
        }
        if (settings.naiveRows() > settings.rows()) {
            throw new IllegalArgumentException("--naive-rows must not exceed --rows");
        }
        return settings;
    }

    /** data-samples/wide_mlp.pt from the repo root, else from the job folder. */
    private static Path defaultModel() {
        Path fromRoot = Path.of("data-samples", "wide_mlp.pt");
        return Files.exists(fromRoot) ? fromRoot : Path.of("..", "data-samples", "wide_mlp.pt");
    }

    /** The known input width of a sample model, or 0 when --features must be given. */
    private static int featuresOf(Path model) {
        Path name = model.getFileName();
        return name == null ? 0 : SAMPLE_FEATURES.getOrDefault(name.toString(), 0);
    }

    /** Removes and parses one integer argument; the fallback 0 means "required" except for threads. */
    private static int positive(Map<String, String> values, String name, int fallback) {
        String text = values.remove(name);
        if (text == null) {
            if (fallback == 0 && !name.equals("threads")) {
                throw new IllegalArgumentException("--" + name + " is needed for a model outside data-samples/");
            }
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive integer, got '" + text + "'");
    }

    /** Measures both methods, prints the check and the table; false when the methods disagree. */
    static boolean run(Settings settings) {
        TorchScriptModel model = ModelCache.get(settings.model(), DeviceChoice.CPU);
        float[] values = randomInputs(settings.rows() * settings.features());
        FeatureBatch inputs = FeatureBatch.of(values, settings.rows(), settings.features());
        FeatureBatch baseline = FeatureBatch.of(new float[settings.features()], 1, settings.features());
        printHeader(settings, model, baseline);

        Measurement vectorised = measureVectorised(settings, model, inputs, baseline);
        Measurement naive = measureNaive(settings, model, inputs, baseline);
        boolean agree = printCheck(vectorised, naive, settings.features());
        printTable(vectorised, naive);
        return agree;
    }

    /** Deterministic standard-normal inputs. */
    private static float[] randomInputs(int count) {
        Random random = new Random(SEED);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static void printHeader(Settings settings, TorchScriptModel model, FeatureBatch baseline) {
        int outputs = model.evaluate(baseline).width();
        System.out.printf(Locale.ROOT, "model %s: %d features -> %d output%s, target 0, zero baseline%n",
                settings.model(), settings.features(), outputs, outputs == 1 ? "" : "s");
        System.out.printf(Locale.ROOT,
                "gausslegendre %d steps, batches of %d rows, 1 warm-up + %d timed repeats (median), "
                        + "libtorch threads intra-op %d / inter-op %d, seed %d%n",
                settings.steps(), settings.batchRows(), settings.repeats(),
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(), SEED);
        System.out.println(model.usesAffineHead()
                ? "vectorised path: affine head (the model exports ig_affine_head/ig_tail: first layer once per row); "
                        + "the naive way runs every layer per (row, step)"
                : "vectorised path: plain (every layer per step)");
        if (settings.repeats() < 5) {
            System.out.println("note: fewer than 5 repeats, the median is rough");
        }
    }

    /** IntegratedGradients.attribute on consecutive batches of rows. */
    private static Measurement measureVectorised(
            Settings settings, TorchScriptModel model, FeatureBatch inputs, FeatureBatch baseline) {
        IntegratedGradients ig = new IntegratedGradients(
                model, JobDefaults.integration().withRule(QuadratureRule.GAUSS_LEGENDRE, settings.steps()));
        List<FeatureBatch> batches = split(inputs, settings.batchRows());
        String method = "vectorised (" + settings.batchRows() + "-row batches)";
        return measure(method, settings, settings.rows(), () -> attributeAll(ig, batches, baseline));
    }

    /** One forward+backward per (row, step), with a 1-row batch and a 1-node quadrature. */
    private static Measurement measureNaive(
            Settings settings, TorchScriptModel model, FeatureBatch inputs, FeatureBatch baseline) {
        Quadrature quadrature = QuadratureRule.GAUSS_LEGENDRE.quadrature(settings.steps());
        List<Quadrature> nodes = new ArrayList<>();
        for (int k = 0; k < settings.steps(); k++) {
            nodes.add(quadrature.slice(k, k + 1)); // sliced once, outside the timed runs
        }
        List<FeatureBatch> rows = new ArrayList<>();
        for (int r = 0; r < settings.naiveRows(); r++) {
            rows.add(inputs.row(r));
        }
        return measure("naive (1 row x 1 step per pass)", settings, settings.naiveRows(),
                () -> naiveAll(model, rows, baseline, nodes));
    }

    /** The batches of at most {@code batchRows} rows that make up {@code inputs}, in order. */
    private static List<FeatureBatch> split(FeatureBatch inputs, int batchRows) {
        float[] values = inputs.toArray();
        int width = inputs.elementsPerRow();
        List<FeatureBatch> batches = new ArrayList<>();
        for (int from = 0; from < inputs.rows(); from += batchRows) {
            int rows = Math.min(batchRows, inputs.rows() - from);
            float[] slice = Arrays.copyOfRange(values, from * width, (from + rows) * width);
            batches.add(FeatureBatch.of(slice, rows, inputs.rowShape()));
        }
        return batches;
    }

    private static float[] attributeAll(IntegratedGradients ig, List<FeatureBatch> batches, FeatureBatch baseline) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (FeatureBatch batch : batches) {
            Attributions attributions = ig.attribute(batch, baseline, TARGET);
            parts.add(attributions.values());
            total += attributions.values().length;
        }
        float[] all = new float[total];
        int offset = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    /** IG row by row and step by step, the step sums kept in double, then times (x - x'). */
    private static float[] naiveAll(
            TorchScriptModel model, List<FeatureBatch> rows, FeatureBatch baseline, List<Quadrature> nodes) {
        int width = baseline.elementsPerRow();
        float[] xPrime = baseline.toArray();
        int[] target = {0};
        float[] all = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            double[] sum = new double[width];
            for (Quadrature node : nodes) {
                float[] gradient = model.weightedGradients(rows.get(r), baseline, node, target);
                for (int i = 0; i < width; i++) {
                    sum[i] += gradient[i];
                }
            }
            float[] x = rows.get(r).toArray();
            for (int i = 0; i < width; i++) {
                all[r * width + i] = (float) (sum[i] * ((double) x[i] - xPrime[i]));
            }
        }
        return all;
    }

    /** One warm-up run (libtorch's profiling executor optimises on the first calls), then the median of the repeats. */
    private static Measurement measure(String method, Settings settings, int rows, Supplier<float[]> work) {
        float[] last = work.get();
        double[] seconds = new double[settings.repeats()];
        for (int i = 0; i < seconds.length; i++) {
            long start = System.nanoTime();
            last = work.get();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return new Measurement(method, rows, settings.steps(), median(seconds), last);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Compares the naive rows with the same rows of the vectorised run; true when they agree. */
    private static boolean printCheck(Measurement vectorised, Measurement naive, int features) {
        float[] expected = naive.attributions();
        double maxDifference = 0;
        double maxMagnitude = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDifference = Math.max(maxDifference, Math.abs(vectorised.attributions()[i] - expected[i]));
            maxMagnitude = Math.max(maxMagnitude, Math.abs(expected[i]));
        }
        boolean agree = maxDifference <= TOLERANCE * Math.max(1.0, maxMagnitude);
        System.out.printf(Locale.ROOT,
                "check: max |vectorised - naive| = %.3g over the first %d rows x %d features "
                        + "(largest |attribution| %.3g): %s%n",
                maxDifference, naive.rows(), features, maxMagnitude, agree ? "same" : "MISMATCH");
        return agree;
    }

    private static void printTable(Measurement vectorised, Measurement naive) {
        String format = "%-34s %6s %6s %10s %10s %9s%n";
        System.out.printf(Locale.ROOT, format, "method", "rows", "steps", "median s", "rows/s", "speedup");
        for (Measurement m : List.of(vectorised, naive)) {
            System.out.printf(Locale.ROOT, format, m.method(), m.rows(), m.steps(),
                    String.format(Locale.ROOT, "%.4f", m.medianSeconds()),
                    String.format(Locale.ROOT, "%.1f", m.rowsPerSecond()),
                    String.format(Locale.ROOT, "%.1fx", m.rowsPerSecond() / naive.rowsPerSecond()));
        }
    }
}
