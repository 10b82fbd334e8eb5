package io.igaudit.report;

import io.igaudit.report.ReportModel.Importance;
import io.igaudit.stats.MeanAbsInterval;
import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal bars of mean |attribution|, most important on top: the top {@code n} features. The
 * others are summed in a line of text under the chart ({@link #othersNote}), not drawn as a bar:
 * their sum is often larger than any one feature, and a bar of it would set the axis and read as
 * the most important feature.
 */
final class BarChart {

    /** Width of the global chart. */
    static final double WIDE = 760;
    /** Width of a chart in a two-column grid. */
    static final double NARROW = 500;
    private static final double ROW = 22;
    private static final double BAR = 14;
    private static final double TOP = 6;
    private static final double AXIS = 26;
    private static final int LABEL_CHARS = 36;

    private BarChart() {}

    /** One bar of the chart, with the confidence interval of its value when the rows are a sample. */
    private record Bar(String label, double value, MeanAbsInterval interval, String title) {}

    /**
     * The chart as SVG.
     *
     * @param chart the chart's name (data-chart)
     * @param features every feature, most important first
     * @param top how many features get their own bar
     * @param width the chart's width in px at full size
     */
    static String render(String chart, List<Importance> features, int top, double width) {
        List<Bar> bars = bars(features, top);
        double labelWidth = Labels.width(bars.stream().map(Bar::label).toList(), LABEL_CHARS, 80, width / 3);
        double left = labelWidth + 8;
        double right = width - ValueText.room(bars.stream().map(b -> Format.meanAbs(b.value(), b.interval())).toList());
        double height = TOP + bars.size() * ROW + AXIS;
        double max = bars.stream().mapToDouble(b -> b.interval().known() ? b.interval().meanAbsCiHigh() : b.value())
                .filter(Double::isFinite).max().orElse(0);
        List<Double> ticks = Ticks.nice(0, max > 0 ? max : 1, 4);
        Ticks.Scale x = new Ticks.Scale(0, ticks.get(ticks.size() - 1), left, right);
        Svg svg = new Svg(chart, bars.size(), width, height, "bar chart of mean |attribution| per feature");
        double axisY = TOP + bars.size() * ROW;
        for (double t : ticks) {
            svg.line(x.at(t), TOP, x.at(t), axisY, "grid");
            svg.text(x.at(t), axisY + 16, "middle", "tick", Format.number(t));
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double y = TOP + i * ROW;
            double value = Double.isFinite(bar.value()) ? bar.value() : 0;
            svg.text(left - 8, y + ROW / 2 + 4, "end", "label", Labels.fit(bar.label(), LABEL_CHARS, labelWidth));
            svg.rect(left, y + (ROW - BAR) / 2, x.at(value) - left, BAR, "bar", null, true, bar.title());
            double end = x.at(value);
            if (bar.interval().known()) {
                // the 95 % confidence interval as a whisker across the bar's end
                end = x.at(bar.interval().meanAbsCiHigh());
                svg.line(x.at(bar.interval().meanAbsCiLow()), y + ROW / 2, end, y + ROW / 2, "ci");
            }
            svg.text(end + 5, y + ROW / 2 + 4, "start", "value", Format.meanAbs(bar.value(), bar.interval()));
        }
        svg.line(left, TOP, left, axisY, "axis");
        return svg.close();
    }

    /**
     * The features beyond the top {@code top} as a line of HTML for under the chart: how many, their
     * mean |attribution| together and the largest of them; empty when every feature has a bar.
     */
    static String othersNote(List<Importance> features, int top) {
        if (features.size() <= top) {
            return "";
        }
        List<Importance> rest = features.subList(top, features.size());
        double sum = rest.stream().mapToDouble(Importance::meanAbs).filter(Double::isFinite).sum();
        double largest = rest.stream().mapToDouble(Importance::meanAbs).filter(Double::isFinite).max().orElse(0);
        return "<p class=\"note others\">+ " + Format.count(rest.size()) + " other features, not drawn: together "
                + Format.number(sum) + " mean |attribution|, the largest of them " + Format.number(largest) + "</p>";
    }

    private static List<Bar> bars(List<Importance> features, int top) {
        List<Bar> bars = new ArrayList<>();
        double total = features.stream().mapToDouble(Importance::meanAbs).filter(Double::isFinite).sum();
        for (int i = 0; i < Math.min(top, features.size()); i++) {
            Importance f = features.get(i);
            bars.add(new Bar(f.feature(), f.meanAbs(), f.meanAbsCi(), f.feature() + ": mean |attribution| "
                    + Format.meanAbs(f.meanAbs(), f.meanAbsCi())
                    + ", rank " + f.rank() + ", " + Format.percent(total == 0 ? Double.NaN : f.meanAbs() / total)
                    + " of the total, positive in " + Format.percent(f.positiveShare()) + " of rows"));
        }
        return bars;
    }
}
