package io.igaudit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.TargetRule;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.model.TorchThreads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * per pass). A model that exports the affine-head split (see {@link TorchScriptModel}) is measured
 * both ways: the plain path, and the fast path that runs the first layer's products once per row
 * instead of once per step; the knobs are swept on the path the job takes.
 *
 * <p>Usage: {@code GemmLimitBench [MODEL] [LAYERS e.g. 256,512,512,10] [ROWS] [THREADS]}.
 * THREADS Java threads each call libtorch with one intra-op thread, as Spark task slots do.
 */
public final class GemmLimitBench {

    /** The engine runs with the job's default steps. */
    private static final int STEPS = JobDefaults.integration().steps();
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
        TorchScriptModel plainModel = model.usesAffineHead() ? TorchScriptModel.load(modelPath, DeviceChoice.CPU, false) : model;
        int features = layers[0];
        float[] inputs = randomValues(rows * features, 1);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int batchRows = 256;
            System.out.printf("%nEngine vs the same-shape matrix products: %s %s, %,d rows, %d Gauss-Legendre steps, "
                    + "zero baseline, %d thread(s) x 1 libtorch thread, median of %d%n",
                    modelPath.getFileName(), Arrays.toString(layers), rows, STEPS, threads, REPEATS);
            System.out.printf("%-34s %10s %10s %12s %10s %10s %8s%n",
                    "path", "MFLOP/row", "seconds", "rows/s", "GFLOP/s", "GEMM GF/s", "ratio");
            compareWithProducts("plain (every layer per step)", plainModel, false, pool, layers, inputs, rows, batchRows);
            if (model.usesAffineHead()) {
                compareWithProducts("affine head (first layer per row)", model, true, pool, layers, inputs, rows, batchRows);
            }
            System.out.println("MFLOP/row: forward + input-gradient backward, 2 FLOPs per multiply-add; GEMM GF/s: the "
                    + "same products alone; ratio: engine GFLOP/s / GEMM GFLOP/s");

            String path = model.usesAffineHead() ? "affine-head path" : "plain path";
            long defaultBound = JobDefaults.integration().maxElementsPerPass();
            System.out.printf("%nKnobs (%s): rows per batch (memory bound %,d elements per pass)%n", path, defaultBound);
            System.out.printf("%-16s %12s%n", "batch rows", "rows/s");
            for (int batch : new int[] {16, 32, 64, 128, 256, 512, 1024}) {
                double seconds = median(() -> runEngine(pool, model, inputs, rows, features, batch, defaultBound));
                System.out.printf("%-16d %,12.0f%n", batch, rows / seconds);
            }
            // The fast path bounds the head's output per pass, the plain path the inputs.
            long elementsPerStep = 256L * (model.usesAffineHead() ? layers[1] : features);
            System.out.printf("%nKnobs (%s): memory bound, elements per pass (256-row batches = %,d elements per step)%n",
                    path, elementsPerStep);
            System.out.printf("%-16s %8s %12s%n", "elements", "passes", "rows/s");
            for (long bound : new long[] {1L << 16, 1L << 17, 1L << 18, 1L << 19, 1L << 20, 1L << 22, 1L << 24}) {
                double seconds = median(() -> runEngine(pool, model, inputs, rows, features, 256, bound));
                long passes = (long) Math.ceil(STEPS / (double) Math.max(1, bound / elementsPerStep));
                System.out.printf("%-16s %8d %,12.0f%n", String.format("%,d", bound), passes, rows / seconds);
            }
        } finally {
            pool.shutdownNow();
            if (plainModel != model) {
                plainModel.close();
            }
        }
    }

    /** One row of the engine-vs-products table: the engine on one path, and the products that path makes. */
    private static void compareWithProducts(String label, TorchScriptModel model, boolean headPerRow, ExecutorService pool,
            int[] layers, float[] inputs, int rows, int batchRows) throws Exception {
        double flopsPerRow = 0;
        for (int i = 0; i + 1 < layers.length; i++) {
            long macs = (long) layers[i] * layers[i + 1];
            // the head's two products (forward at x, backward once) per row; other layers two per step
            flopsPerRow += 2.0 * 2.0 * macs * (headPerRow && i == 0 ? 1 : STEPS);
        }
        double engineSeconds = median(() -> runEngine(pool, model, inputs, rows, layers[0], batchRows,
                JobDefaults.integration().maxElementsPerPass()));
        double gemmSeconds = median(() -> runGemms(pool, layers, rows, batchRows, headPerRow));
        double engineGflops = flopsPerRow * rows / engineSeconds / 1e9;
        double gemmGflops = flopsPerRow * rows / gemmSeconds / 1e9;
        System.out.printf("%-34s %10.1f %10.3f %,12.0f %10.1f %10.1f %7.0f%%%n", label, flopsPerRow / 1e6, engineSeconds,
                rows / engineSeconds, engineGflops, gemmGflops, 100 * engineGflops / gemmGflops);
    }

    /** IG for all rows in batches spread over the pool. */
    private static void runEngine(ExecutorService pool, TorchScriptModel model, float[] inputs, int rows, int features,
            int batchRows, long maxElements) throws Exception {
        IntegratedGradients engine = new IntegratedGradients(model, JobDefaults.integration().withMaxElementsPerPass(maxElements));
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

    /** Per thread and point count: activations, transposed weights and output gradients of every layer, made once. */
    private static final ThreadLocal<Map<Integer, NDArray[]>> OPERANDS = ThreadLocal.withInitial(HashMap::new);
    private static final NDManager OPERAND_MANAGER = NDManager.newBaseManager();

    /**
     * The products one IG pass makes, per batch: X·W_i for the forward, G·W_i back to the inputs;
     * {@code headPerRow} makes the first layer's on one point per row instead of one per step.
     */
    private static void runGemms(ExecutorService pool, int[] layers, int rows, int batchRows, boolean headPerRow)
            throws Exception {
        List<Callable<Object>> work = new ArrayList<>();
        for (int first = 0; first < rows; first += batchRows) {
            work.add(() -> {
                NDArray[] perStep = operands(layers, batchRows * STEPS);
                NDArray[] perRow = headPerRow ? operands(layers, batchRows) : perStep;
                for (int i = 0; i + 1 < layers.length; i++) {
                    NDArray[] operands = headPerRow && i == 0 ? perRow : perStep;
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
        NDArray[] operands = OPERANDS.get().get(points);
        if (operands == null) {
            operands = new NDArray[3 * (layers.length - 1)];
            for (int i = 0; i + 1 < layers.length; i++) {
                operands[3 * i] = OPERAND_MANAGER.randomNormal(new Shape(points, layers[i]));
                operands[3 * i + 1] = OPERAND_MANAGER.randomNormal(new Shape(layers[i], layers[i + 1]));
                operands[3 * i + 2] = OPERAND_MANAGER.randomNormal(new Shape(points, layers[i + 1]));
            }
            OPERANDS.get().put(points, operands);
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
