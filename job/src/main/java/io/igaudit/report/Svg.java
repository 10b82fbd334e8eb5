package io.igaudit.report;

/**
 * A small builder of inline SVG: shapes and text with escaped content, coordinates written with
 * at most two decimals. Marks that a chart counts (bars, dots) carry {@code data-mark}, so that
 * a browser check can count them against the chart's {@code data-marks}.
 */
final class Svg {

    private final StringBuilder out = new StringBuilder();

    /**
     * Opens a chart: a responsive {@code <svg>} with a viewBox of the given size.
     *
     * @param chart the chart's name ({@code data-chart})
     * @param marks how many marks it holds ({@code data-marks})
     * @param label what it shows, for screen readers
     */
    Svg(String chart, int marks, double width, double height, String label) {
        out.append("<svg class=\"chart\" data-chart=\"").append(escape(chart)).append("\" data-marks=\"").append(marks)
                .append("\" viewBox=\"0 0 ").append(c(width)).append(' ').append(c(height))
                .append("\" style=\"max-width:").append(c(width)).append("px\" role=\"img\" aria-label=\"")
                .append(escape(label)).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    }

    /** A rectangle; {@code mark} makes it one of the chart's counted marks. */
    Svg rect(double x, double y, double width, double height, String cssClass, String fill, boolean mark, String title) {
        out.append("<rect x=\"").append(c(x)).append("\" y=\"").append(c(y)).append("\" width=\"").append(c(Math.max(0, width)))
                .append("\" height=\"").append(c(Math.max(0, height))).append('"');
        attributes(cssClass, fill, mark);
        return closeWithTitle("rect", title);
    }

    /** A circle, counted as a mark. */
    Svg dot(double cx, double cy, double r, String fill, String title) {
        out.append("<circle cx=\"").append(c(cx)).append("\" cy=\"").append(c(cy)).append("\" r=\"").append(c(r))
                .append("\" fill=\"").append(fill).append("\" data-mark=\"1\"");
        return closeWithTitle("circle", title);
    }

    /** A line. */
    Svg line(double x1, double y1, double x2, double y2, String cssClass) {
        out.append("<line x1=\"").append(c(x1)).append("\" y1=\"").append(c(y1)).append("\" x2=\"").append(c(x2))
                .append("\" y2=\"").append(c(y2)).append("\" class=\"").append(cssClass).append("\"/>");
        return this;
    }

    /** Text; anchor is start, middle or end. */
    Svg text(double x, double y, String anchor, String cssClass, String text) {
        out.append("<text x=\"").append(c(x)).append("\" y=\"").append(c(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" class=\"").append(cssClass).append("\">").append(escape(text)).append("</text>");
        return this;
    }

    /** Text turned a quarter to the left around its anchor point (a vertical axis title). */
    Svg verticalText(double x, double y, String cssClass, String text) {
        out.append("<text x=\"").append(c(x)).append("\" y=\"").append(c(y)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 ")
                .append(c(x)).append(' ').append(c(y)).append(")\" class=\"").append(cssClass).append("\">").append(escape(text))
                .append("</text>");
        return this;
    }

    /** Raw markup made by this class's callers from escaped parts (e.g. a gradient definition). */
    Svg raw(String markup) {
        out.append(markup);
        return this;
    }

    /** The finished {@code <svg>} element. */
    String close() {
        return out.append("</svg>").toString();
    }

    private void attributes(String cssClass, String fill, boolean mark) {
        if (cssClass != null) {
            out.append(" class=\"").append(cssClass).append('"');
        }
        if (fill != null) {
            out.append(" fill=\"").append(fill).append('"');
        }
        if (mark) {
            out.append(" data-mark=\"1\"");
        }
    }

    private Svg closeWithTitle(String element, String title) {
        if (title == null) {
            out.append("/>");
        } else {
            out.append("><title>").append(escape(title)).append("</title></").append(element).append('>');
        }
        return this;
    }

    /** A coordinate. */
    static String c(double value) {
        return Format.coordinate(value);
    }

    /** Text safe inside elements and quoted attributes. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(ch);
            }
        }
        return escaped.toString();
    }
}
