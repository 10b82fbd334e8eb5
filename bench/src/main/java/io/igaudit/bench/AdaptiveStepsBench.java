package io.igaudit.bench;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.AdaptiveIntegratedGradients;
import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.IntegratedGradients;
import io.igaudit.ig.QuadratureRule;
import io.igaudit.ig.TargetRule;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelCache;
import io.igaudit.model.TorchScriptModel;
import io.igaudit.model.TorchThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Adaptive step counts against a fixed 50 steps: gradient evaluations per row and attribution
 * error (max and mean |a − a_ref| over all attributions, against a 1024-step Gauss–Legendre
 * reference) on the tabular samples (real rows, per-feature median baseline, predicted class)
 * and the wide MLP (random rows, zero baseline). For each model it picks the loosest delta
 * tolerance whose max and mean error are both no worse than the fixed 50 steps, strictly and
 * within float32 rounding (8 ulps of the largest and of the mean |attribution|: on smooth models
 * both are at float precision, where which one is a rounding step closer is chance), and reports
 * the saving.
 *
 * <p>Usage: {@code AdaptiveStepsBench [DATA_SAMPLES_DIR]}.
 */
public final class AdaptiveStepsBench {

    private static final double[] TOLERANCES = {1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6};
    private static final int REFERENCE_STEPS = 1024;
    /** The job's default steps, which the fixed rule runs with. */
    private static final int FIXED_STEPS = JobDefaults.integration().steps();
    /** float32 rounding steps (ulps of the largest, resp. mean, |attribution|) below which errors count as equal. */
    private static final int FLOAT_ROUNDING_STEPS = 8;

    private AdaptiveStepsBench() {}

    private record Case(String name, TorchScriptModel model, FeatureBatch rows, FeatureBatch baseline) {}

    private record Outcome(double evaluationsPerRow, double maxError, double meanError, double notConverged) {}

    /** Prints one table per model and a summary line. */
    public static void main(String[] args) throws IOException {
        Path samples = Path.of(args.length > 0 ? args[0] : "data-samples");
        TorchThreads.configure(1);
        List<Case> cases = List.of(
                tabular(samples, "breast_cancer", 30),
                tabular(samples, "wine", 13),
                tabular(samples, "diabetes", 10),
                wide(samples, 256));
        for (Case c : cases) {
            run(c);
        }
    }

    private static void run(Case c) {
        TargetRule target = new TargetRule.Predicted();
        IgOptions options = JobDefaults.integration();
        Attributions reference = new IntegratedGradients(c.model(), options.withRule(QuadratureRule.GAUSS_LEGENDRE, REFERENCE_STEPS))
                .attribute(c.rows(), c.baseline(), target);
        Attributions fixed = new IntegratedGradients(c.model(), options).attribute(c.rows(), c.baseline(), target);
        Outcome fixedOutcome = new Outcome(FIXED_STEPS, maxError(fixed, reference), meanError(fixed, reference), 0);

        System.out.printf("%n%s: %,d rows, error against %d Gauss-Legendre steps%n", c.name(), c.rows().rows(), REFERENCE_STEPS);
        System.out.printf("%-22s %14s %12s %12s %14s%n", "steps", "evals/row", "max error", "mean error", "not converged");
        print("fixed " + FIXED_STEPS, fixedOutcome);
        // Errors below a few float32 rounding steps of the attributions are noise: the fixed rule
        // and auto then agree to float precision, and which one is a rounding step closer is chance.
        double maxFloor = FLOAT_ROUNDING_STEPS * Math.ulp((float) largest(reference));
        double meanFloor = FLOAT_ROUNDING_STEPS * Math.ulp((float) meanAbs(reference));
        Outcome chosen = null;
        double chosenTolerance = 0;
        Outcome withinRounding = null;
        double withinRoundingTolerance = 0;
        for (double tolerance : TOLERANCES) {
            AdaptiveAttributions adaptive = new AdaptiveIntegratedGradients(c.model(), options,
                    JobDefaults.adaptiveSteps(tolerance))
                    .attribute(c.rows(), c.baseline(), target);
            int stuck = 0;
            for (boolean converged : adaptive.converged()) {
                stuck += converged ? 0 : 1;
            }
            Outcome outcome = new Outcome((double) adaptive.gradientEvaluations() / c.rows().rows(),
                    maxError(adaptive.attributions(), reference), meanError(adaptive.attributions(), reference),
                    (double) stuck / c.rows().rows());
            print(String.format("auto, tolerance %.0e", tolerance), outcome);
            if (chosen == null && outcome.maxError() <= fixedOutcome.maxError() && outcome.meanError() <= fixedOutcome.meanError()) {
                chosen = outcome;
                chosenTolerance = tolerance;
            }
            if (withinRounding == null && outcome.maxError() <= Math.max(fixedOutcome.maxError(), maxFloor)
                    && outcome.meanError() <= Math.max(fixedOutcome.meanError(), meanFloor)) {
                withinRounding = outcome;
                withinRoundingTolerance = tolerance;
            }
        }
        if (withinRounding == null) {
            System.out.printf("%s: no tolerance matched fixed %d steps within float32 rounding (%d steps: max %.1e, mean %.1e)%n",
                    c.name(), FIXED_STEPS, FLOAT_ROUNDING_STEPS, maxFloor, meanFloor);
        } else {
            System.out.printf("%s: within float32 rounding (%d steps: max %.1e, mean %.1e) auto at tolerance %.0e matches fixed %d "
                    + "steps with %.1f evaluations per row: %.2fx fewer%n", c.name(), FLOAT_ROUNDING_STEPS, maxFloor, meanFloor,
                    withinRoundingTolerance, FIXED_STEPS, withinRounding.evaluationsPerRow(),
                    FIXED_STEPS / withinRounding.evaluationsPerRow());
        }
        if (chosen == null) {
            System.out.printf("%s: strictly, no tolerance up to %.0e matched the error of %d fixed steps%n", c.name(),
                    TOLERANCES[TOLERANCES.length - 1], FIXED_STEPS);
        } else {
            System.out.printf("%s: strictly, at tolerance %.0e auto matches or beats %d fixed steps with %.1f evaluations per row: "
                    + "%.2fx fewer%n", c.name(), chosenTolerance, FIXED_STEPS, chosen.evaluationsPerRow(),
                    FIXED_STEPS / chosen.evaluationsPerRow());
        }
    }

