package io.igaudit.report;

import io.igaudit.report.ReportModel.DeltaHistogram;

/**
 * The distribution of |delta| on a log axis: one bar per bin (red from the tolerance up), a
 * dashed line at the tolerance.
 */
final class DeltaChart {

    private static final double WIDTH = 760;
    private static final double HEIGHT = 240;
    private static final double LEFT = 56;
    private static final double RIGHT = 16;
    private static final double TOP = 22;
    private static final double BOTTOM = 44;

    private DeltaChart() {}

    /** The histogram as SVG; one mark per bin. */
    static String render(DeltaHistogram histogram, double tolerance) {
        long[] counts = histogram.counts();
        double perDecade = histogram.perDecade();
        double from = histogram.firstBin() / perDecade;
        double to = (histogram.firstBin() + counts.length) / perDecade;
        Ticks.Scale x = new Ticks.Scale(from, to, LEFT, WIDTH - RIGHT);
        long max = 0;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        java.util.List<Double> yTicks = Ticks.nice(0, Math.max(1, max), 4);
        Ticks.Scale y = new Ticks.Scale(0, yTicks.get(yTicks.size() - 1), HEIGHT - BOTTOM, TOP);
        Svg svg = new Svg("delta-histogram", counts.length, WIDTH, HEIGHT, "histogram of |convergence delta| on a log scale");
        for (double t : yTicks) {
            svg.line(LEFT, y.at(t), WIDTH - RIGHT, y.at(t), "grid");
            svg.text(LEFT - 6, y.at(t) + 4, "end", "tick", Format.number(t));
        }
        for (int decade = (int) Math.ceil(from); decade <= Math.floor(to); decade++) {
            svg.line(x.at(decade), HEIGHT - BOTTOM, x.at(decade), HEIGHT - BOTTOM + 5, "axis");
            svg.text(x.at(decade), HEIGHT - BOTTOM + 18, "middle", "tick", Format.number(Math.pow(10, decade)));
        }
        double binWidth = x.at(from + 1 / perDecade) - x.at(from);
        for (int i = 0; i < counts.length; i++) {
            double lower = histogram.lower(i);
            double top = counts[i] > 0 ? Math.min(y.at(counts[i]), HEIGHT - BOTTOM - 1) : HEIGHT - BOTTOM;
            String range = i == 0 ? "|delta| < " + Format.number(histogram.upper(i))
                    : Format.number(lower) + " ≤ |delta| < " + Format.number(histogram.upper(i));
            svg.rect(x.at(from) + i * binWidth + 1, top, binWidth - 2, HEIGHT - BOTTOM - top,
                    lower >= tolerance ? "bar over" : "bar", null, true, range + ": " + Format.count(counts[i]) + " rows");
        }
        double tol = x.at(Math.log10(tolerance));
        svg.line(tol, TOP - 6, tol, HEIGHT - BOTTOM, "tolerance");
        boolean nearRight = tol > WIDTH - 160;
        svg.text(nearRight ? tol - 4 : tol + 4, TOP - 8, nearRight ? "end" : "start", "tolerance-label",
                "tolerance " + Format.number(tolerance));
        svg.line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "axis");
        svg.text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6, "middle", "axis-title", "|delta| (log scale)");
        svg.verticalText(14, (TOP + HEIGHT - BOTTOM) / 2, "axis-title", "rows");
        return svg.close();
    }
}
