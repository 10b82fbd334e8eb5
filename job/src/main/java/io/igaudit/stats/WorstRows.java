package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code limit} rows with the largest |delta| seen so far, NaN counting as the largest (as in
 * Spark's descending order); merging two keeps the largest of both.
 */
public final class WorstRows implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    /** Serializable: the queue travels with its comparator. */
    private static final Comparator<DeltaRow> BY_ABS_DELTA = (Comparator<DeltaRow> & Serializable)
            (a, b) -> Float.compare(Math.abs(a.delta()), Math.abs(b.delta()));

    private final int limit;
    private final PriorityQueue<DeltaRow> smallestFirst;

    /** Keeps at most {@code limit} rows. */
    public WorstRows(int limit) {
        this.limit = limit;
        this.smallestFirst = new PriorityQueue<>(Math.max(1, limit), BY_ABS_DELTA);
    }

    /** Whether a row with this delta would be kept: ask before making its ids. */
    boolean admits(float delta) {
        return limit > 0 && (smallestFirst.size() < limit
                || Float.compare(Math.abs(delta), Math.abs(smallestFirst.peek().delta())) > 0);
    }

    /** Offers a row. */
    void offer(DeltaRow row) {
        if (admits(row.delta())) {
            smallestFirst.add(row);
            if (smallestFirst.size() > limit) {
                smallestFirst.poll();
            }
        }
    }

    void merge(WorstRows other) {
        other.smallestFirst.forEach(this::offer);
    }

    /** The rows kept, largest |delta| first. */
    public List<DeltaRow> largestFirst() {
        List<DeltaRow> rows = new ArrayList<>(smallestFirst);
        rows.sort(BY_ABS_DELTA.reversed());
        return rows;
    }
}
