package io.igaudit.report;

import java.util.List;

/**
 * Horizontal bars from zero, one per label, coloured by a sign: red for a value that raises the
 * explained output, blue for one that lowers it, grey when neither. Negative values extend left
 * of the zero line.
 */
final class SignedBars {

    private static final double ROW = 22;
    private static final double BAR = 14;
    private static final double TOP = 6;
    private static final double AXIS = 26;
    private static final int LABEL_CHARS = 28;

    private SignedBars() {}

    /**
     * One bar.
     *
     * @param label its label
     * @param value its length (signed)
     * @param sign its colour: positive red, negative blue, 0 grey
     * @param title its tooltip
     * @param valueText the value as written beside the bar
     */
    record Bar(String label, double value, double sign, String title, String valueText) {

        /** A bar labelled with its value. */
        Bar(String label, double value, double sign, String title) {
            this(label, value, sign, title, Format.number(value));
        }
    }

    /**
     * The chart as SVG.
     *
     * @param chart the chart's name (data-chart)
     * @param bars the bars, top first
     * @param width the chart's width in px at full size
     * @param label what it shows, for screen readers
     */
    static String render(String chart, List<Bar> bars, double width, String label) {
        double labelWidth = Labels.width(bars.stream().map(Bar::label).toList(), LABEL_CHARS, 60, width / 3);
        double left = labelWidth + 8;
        double right = width - ValueText.room(bars.stream().map(Bar::valueText).toList());
        double min = 0;
        double max = 0;
        for (Bar bar : bars) {
            min = Math.min(min, finite(bar.value()));
            max = Math.max(max, finite(bar.value()));
        }
        List<Double> ticks = Ticks.nice(min, max > min ? max : min + 1, 4);
        Ticks.Scale x = new Ticks.Scale(ticks.get(0), ticks.get(ticks.size() - 1), left, right);
        double axisY = TOP + bars.size() * ROW;
        Svg svg = new Svg(chart, bars.size(), width, axisY + AXIS, label);
        for (double t : ticks) {
            svg.line(x.at(t), TOP, x.at(t), axisY, "grid");
            svg.text(x.at(t), axisY + 16, "middle", "tick", Format.number(t));
        }
        double zero = x.at(0);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double y = TOP + i * ROW;
            double end = x.at(finite(bar.value()));
            svg.text(left - 8, y + ROW / 2 + 4, "end", "label", Labels.fit(bar.label(), LABEL_CHARS, labelWidth));
            svg.rect(Math.min(zero, end), y + (ROW - BAR) / 2, Math.abs(end - zero), BAR, null, fill(bar.sign()), true, bar.title());
            svg.text(Math.max(zero, end) + 5, y + ROW / 2 + 4, "start", "value", bar.valueText());
        }
        svg.line(zero, TOP, zero, axisY, "axis");
        return svg.close();
    }

    private static String fill(double sign) {
        return sign > 0 ? Colors.diverging(1) : sign < 0 ? Colors.diverging(-1) : Colors.UNKNOWN;
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
