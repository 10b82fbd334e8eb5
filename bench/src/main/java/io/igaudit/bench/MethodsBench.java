package io.igaudit.bench;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.AdaptiveSteps;
import io.igaudit.ig.BackgroundRows;
import io.igaudit.ig.BaselineSource;
import io.igaudit.ig.BlurredBaseline;
import io.igaudit.ig.ExplainPlan;
import io.igaudit.ig.Explainer;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.Method;
import io.igaudit.ig.NoiseOptions;
import io.igaudit.ig.NoiseType;
import io.igaudit.ig.TargetRule;
import io.igaudit.ig.UniformNoiseBaseline;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.model.TorchThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Rows/s of each attribution method on the bundled samples, engine only (no Spark): Integrated
 * Gradients with 50 Gauss–Legendre steps as the reference point, adaptive steps, the image
 * baselines, Expected Gradients, SmoothGrad over IG, and all targets in one pass. The first 512
 * rows of each sample, one libtorch thread, batches of 256 rows, median of 5 timed runs after one
 * warm-up run; the mean |delta| of
 * each method is printed beside its speed.
 *
 * <p>Usage: {@code MethodsBench [DATA_SAMPLES_DIR]}.
 */
public final class MethodsBench {

    private static final int BATCH_ROWS = 256;
    /** Rows timed per sample: enough for steady rates, few enough that the slow methods finish in seconds. */
    private static final int ROWS = 512;
    private static final int RUNS = 5;
    private static final int STEPS = 50;
    private static final long SEED = 7;

    private MethodsBench() {}

    private record Sample(String name, TorchScriptModel model, float[] rows, int count, int[] rowShape, int outputs) {
        int elements() {
            return rows.length / count;
        }
    }

    private record Case(String label, ExplainPlan plan, TargetRule target) {}

    /** Prints one table per sample. */
    public static void main(String[] args) throws IOException {
        Path samples = Path.of(args.length > 0 ? args[0] : "data-samples");
        TorchThreads.configure(1);
        Sample breastCancer = csvSample(samples, "breast_cancer", 30);
        Sample digits = digitsSample(samples);
        System.out.printf("Methods, engine only: 1 libtorch thread, %d rows per batch, median of %d runs%n", BATCH_ROWS, RUNS);
        run(breastCancer, List.of(
                ig("IG, 50 Gauss-Legendre steps", zeros(breastCancer), null, null, predicted()),
                ig("IG, steps = auto (tolerance 0.05)", zeros(breastCancer), JobDefaults.adaptiveSteps(0.05), null, predicted()),
                eg(breastCancer, "Expected Gradients, 50 samples", null, predicted()),
                ig("IG 50 + SmoothGrad, 10 copies", zeros(breastCancer), null, noise(10, 0.1), predicted()),
                ig("IG 50, both outputs in one pass", zeros(breastCancer), null, null, all(breastCancer))));
        run(digits, List.of(
                ig("IG, 50 steps, black baseline", zeros(digits), null, null, predicted()),
                ig("IG, 50 steps, blur baseline (sigma 1)", new BlurredBaseline(1.0), null, null, predicted()),
                ig("IG, 50 steps, uniform baseline (5 draws)", new UniformNoiseBaseline(0f, 16f, 5), null, null, predicted()),
                eg(digits, "Expected Gradients, 50 samples", null, predicted()),
                ig("IG 50 + SmoothGrad, 10 copies (stdev 1)", zeros(digits), null, noise(10, 1.0), predicted()),
                ig("IG 50, all 10 outputs in one pass", zeros(digits), null, null, all(digits)),
                eg(digits, "Expected Gradients 50, all 10 outputs", null, all(digits))));
    }

    private static void run(Sample sample, List<Case> cases) {
        System.out.printf("%n%s: the first %,d rows of shape %s, %d outputs%n", sample.name(), sample.count(),
                Arrays.toString(sample.rowShape()), sample.outputs());
        System.out.printf("%-44s %12s %14s %14s%n", "method", "rows/s", "output rows/s", "mean |delta|");
        for (Case c : cases) {
            Explainer explainer = new Explainer(sample.model(), c.plan());
            double meanAbsDelta = meanAbsDelta(attributeAll(explainer, sample, c.target()));
            double[] seconds = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                attributeAll(explainer, sample, c.target());
                seconds[run] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            double rowsPerSecond = sample.count() / seconds[RUNS / 2];
            System.out.printf("%-44s %,12.0f %,14.0f %14.2e%n", c.label(), rowsPerSecond,
                    rowsPerSecond * c.target().perRow(), meanAbsDelta);
        }
    }