    private static void print(String label, Outcome outcome) {
        System.out.printf("%-22s %14.1f %12.3e %12.3e %13.1f%%%n", label, outcome.evaluationsPerRow(),
                outcome.maxError(), outcome.meanError(), 100 * outcome.notConverged());
    }

    private static double largest(Attributions a) {
        double max = 0;
        for (float value : a.values()) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static double meanAbs(Attributions a) {
        double sum = 0;
        for (float value : a.values()) {
            sum += Math.abs(value);
        }
        return sum / a.values().length;
    }

    private static double maxError(Attributions a, Attributions reference) {
        double max = 0;
        for (int i = 0; i < a.values().length; i++) {
            max = Math.max(max, Math.abs(a.values()[i] - reference.values()[i]));
        }
        return max;
    }

    private static double meanError(Attributions a, Attributions reference) {
        double sum = 0;
        for (int i = 0; i < a.values().length; i++) {
            sum += Math.abs(a.values()[i] - reference.values()[i]);
        }
        return sum / a.values().length;
    }

    /** A sample CSV (id, features..., label) with the per-feature median as the baseline. */
    private static Case tabular(Path samples, String name, int features) throws IOException {
        float[] values = SampleCsv.features(samples.resolve(name + ".csv"), features);
        int rows = values.length / features;
        float[] median = new float[features];
        float[] column = new float[rows];
        for (int i = 0; i < features; i++) {
            for (int r = 0; r < rows; r++) {
                column[r] = values[r * features + i];
            }
            Arrays.sort(column);
            median[i] = column[(rows - 1) / 2];
        }
        TorchScriptModel model = ModelCache.get(samples.resolve(name + "_mlp.pt"), DeviceChoice.CPU);
        return new Case(name + " (median baseline)", model, FeatureBatch.of(values, rows, features),
                FeatureBatch.of(median, 1, features));
    }

    /** The wide MLP on seeded random rows, zero baseline. */
    private static Case wide(Path samples, int rows) {
        int features = 256;
        Random random = new Random(7);
        float[] values = new float[rows * features];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        TorchScriptModel model = ModelCache.get(samples.resolve("wide_mlp.pt"), DeviceChoice.CPU);
        return new Case("wide MLP (random rows, zero baseline)", model, FeatureBatch.of(values, rows, features),
                FeatureBatch.of(new float[features], 1, features));
    }
}
