package io.igaudit.report;

import java.util.ArrayList;
import java.util.List;

/** "Nice" axis ticks (1, 2, 2.5 or 5 times a power of ten) and a linear scale. */
final class Ticks {

    private Ticks() {}

    /** About {@code count} round values covering [min, max], min and max included in the range. */
    static List<Double> nice(double min, double max, int count) {
        if (!(max > min)) {
            max = min + (min == 0 ? 1 : Math.abs(min));
        }
        double rough = (max - min) / Math.max(1, count);
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = power;
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * power >= rough) {
                step = factor * power;
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.floor(min / step) * step; t <= max + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        if (ticks.get(ticks.size() - 1) < max - step * 1e-9) {
            ticks.add(ticks.get(ticks.size() - 1) + step);
        }
        return ticks;
    }

    /**
     * A linear map from [domainMin, domainMax] to [rangeMin, rangeMax].
     *
     * @param domainMin smallest value
     * @param domainMax largest value
     * @param rangeMin its position
     * @param rangeMax the largest value's position
     */
    record Scale(double domainMin, double domainMax, double rangeMin, double rangeMax) {
        /** The position of a value. */
        double at(double value) {
            double span = domainMax - domainMin;
            return span == 0 ? rangeMin : rangeMin + (value - domainMin) / span * (rangeMax - rangeMin);
        }
    }
}
