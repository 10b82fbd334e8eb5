package io.igaudit.history;

import io.igaudit.stats.QuantileSketch;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether the model's outputs moved between two runs, beside its reasons: the PSI of the
 * prediction F(x) at each row's target, on the earlier run's decile bins (this run's shares from
 * its quantile sketch, so within the sketch's rank error), and with target = predicted the PSI of
 * the predicted class's shares.
 *
 * @param predictionPsi PSI of the predictions; NaN when the earlier run kept no prediction bins
 * @param predictedClassPsi PSI of the predicted class's shares; NaN unless both runs' target is
 *     "predicted"
 */
public record OutputDrift(double predictionPsi, double predictedClassPsi) {

    /** Nothing compared. */
    public static final OutputDrift NONE = new OutputDrift(Double.NaN, Double.NaN);

    /**
     * The comparison.
     *
     * @param earlier the earlier run
     * @param predictions this run's sketch of its predictions
     * @param classRows this run's rows per target group (one group per predicted class with target = predicted)
     * @param predictedTarget whether this run's target is "predicted"
     */
    public static OutputDrift compare(RunRecord earlier, QuantileSketch predictions, Map<Integer, Long> classRows,
            boolean predictedTarget) {
        double predictionPsi = Double.NaN;
        Bins bins = earlier.predictionBins();
        if (!bins.isEmpty() && predictions.count() > 0) {
            predictionPsi = Drift.psiOfShares(bins.shares(), predictions.shares(bins.edges()));
        }
        double classPsi = Double.NaN;
        if (predictedTarget && RunRecord.PREDICTED.equals(earlier.settings().target())) {
            Map<Integer, Long> before = earlier.rowsPerTarget();
            if (!before.isEmpty() && !classRows.isEmpty()) {
                classPsi = classPsi(before, classRows);
            }
        }
        return new OutputDrift(predictionPsi, classPsi);
    }

    /** PSI of the classes' shares, over every class either run predicted. */
    static double classPsi(Map<Integer, Long> before, Map<Integer, Long> now) {
        TreeMap<Integer, Long> classes = new TreeMap<>();
        before.keySet().forEach(c -> classes.put(c, 0L));
        now.keySet().forEach(c -> classes.put(c, 0L));
        double totalBefore = before.values().stream().mapToLong(Long::longValue).sum();
        double[] expected = new double[classes.size()];
        long[] actual = new long[classes.size()];
        int i = 0;
        for (Integer c : classes.keySet()) {
            expected[i] = before.getOrDefault(c, 0L) / totalBefore;
            actual[i] = now.getOrDefault(c, 0L);
            i++;
        }
        return Drift.psi(expected, actual);
    }
}
