package io.igaudit.report;

import static io.igaudit.report.Svg.escape;

import io.igaudit.report.ReportModel.ImageRow;
import io.igaudit.report.ReportModel.ImageView;
import io.igaudit.report.ReportModel.MeanMap;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The report's section for rows that are images: the mean |attribution| map of all rows and of
 * each predicted class, and a grid of sampled rows, each input image beside its attribution map.
 */
final class ImageSection {

    private ImageSection() {}

    /** Appends the section. */
    static void render(StringBuilder html, ImageView view, List<String> idColumns) {
        ImageShape shape = ImageShape.of(view.rowShape()).orElseThrow();
        html.append("<section id=\"images\"><h2>Attribution maps</h2><p class=\"note\">Each row is an image of shape ")
                .append(Arrays.toString(view.rowShape())).append(" (").append(view.rowShape().length > 2 ? "channels, " : "")
                .append("height, width; attributions in its row-major order)");
        if (shape.channels() > 1) {
            html.append("; a pixel's attribution is the sum over its ").append(shape.channels()).append(" channels");
        }
        if (shape.block() > 1) {
            html.append("; drawn in blocks of ").append(shape.block()).append(" × ").append(shape.block())
                    .append(" pixels (attributions summed, pixel values averaged)");
        }
        html.append(".</p>");
        meanMaps(html, shape, view.meanMaps());
        sampledRows(html, shape, view.rows(), idColumns, view.gallery());
        html.append("</section>\n");
    }

    private static void meanMaps(StringBuilder html, ImageShape shape, List<MeanMap> maps) {
        if (maps.isEmpty()) {
            return;
        }
        List<MeanMap> classes = maps.stream().filter(m -> m.target() != null)
                .sorted(Comparator.comparingLong(MeanMap::rows).reversed()).limit(HtmlReport.TOP_CLASSES)
                .sorted(Comparator.comparingInt(MeanMap::target)).toList();
        html.append("<h3>Mean |attribution| per pixel</h3><p class=\"note\">Darker pixels move the explained output ")
                .append("more, in either direction; each map has its own scale");
        if (classes.size() < maps.size() - 1) {
            html.append("; the ").append(classes.size()).append(" predicted classes with the most rows");
        }
        html.append(".</p><div class=\"image-maps heatmaps\">");
        maps.stream().filter(m -> m.target() == null).forEach(m -> meanMap(html, shape, m, "image-mean", "all rows"));
        classes.forEach(m -> meanMap(html, shape, m, "image-mean-class-" + m.target(), "class " + m.target()));
        html.append("</div>");
    }

    private static void meanMap(StringBuilder html, ImageShape shape, MeanMap map, String chart, String title) {
        double[] cells = shape.cellSums(i -> map.meanAbs()[i]);
        html.append("<figure>").append(Heatmaps.magnitude(chart, shape, cells, "mean |attribution| per pixel, " + title))
                .append("<figcaption><strong>").append(escape(title)).append("</strong> · ").append(Format.count(map.rows()))
                .append(" rows<br><span class=\"note\">largest ").append(Format.number(Heatmaps.largestAbs(cells)))
                .append("</span></figcaption></figure>");
    }

    /** What the overlay shows, in words. */
    private static String overlayNote(ReportModel.Gallery gallery, boolean outlines) {
        String positive = gallery.pinkGreen() ? "green" : "red";
        String negative = gallery.pinkGreen() ? "pink" : "blue";
        if (outlines) {
            return "the edges of the densest XRAI regions, in rank order up to " + Format.number(100 * gallery.topArea())
                    + " % of the image, in " + positive + " over the input in grey";
        }
        String which = switch (gallery.polarity()) {
            case POSITIVE -> "the attributions that raise it, in " + positive;
            case NEGATIVE -> "the attributions that lower it, in " + negative;
            case BOTH -> "the attributions, " + positive + " raising and " + negative + " lowering it";
        };
        return which + ", over the input in grey: no colour up to the " + Format.number(gallery.clipLower())
                + "th percentile of the image's shown |attributions|, full colour from the " + Format.number(gallery.clipUpper())
                + "th (output.report-images)";
    }

    private static void sampledRows(StringBuilder html, ImageShape shape, List<ImageRow> rows, List<String> idColumns,
            ReportModel.Gallery gallery) {
        if (rows.isEmpty()) {
            return;
        }
        boolean outlines = gallery.outlines() && rows.stream().allMatch(r -> r.regionRanks() != null);
        html.append("<h3>Sampled rows</h3><p class=\"note\">").append(rows.size())
                .append(" sampled rows, a few per predicted target: the input (left), its attributions (middle), ")
                .append("<span class=\"swatch pos\"></span> raising the explained output, <span class=\"swatch neg\"></span> ")
                .append("lowering it, white for 0, each map scaled to its own largest |attribution|; and (right) ")
                .append(overlayNote(gallery, outlines)).append(".</p>")
                .append("<div class=\"image-rows heatmaps\">");
        for (int r = 0; r < rows.size(); r++) {
            ImageRow row = rows.get(r);
            String name = Labels.rowName(row.ids(), idColumns, r);
            double[] cells = shape.cellSums(i -> row.attributions()[i]);
            double[][] picture = shape.cellMeans(i -> row.values()[i]);
            html.append("<figure><div class=\"pair\">")
                    .append(Heatmaps.picture("image-row-" + r + "-input", shape, picture, "input, " + name))
                    .append(Heatmaps.signed("image-row-" + r + "-attribution", shape, cells, "attributions, " + name))
                    .append(outlines
                            ? Overlays.outlines("image-row-" + r + "-overlay", shape, picture, row.regionRanks(), gallery,
                                    "top XRAI regions, " + name)
                            : Overlays.pixels("image-row-" + r + "-overlay", shape, picture, cells, gallery,
                                    "attributions over the input, " + name))
                    .append("</div><figcaption><strong>").append(escape(name)).append("</strong> · target ").append(row.target())
                    .append(" · F(x) ").append(Format.number(row.prediction(), 4)).append("<br><span class=\"note\">largest |attribution| ")
                    .append(Format.number(Heatmaps.largestAbs(cells))).append("</span></figcaption></figure>");
        }
        html.append("</div>");
    }
}
