package io.igaudit.history;

/**
 * How one feature's attributions changed between an earlier run and this one. Values that one
 * of the runs lacks (a feature in only one of them) are NaN, ranks 0.
 *
 * @param feature the feature's name
 * @param meanAbsBefore mean |attribution| in the earlier run
 * @param meanAbsNow mean |attribution| in this run
 * @param relativeChange (now − before) / before; 0 when both are 0, infinite when only before is 0
 * @param rankBefore rank by mean |attribution| in the earlier run (1 = largest)
 * @param rankNow rank in this run
 * @param psi population stability index of the attributions on the earlier run's decile bins
 * @param inputPsi the PSI of the feature's input values on the earlier run's decile bins of them
 *     (NaN when either run kept no input values)
 * @param inputJs the Jensen–Shannon divergence of the same two distributions, in bits (NaN likewise)
 */
public record FeatureDrift(
        String feature,
        double meanAbsBefore,
        double meanAbsNow,
        double relativeChange,
        int rankBefore,
        int rankNow,
        double psi,
        double inputPsi,
        double inputJs) {

    /** A feature's drift without its inputs'. */
    public FeatureDrift(String feature, double meanAbsBefore, double meanAbsNow, double relativeChange, int rankBefore, int rankNow,
            double psi) {
        this(feature, meanAbsBefore, meanAbsNow, relativeChange, rankBefore, rankNow, psi, Double.NaN, Double.NaN);
    }

    /** The same drift with the inputs' PSI and Jensen–Shannon divergence. */
    public FeatureDrift withInputDrift(double inputPsiValue, double inputJsValue) {
        return new FeatureDrift(feature, meanAbsBefore, meanAbsNow, relativeChange, rankBefore, rankNow, psi, inputPsiValue,
                inputJsValue);
    }

    /** Places moved up (positive) or down (negative); 0 when a run lacks the feature. */
    public int rankChange() {
        return rankBefore == 0 || rankNow == 0 ? 0 : rankBefore - rankNow;
    }

    /** True when both runs have the feature. */
    public boolean inBoth() {
        return rankBefore > 0 && rankNow > 0;
    }
}
