package io.igaudit.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.OptionalDouble;

/**
 * Rows per second over the last {@code window} seconds of a count's samples, so that an ETA
 * follows the pass as it runs now: the start (model loading, the first uncompiled batches) drops
 * out of it once the window has moved past it. Samples before the first row are not kept.
 */
final class RecentRate {

    private record Sample(double seconds, long rows) {}

    private final double window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** @param windowSeconds how far back the rate looks */
    RecentRate(double windowSeconds) {
        this.window = windowSeconds;
    }

    /** Adds the count at a time (seconds since any fixed start, increasing). */
    void add(double seconds, long rows) {
        if (rows == 0) {
            return;
        }
        samples.addLast(new Sample(seconds, rows));
        // keep one sample at or before the window's start, so that the rate spans the whole window
        while (samples.size() > 2) {
            Iterator<Sample> oldest = samples.iterator();
            oldest.next();
            if (oldest.next().seconds() > seconds - window) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** Rows per second between the window's first sample and the last; empty until two samples differ in time. */
    OptionalDouble rowsPerSecond() {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        double seconds = last.seconds() - first.seconds();
        return seconds > 0 ? OptionalDouble.of((last.rows() - first.rows()) / seconds) : OptionalDouble.empty();
    }

    /** Seconds until {@code total} rows at the recent rate; empty without a rate. */
    OptionalDouble secondsLeft(long total) {
        OptionalDouble rate = rowsPerSecond();
        if (rate.isEmpty() || rate.getAsDouble() <= 0 || samples.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, total - samples.peekLast().rows()) / rate.getAsDouble());
    }
}