    private static List<AdaptiveAttributions> attributeAll(Explainer explainer, Sample sample, TargetRule target) {
        List<AdaptiveAttributions> results = new ArrayList<>();
        int elements = sample.elements();
        for (int from = 0; from < sample.count(); from += BATCH_ROWS) {
            int rows = Math.min(BATCH_ROWS, sample.count() - from);
            float[] batch = Arrays.copyOfRange(sample.rows(), from * elements, (from + rows) * elements);
            results.add(explainer.explain(FeatureBatch.of(batch, rows, sample.rowShape()), target));
        }
        return results;
    }

    private static double meanAbsDelta(List<AdaptiveAttributions> results) {
        double sum = 0;
        long rows = 0;
        for (AdaptiveAttributions result : results) {
            for (float delta : result.attributions().deltas()) {
                sum += Math.abs(delta);
                rows++;
            }
        }
        return sum / rows;
    }

    private static Case ig(String label, BaselineSource baselines, AdaptiveSteps adaptive,
            NoiseOptions noise, TargetRule target) {
        IgOptions options = JobDefaults.integration();
        return new Case(label, new ExplainPlan(Method.INTEGRATED_GRADIENTS, options.withRule(options.rule(), STEPS), adaptive,
                baselines, null, 0, noise, SEED), target);
    }

    private static Case eg(Sample sample, String label, NoiseOptions noise, TargetRule target) {
        // The background: every 4th row of the sample, as a stand-in for a drawn background set.
        int elements = sample.elements();
        int backgroundRows = (sample.count() + 3) / 4;
        float[] background = new float[backgroundRows * elements];
        for (int r = 0; r < backgroundRows; r++) {
            System.arraycopy(sample.rows(), 4 * r * elements, background, r * elements, elements);
        }
        return new Case(label, new ExplainPlan(Method.EXPECTED_GRADIENTS, JobDefaults.integration(), null, null,
                new BackgroundRows(background, backgroundRows), STEPS, noise, SEED), target);
    }

    private static BaselineSource zeros(Sample sample) {
        return new FixedBaselines(new float[sample.elements()], 1, sample.rowShape(), "zeros");
    }

    private static NoiseOptions noise(int copies, double stdev) {
        return new NoiseOptions(copies, stdev, NoiseType.SMOOTHGRAD);
    }

    private static TargetRule predicted() {
        return new TargetRule.Predicted();
    }

    private static TargetRule all(Sample sample) {
        return new TargetRule.Several(IntStream.range(0, sample.outputs()).toArray());
    }

    /** A tabular sample: the feature columns after the id column of {@code NAME.csv}, with {@code NAME_mlp.pt}. */
    private static Sample csvSample(Path samples, String name, int features) throws IOException {
        float[] rows = SampleCsv.features(samples.resolve(name + ".csv"), features);
        return sample(name, samples.resolve(name + "_mlp.pt"), rows, rows.length / features, new int[] {features});
    }

    /** The digits sample: 8×8 images in {@code digits.json}, one JSON object per line with a "pixels" array. */
    private static Sample digitsSample(Path samples) throws IOException {
        List<String> lines = Files.readAllLines(samples.resolve("digits.json")).stream().filter(l -> !l.isBlank()).toList();
        float[] rows = new float[lines.size() * 64];
        for (int r = 0; r < lines.size(); r++) {
            // Jackson comes with Spark, which is not on the engine's classpath: read the one array by hand.
            String line = lines.get(r);
            int open = line.indexOf('[', line.indexOf("\"pixels\""));
            String[] values = line.substring(open + 1, line.indexOf(']', open)).split(",");
            for (int i = 0; i < 64; i++) {
                rows[r * 64 + i] = Float.parseFloat(values[i].trim());
            }
        }
        return sample("digits", samples.resolve("digits_cnn.pt"), rows, lines.size(), new int[] {1, 8, 8});
    }

    private static Sample sample(String name, Path modelFile, float[] rows, int count, int[] rowShape) {
        TorchScriptModel model = ModelCache.get(modelFile, DeviceChoice.CPU);
        int outputs = model.evaluate(FeatureBatch.of(Arrays.copyOf(rows, rows.length / count), 1, rowShape)).width();
        int kept = Math.min(count, ROWS);
        return new Sample(name, model, Arrays.copyOf(rows, kept * (rows.length / count)), kept, rowShape, outputs);
    }
}
