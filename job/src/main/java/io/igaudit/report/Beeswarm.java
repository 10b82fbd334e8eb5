package io.igaudit.report;

import io.igaudit.report.ReportModel.Swarm;
import io.igaudit.report.ReportModel.SwarmFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary ("beeswarm") plot of SHAP's summary_plot: one band per feature, one dot per sampled
 * row at its attribution, coloured by the row's feature value from low (blue) to high (red) between
 * the sample's 5th and 95th percentiles. Dots that would overlap are stacked across the band,
 * alternately up and down, lower values first.
 */
final class Beeswarm {

    private static final double WIDTH = 900;
    private static final double ROW = 34;
    private static final double TOP = 8;
    private static final double AXIS = 42;
    private static final double LEGEND = 70;
    private static final int LABEL_CHARS = 30;

    private Beeswarm() {}

    /** The plot as SVG; one mark per dot (sample rows × features). */
    static String render(Swarm swarm) {
        List<SwarmFeature> features = swarm.features();
        int rows = swarm.sampleRows();
        double labelWidth = Labels.width(features.stream().map(SwarmFeature::feature).toList(), LABEL_CHARS, 80, 220);
        double left = labelWidth + 10;
        double right = WIDTH - LEGEND - 10;
        double height = TOP + features.size() * ROW + AXIS;
        double radius = rows <= 600 ? 2.6 : rows <= 1200 ? 2.2 : 1.8;
        Ticks.Scale x = xScale(features, left, right);
        Svg svg = new Svg("beeswarm", rows * features.size(), WIDTH, height,
                "beeswarm: attribution of each sampled row per feature, coloured by feature value");
        double axisY = TOP + features.size() * ROW;
        for (double t : Ticks.nice(x.domainMin(), x.domainMax(), 6)) {
            if (t >= x.domainMin() && t <= x.domainMax()) {
                svg.line(x.at(t), TOP, x.at(t), axisY, t == 0 ? "zero" : "grid");
                svg.text(x.at(t), axisY + 16, "middle", "tick", Format.number(t));
            }
        }
        svg.text((left + right) / 2, axisY + 34, "middle", "axis-title", "attribution (contribution to the explained output)");
        for (int f = 0; f < features.size(); f++) {
            SwarmFeature feature = features.get(f);
            double centre = TOP + f * ROW + ROW / 2;
            svg.line(left, centre, right, centre, "band");
            svg.text(left - 8, centre + 4, "end", "label", Labels.fit(feature.feature(), LABEL_CHARS, labelWidth));
            drawDots(svg, feature, x, centre, radius);
        }
        legend(svg, right + 24, TOP + 6, Math.min(160, Math.max(60, features.size() * ROW - 12)));
        return svg.close();
    }

    private static Ticks.Scale xScale(List<SwarmFeature> features, double left, double right) {
        double min = 0;
        double max = 0;
        for (SwarmFeature f : features) {
            for (float a : f.attributions()) {
                if (Float.isFinite(a)) {
                    min = Math.min(min, a);
                    max = Math.max(max, a);
                }
            }
        }
        double pad = (max - min) * 0.03;
        if (pad == 0) {
            pad = 1;
        }
        return new Ticks.Scale(min - pad, max + pad, left, right);
    }

    private static void drawDots(Svg svg, SwarmFeature feature, Ticks.Scale x, double centre, double radius) {
        float[] a = feature.attributions();
        float[] v = feature.values();
        double[] range = colourRange(v);
        double binWidth = radius * 1.8;
        Map<Integer, List<Integer>> bins = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            double px = Float.isFinite(a[i]) ? x.at(a[i]) : x.at(0);
            bins.computeIfAbsent((int) Math.floor(px / binWidth), k -> new ArrayList<>()).add(i);
        }
        int tallest = bins.values().stream().mapToInt(List::size).max().orElse(1);
        double step = Math.min(radius * 1.5, (ROW / 2 - radius) / Math.max(1, tallest / 2.0));
        for (List<Integer> bin : bins.values()) {
            bin.sort(Comparator.comparingDouble(i -> Float.isNaN(v[i]) ? Double.MAX_VALUE : v[i]));
            for (int k = 0; k < bin.size(); k++) {
                int i = bin.get(k);
                int level = (k + 1) / 2;
                double offset = (k % 2 == 1 ? -1 : 1) * level * step;
                double px = Float.isFinite(a[i]) ? x.at(a[i]) : x.at(0);
                svg.dot(px, centre + offset, radius, feature.nominal() ? Colors.UNKNOWN : Colors.scale(position(v[i], range)), null);
            }
        }
    }

    /** The 5th and 95th percentiles of the finite values (SHAP clips its colour scale the same way). */
    static double[] colourRange(float[] values) {
        double[] finite = new double[values.length];
        int n = 0;
        for (float value : values) {
            if (Float.isFinite(value)) {
                finite[n++] = value;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sorted = Arrays.copyOf(finite, n);
        Arrays.sort(sorted);
        double low = sorted[(int) Math.floor(0.05 * (n - 1))];
        double high = sorted[(int) Math.ceil(0.95 * (n - 1))];
        if (high <= low) {
            low = sorted[0];
            high = sorted[n - 1];
        }
        return new double[] {low, high};
    }

    private static double position(float value, double[] range) {
        if (!Float.isFinite(value) || Double.isNaN(range[0])) {
            return Double.NaN;
        }
        return range[1] > range[0] ? (value - range[0]) / (range[1] - range[0]) : 0.5;
    }

    private static void legend(Svg svg, double x, double y, double height) {
        StringBuilder gradient = new StringBuilder("<defs><linearGradient id=\"value-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (int i = 0; i <= 4; i++) {
            gradient.append("<stop offset=\"").append(i * 25).append("%\" stop-color=\"").append(Colors.scale(i / 4.0)).append("\"/>");
        }
        svg.raw(gradient.append("</linearGradient></defs>").toString());
        svg.rect(x, y + 14, 10, height - 28, "legend", "url(#value-scale)", false, null);
        svg.text(x + 5, y + 8, "middle", "legend-text", "high");
        svg.text(x + 5, y + height + 2, "middle", "legend-text", "low");
        svg.verticalText(x + 24, y + height / 2, "legend-text", "feature value");
    }
}
