package io.igaudit.report;

import io.igaudit.stats.MeanAbsInterval;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Numbers for people: a few significant digits, thousands separators, percentages and durations.
 * Not-a-number shows as an en dash.
 */
public final class Format {

    /** Shown for a missing value (NaN). */
    public static final String MISSING = "–";

    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private Format() {}

    /**
     * A mean |attribution| with its confidence interval when the run sampled its rows: "0.123 ± 0.004",
     * or "0.012 [0, 0.03]" where the interval's low end was kept at 0; the number alone without one.
     */
    public static String meanAbs(double meanAbs, MeanAbsInterval interval) {
        if (!interval.known()) {
            return number(meanAbs);
        }
        double above = interval.meanAbsCiHigh() - meanAbs;
        double below = meanAbs - interval.meanAbsCiLow();
        if (Math.abs(above - below) <= 1e-9 * Math.max(1, Math.abs(meanAbs))) {
            return number(meanAbs) + " ± " + number(above, 2);
        }
        return number(meanAbs) + " [" + number(interval.meanAbsCiLow()) + ", " + number(interval.meanAbsCiHigh()) + "]";
    }

    /** A whole number with thousands separators: 1234567 → "1,234,567". */
    public static String count(long value) {
        return new DecimalFormat("#,##0", SYMBOLS).format(value);
    }

    /**
     * A value to 3 significant digits: 0.016543 → "0.0165", 1.5 → "1.5", 12345.6 → "12,346"
     * (whole numbers from 1,000 up), 1.234e-7 → "1.23e-7" (below 0.001).
     */
    public static String number(double value) {
        return number(value, 3);
    }

    /** A value to {@code digits} significant digits (see {@link #number(double)}). */
    public static String number(double value, int digits) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        String sign = value < 0 ? "−" : "";
        if (magnitude >= 999.5) {
            return sign + new DecimalFormat("#,##0", SYMBOLS).format(Math.round(magnitude));
        }
        BigDecimal rounded = new BigDecimal(magnitude).round(new MathContext(digits));
        if (rounded.compareTo(new BigDecimal("0.001")) < 0) {
            String mantissa = rounded.unscaledValue().toString();
            int exponent = rounded.precision() - rounded.scale() - 1;
            String digitsText = mantissa.replaceAll("0+$", "");
            String m = digitsText.length() > 1 ? digitsText.charAt(0) + "." + digitsText.substring(1) : digitsText;
            return sign + m + "e" + exponent;
        }
        return sign + rounded.stripTrailingZeros().toPlainString();
    }

    /** A share as a percentage: 0.0035 → "0.35 %", 1 → "100 %", 2e-6 → "<0.01 %". */
    public static String percent(double share) {
        if (Double.isNaN(share)) {
            return MISSING;
        }
        double percent = share * 100;
        if (percent != 0 && Math.abs(percent) < 0.01) {
            return (percent < 0 ? "−" : "") + "<0.01 %";
        }
        return number(percent, 3) + " %";
    }

    /** A relative change with its sign: 0.5 → "+50 %", −0.123 → "−12.3 %", ∞ → "new". */
    public static String change(double relative) {
        if (Double.isInfinite(relative)) {
            return "from 0";
        }
        if (Double.isNaN(relative)) {
            return MISSING;
        }
        return (relative > 0 ? "+" : "") + percent(relative);
    }

    /** A duration: 0.043 → "0.043 s", 3.21 → "3.2 s", 75 → "1 min 15 s", 3725 → "1 h 2 min". */
    public static String seconds(double seconds) {
        if (Double.isNaN(seconds)) {
            return MISSING;
        }
        if (seconds < 10) {
            return number(seconds, 2) + " s";
        }
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return whole / 60 + " min " + whole % 60 + " s";
        }
        return whole / 3600 + " h " + whole % 3600 / 60 + " min";
    }

    /** A plain decimal for SVG coordinates: at most 2 decimals, a dot as separator. */
    static String coordinate(double value) {
        long hundredths = Math.round(value * 100);
        if (hundredths % 100 == 0) {
            return Long.toString(hundredths / 100);
        }
        return BigDecimal.valueOf(hundredths, 2).stripTrailingZeros().toPlainString();
    }
}
