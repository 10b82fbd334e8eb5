package io.igaudit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.TargetRule;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.model.TorchThreads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The engine against the machine's limit: rows/s and GFLOP/s of IG on an MLP next to the GFLOP/s
 * of plain matrix products of the same shapes (the forward products and the input-gradient
 * products of the backward pass; parameters are frozen, so there are no weight-gradient
 * products), in the same libtorch on the same threads; then the knobs (rows per batch, elements
 * per pass).
 *
 * <p>Usage: {@code GemmLimitBench [MODEL] [LAYERS e.g. 256,512,512,10] [ROWS] [THREADS]}.
 * THREADS Java threads each call libtorch with one intra-op thread, as Spark task slots do.
 */
public final class GemmLimitBench {

    private static final int STEPS = 50;
    private static final int REPEATS = 5;

    private GemmLimitBench() {}

    /** Runs the comparison and the knob sweep, printing tables. */
    public static void main(String[] args) throws Exception {
        Path modelPath = Path.of(args.length > 0 ? args[0] : "data-samples/wide_mlp.pt").toAbsolutePath();
        int[] layers = Arrays.stream((args.length > 1 ? args[1] : "256,512,512,10").split(",")).mapToInt(Integer::parseInt).toArray();
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        TorchThreads.configure(1);
        TorchScriptModel model = ModelCache.get(modelPath, DeviceChoice.CPU);
        int features = layers[0];
        float[] inputs = randomValues(rows * features, 1);

        long macsPerPoint = 0;
        for (int i = 0; i + 1 < layers.length; i++) {
            macsPerPoint += (long) layers[i] * layers[i + 1];
        }
        // Forward and input-gradient backward: two products per layer, 2 FLOPs per multiply-add.
        double flopsPerRow = 2.0 * 2.0 * macsPerPoint * STEPS;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int batchRows = 256;
            double engineSeconds = median(() -> runEngine(pool, model, inputs, rows, features, batchRows, IgOptions.DEFAULT_MAX_ELEMENTS_PER_PASS));
            double gemmSeconds = median(() -> runGemms(pool, layers, rows, batchRows));
            double engineRate = rows / engineSeconds;
            System.out.printf("%nEngine vs the same-shape matrix products: %s %s, %,d rows, %d Gauss-Legendre steps, "
                    + "zero baseline, %d thread(s) x 1 libtorch thread, median of %d%n",
                    modelPath.getFileName(), Arrays.toString(layers), rows, STEPS, threads, REPEATS);
            System.out.printf("FLOPs per row (forward + input-gradient backward): %.1f MFLOP%n", flopsPerRow / 1e6);
            System.out.printf("%-40s %10s %12s %10s%n", "what", "seconds", "rows/s", "GFLOP/s");
            System.out.printf("%-40s %10.3f %,12.0f %10.1f%n", "IG engine (256-row batches)", engineSeconds, engineRate,
                    flopsPerRow * rows / engineSeconds / 1e9);
            System.out.printf("%-40s %10.3f %12s %10.1f%n", "matrix products alone, same shapes", gemmSeconds, "-",
                    flopsPerRow * rows / gemmSeconds / 1e9);
            System.out.printf("engine / matrix products: %.0f%%%n", 100.0 * gemmSeconds / engineSeconds);

            System.out.printf("%nKnobs: rows per batch (memory bound %,d elements per pass)%n", IgOptions.DEFAULT_MAX_ELEMENTS_PER_PASS);
            System.out.printf("%-16s %12s%n", "batch rows", "rows/s");
            for (int batch : new int[] {16, 32, 64, 128, 256, 512, 1024}) {
                double seconds = median(() -> runEngine(pool, model, inputs, rows, features, batch, IgOptions.DEFAULT_MAX_ELEMENTS_PER_PASS));
                System.out.printf("%-16d %,12.0f%n", batch, rows / seconds);
            }
            System.out.printf("%nKnobs: memory bound, elements per pass (256-row batches = %,d elements per step)%n", 256 * features);
            System.out.printf("%-16s %8s %12s%n", "elements", "passes", "rows/s");
            for (long bound : new long[] {1L << 16, 1L << 17, 1L << 18, 1L << 19, 1L << 20, 1L << 22, 1L << 24}) {
                double seconds = median(() -> runEngine(pool, model, inputs, rows, features, 256, bound));
                long passes = (long) Math.ceil(STEPS / (double) Math.max(1, bound / (256L * features)));
                System.out.printf("%-16s %8d %,12.0f%n", String.format("%,d", bound), passes, rows / seconds);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** IG for all rows in batches spread over the pool. */
    private static void runEngine(ExecutorService pool, TorchScriptModel model, float[] inputs, int rows, int features,
            int batchRows, long maxElements) throws Exception {
        IntegratedGradients engine = new IntegratedGradients(model, IgOptions.defaults().withMaxElementsPerPass(maxElements));
        FeatureBatch zeros = FeatureBatch.of(new float[features], 1, features);
        List<Callable<Object>> work = new ArrayList<>();
        for (int first = 0; first < rows; first += batchRows) {
            int from = first;
            int count = Math.min(batchRows, rows - first);
            FeatureBatch batch = FeatureBatch.of(Arrays.copyOfRange(inputs, from * features, (from + count) * features), count, features);
            work.add(() -> engine.attribute(batch, zeros, new TargetRule.Fixed(0)));
        }
        for (Future<Object> f : pool.invokeAll(work)) {
            f.get();
        }
    }

    /** Per thread: activations, transposed weights and output gradients of every layer, made once. */
    private static final ThreadLocal<NDArray[]> OPERANDS = new ThreadLocal<>();
    private static final NDManager OPERAND_MANAGER = NDManager.newBaseManager();

    /** The products one IG pass makes, per batch: X·W_i for the forward, G·W_i back to the inputs. */
    private static void runGemms(ExecutorService pool, int[] layers, int rows, int batchRows) throws Exception {
        List<Callable<Object>> work = new ArrayList<>();
        for (int first = 0; first < rows; first += batchRows) {
            int points = batchRows * STEPS;
            work.add(() -> {
                NDArray[] operands = operands(layers, points);
                for (int i = 0; i + 1 < layers.length; i++) {
                    NDArray weightsT = operands[3 * i + 1];
                    operands[3 * i].matMul(weightsT).close(); // forward: (P, in) x (in, out)
                    operands[3 * i + 2].matMul(weightsT.transpose()).close(); // backward: (P, out) x (out, in)
                }
                return null;
            });
        }
        for (Future<Object> f : pool.invokeAll(work)) {
            f.get();
        }
    }

    /** Random operands for this thread (made in the warm-up run, reused by the timed ones). */
    private static NDArray[] operands(int[] layers, int points) {
        NDArray[] operands = OPERANDS.get();
        if (operands == null) {
            operands = new NDArray[3 * (layers.length - 1)];
            for (int i = 0; i + 1 < layers.length; i++) {
                operands[3 * i] = OPERAND_MANAGER.randomNormal(new Shape(points, layers[i]));
                operands[3 * i + 1] = OPERAND_MANAGER.randomNormal(new Shape(layers[i], layers[i + 1]));
                operands[3 * i + 2] = OPERAND_MANAGER.randomNormal(new Shape(points, layers[i + 1]));
            }
            OPERANDS.set(operands);
        }
        return operands;
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Median seconds of REPEATS runs after one warm-up. */
    private static double median(Work work) throws Exception {
        work.run();
        double[] seconds = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            work.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[REPEATS / 2];
    }

    private static float[] randomValues(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
