package io.igaudit.report;

import io.igaudit.history.FeatureDrift;
import java.util.List;

/**
 * Mean |attribution| before and now for the most important features: two bars per feature (the
 * earlier run grey, this run blue) and the relative change, red beyond the fail-on threshold.
 */
final class DriftChart {

    private static final double WIDTH = 760;
    private static final double ROW = 28;
    private static final double BAR = 10;
    private static final double TOP = 6;
    private static final double AXIS = 26;
    private static final int LABEL_CHARS = 34;

    private DriftChart() {}

    /** How many bars {@link #render} draws for this many features. */
    static int barCount(int features, int top) {
        return 2 * Math.min(features, top);
    }

    /**
     * The chart as SVG.
     *
     * @param features the features in this run's rank order
     * @param top how many to show
     * @param changeThreshold the mean-abs-change threshold (NaN when off)
     */
    static String render(List<FeatureDrift> features, int top, double changeThreshold) {
        List<FeatureDrift> shown = features.subList(0, Math.min(top, features.size()));
        double labelWidth = Labels.width(shown.stream().map(FeatureDrift::feature).toList(), LABEL_CHARS, 80, 240);
        double left = labelWidth + 8;
        double right = WIDTH - 80;
        double max = 0;
        for (FeatureDrift f : shown) {
            max = Math.max(max, finite(f.meanAbsBefore()));
            max = Math.max(max, finite(f.meanAbsNow()));
        }
        List<Double> ticks = Ticks.nice(0, max > 0 ? max : 1, 4);
        Ticks.Scale x = new Ticks.Scale(0, ticks.get(ticks.size() - 1), left, right);
        double axisY = TOP + shown.size() * ROW;
        Svg svg = new Svg("drift", 2 * shown.size(), WIDTH, axisY + AXIS, "mean |attribution| before and now per feature");
        for (double t : ticks) {
            svg.line(x.at(t), TOP, x.at(t), axisY, "grid");
            svg.text(x.at(t), axisY + 16, "middle", "tick", Format.number(t));
        }
        for (int i = 0; i < shown.size(); i++) {
            FeatureDrift f = shown.get(i);
            double y = TOP + i * ROW;
            svg.text(left - 8, y + ROW / 2 + 4, "end", "label", Labels.fit(f.feature(), LABEL_CHARS, labelWidth));
            svg.rect(left, y + ROW / 2 - BAR, x.at(finite(f.meanAbsBefore())) - left, BAR, "bar before", null, true,
                    f.feature() + " before: " + Format.number(f.meanAbsBefore()) + " (rank " + rank(f.rankBefore()) + ")");
            svg.rect(left, y + ROW / 2, x.at(finite(f.meanAbsNow())) - left, BAR, "bar", null, true,
                    f.feature() + " now: " + Format.number(f.meanAbsNow()) + " (rank " + rank(f.rankNow()) + ")");
            boolean over = !Double.isNaN(changeThreshold) && Math.abs(f.relativeChange()) > changeThreshold;
            double end = Math.max(x.at(finite(f.meanAbsBefore())), x.at(finite(f.meanAbsNow())));
            svg.text(end + 6, y + ROW / 2 + 4, "start", over ? "value bad" : "value", Format.change(f.relativeChange()));
        }
        svg.line(left, TOP, left, axisY, "axis");
        return svg.close();
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    private static String rank(int rank) {
        return rank == 0 ? "absent" : Integer.toString(rank);
    }
}
