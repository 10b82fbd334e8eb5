package io.igaudit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.InputBatch;
import io.igaudit.ig.InputTensor;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.LayerIntegratedGradients;
import io.igaudit.ig.TargetRule;
import io.igaudit.model.CpuConvolutions;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.Processor;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.model.TorchEngine;
import io.igaudit.model.TorchThreads;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Convolution models with libtorch's two CPU kernels, as one task slot runs them (1 libtorch
 * thread), Gauss–Legendre 50 steps, 256 rows per call:
 *
 * <ol>
 *   <li>the self-check's cost ({@code requireIndependentRows} on a fresh model, first call) on dense
 *       models, where it passes and switches nothing;</li>
 *   <li>rows/s of IG on the digits CNN (2-D convolutions, max pooling, plain path) and on a text
 *       model with a 1-D convolution over its embeddings (layer path), median of {@code RUNS} passes
 *       after a warm-up, with oneDNN's kernels (libtorch's default), then with the reference
 *       kernels, and the mean and largest |convergence delta| of each; where oneDNN's batched
 *       gradients are wrong, its deltas show it;</li>
 *   <li>the self-check's cost on the conv models, including its switch where it makes one.</li>
 * </ol>
 * oneDNN runs with the instruction-set cap of this JVM ({@link TorchEngine}: the environment's, or
 * IG Audit's own on a processor that needs one). With {@code onednn-only} it stops after oneDNN's
 * figures (for runs under other caps, which only take effect before libtorch loads).
 *
 * <p>Usage: {@code ConvKernelsBench [RUNS [ROWS [onednn-only]]]} (defaults 5, 1024), from the
 * repository root; scripts/bench-conv.sh runs it.
 */
public final class ConvKernelsBench {

    private static final int BATCH_ROWS = 256;
    private static final int TEXT_LENGTH = 12;
    private static final int TEXT_VOCABULARY = 24;
    private static final List<String> DENSE_MODELS = List.of("breast_cancer_mlp.pt:30", "wine_mlp.pt:13", "wide_mlp_plain.pt:256");

    private ConvKernelsBench() {}

    /** One measured configuration. */
    private record Figures(double rowsPerSecond, double meanAbsDelta, double maxAbsDelta) {}

    /** Prints the tables. */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        boolean oneDnnOnly = args.length > 2 && args[2].equals("onednn-only");
        TorchThreads.configure(1);
        String isa = TorchEngine.oneDnnIsaCap().orElse("(not set)");
        System.out.printf("processor: %s; ONEDNN_MAX_CPU_ISA %s; 1 libtorch thread; Gauss-Legendre 50; %d rows, %d per call;"
                + " median of %d passes%n", Processor.describe(), isa, rows, BATCH_ROWS, runs);

        System.out.println("\nself-check on dense models (first call on a fresh model; switches nothing):");
        for (String dense : DENSE_MODELS) {
            String[] nameAndWidth = dense.split(":");
            int width = Integer.parseInt(nameAndWidth[1]);
            TorchScriptModel model = ModelCache.get(Path.of("data-samples", nameAndWidth[0]), DeviceChoice.CPU);
            FeatureBatch probe = randomRows(4, new int[] {width}, 1, 3);
            System.out.printf("  %-22s %7.1f ms%n", nameAndWidth[0], millis(() -> {
                model.requireIndependentRows(probe);
                return null;
            }));
        }

        FeatureBatch digits = digitRows(rows);
        InputBatch text = textRows(rows);
        TorchScriptModel digitsModel = TorchScriptModel.load(Path.of("data-samples/digits_cnn.pt"), DeviceChoice.CPU);
        TorchScriptModel textModel = TorchScriptModel.load(Path.of("data-samples/test-models/conv_text.pt"), DeviceChoice.CPU);
        System.out.println("\nrows/s and |delta| by kernels (oneDNN is libtorch's default):");
        System.out.printf("  %-34s %-10s %10s %14s %13s%n", "model", "kernels", "rows/s", "mean |delta|", "max |delta|");
        List<String> kernels = oneDnnOnly ? List.of("oneDNN") : List.of("oneDNN", "reference");
        for (String kind : kernels) {
            if (kind.equals("reference")) {
                CpuConvolutions.useReferenceKernels();
            }
            print("digits CNN (2-D conv, plain)", kind, plain(digitsModel, digits, runs));
            print("conv text (1-D conv, layer)", kind, layer(textModel, text, runs));
        }
        if (oneDnnOnly) {
            return;
        }
        System.out.println("\nself-check on the conv models (first call on a fresh model, in a process already on the reference kernels):");
        for (String name : List.of("data-samples/digits_cnn.pt", "data-samples/test-models/conv_text.pt")) {
            try (TorchScriptModel fresh = TorchScriptModel.load(Path.of(name), DeviceChoice.CPU)) {
                double ms = name.endsWith("digits_cnn.pt")
                        ? millis(() -> {
                            fresh.requireIndependentRows(digits.select(new int[] {0, 1, 2, 3}));
                            return null;
                        })
                        : millis(() -> {
                            fresh.layerPath().requireIndependentRows(text.firstRows(4));
                            return null;
                        });
                System.out.printf("  %-40s %7.1f ms%n", name, ms);
            }
        }
    }

    private static Figures plain(TorchScriptModel model, FeatureBatch rows, int runs) {
        IntegratedGradients ig = new IntegratedGradients(model, JobDefaults.integration());
        FeatureBatch black = FeatureBatch.of(new float[rows.elementsPerRow()], 1, rows.rowShape());
        return timed(runs, rows.rows(), () -> {
            List<Attributions> parts = new ArrayList<>();
            for (int from = 0; from < rows.rows(); from += BATCH_ROWS) {
                parts.add(ig.attribute(rows.select(range(from, Math.min(rows.rows(), from + BATCH_ROWS))), black,
                        new TargetRule.Fixed(0)));
            }
            return parts;
        });
    }

    private static Figures layer(TorchScriptModel model, InputBatch rows, int runs) {
        LayerIntegratedGradients ig = new LayerIntegratedGradients(model.layerPath(), JobDefaults.integration());
        return timed(runs, rows.rows(), () -> {
            List<Attributions> parts = new ArrayList<>();
            for (int from = 0; from < rows.rows(); from += BATCH_ROWS) {
                InputBatch batch = rows.select(range(from, Math.min(rows.rows(), from + BATCH_ROWS)));
                int[] targets = new int[batch.rows()];
                parts.add(ig.attribute(batch, baselineOf(batch), new int[][] {targets}));
            }
            return parts;
        });
    }

    /** A warm-up pass, then the median of the timed ones; the deltas of the warm-up pass. */
    private static Figures timed(int runs, int rows, Supplier<List<Attributions>> pass) {
        List<Attributions> warmUp = pass.get();
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            pass.get();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        double sum = 0;
        double max = 0;
        for (Attributions part : warmUp) {
            for (float delta : part.deltas()) {
                sum += Math.abs(delta);
                max = Math.max(max, Math.abs(delta));
            }
        }
        return new Figures(rows / seconds[runs / 2], sum / rows, max);
    }

    private static void print(String model, String kernels, Figures figures) {
        System.out.printf(Locale.ROOT, "  %-34s %-10s %,10.0f %14.4g %13.4g%n", model, kernels, figures.rowsPerSecond(),
                figures.meanAbsDelta(), figures.maxAbsDelta());
    }

    private static double millis(Supplier<Object> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1e6;
    }

    /** The digits sample's pixels (scikit-learn's 8×8 images, 0..16), repeated up to {@code rows}. */
    private static FeatureBatch digitRows(int rows) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<float[]> images = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(Path.of("data-samples/digits.json"))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode pixels = json.readTree(line).get("pixels");
                float[] image = new float[pixels.size()];
                for (int i = 0; i < image.length; i++) {
                    image[i] = (float) pixels.get(i).asDouble();
                }
                images.add(image);
            }
        }
        float[] values = new float[rows * 64];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(images.get(r % images.size()), 0, values, r * 64, 64);
        }
        return FeatureBatch.of(values, rows, 1, 8, 8);
    }

    /** Token ids as the test model takes them: CLS, 3..10 random words, SEP, padding. */
    private static InputBatch textRows(int rows) {
        Random random = new Random(21);
        long[] ids = new long[rows * TEXT_LENGTH];
        long[] mask = new long[ids.length];
        for (int r = 0; r < rows; r++) {
            int words = 3 + random.nextInt(TEXT_LENGTH - 4);
            ids[r * TEXT_LENGTH] = 1;
            for (int w = 1; w <= words; w++) {
                ids[r * TEXT_LENGTH + w] = 3 + random.nextInt(TEXT_VOCABULARY - 3);
            }
            ids[r * TEXT_LENGTH + words + 1] = 2;
            for (int t = 0; t < TEXT_LENGTH; t++) {
                mask[r * TEXT_LENGTH + t] = ids[r * TEXT_LENGTH + t] != 0 ? 1 : 0;
            }
        }
        return InputBatch.of(InputTensor.ofLongs("ids", ids, rows, TEXT_LENGTH), InputTensor.ofLongs("mask", mask, rows, TEXT_LENGTH));
    }

    /** The words replaced by id 3 (CLS 1, SEP 2 and padding 0 kept), the mask unchanged. */
    private static InputBatch baselineOf(InputBatch rows) {
        long[] ids = rows.tensor("ids").toLongArray();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ids[i] <= 2 ? ids[i] : 3;
        }
        return InputBatch.of(InputTensor.ofLongs("ids", ids, rows.rows(), TEXT_LENGTH), rows.tensor("mask"));
    }

    private static FeatureBatch randomRows(int rows, int[] rowShape, float scale, long seed) {
        int elements = Arrays.stream(rowShape).reduce(1, (a, b) -> a * b);
        Random random = new Random(seed);
        float[] values = new float[rows * elements];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return FeatureBatch.of(values, rows, rowShape);
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }
}
