package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The report's sample of rows: the {@code capacity} input rows with the smallest keys seen so far,
 * each with its output rows (one per target). A key is a hash of the row's values, so the sample is
 * the same whatever the partitioning or a retried task (rows of equal values aside), and merging
 * two samples keeps the smallest keys of both (a bottom-k sample). Keys at or above a limit are
 * never kept: sized to admit a few times the capacity over the whole run, it keeps each task's
 * share small however many tasks there are.
 */
public final class RowSample implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** An input row of the sample: its key and its output rows. */
    private record Entry(long key, List<SampledRow> rows) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Serializable: the queue travels with its comparator. */
    private static final Comparator<Entry> BY_KEY = (Comparator<Entry> & Serializable) (a, b) -> Long.compare(a.key(), b.key());

    private final int capacity;
    private final long keyLimit;
    private final PriorityQueue<Entry> largestFirst;

    /** Keeps at most {@code capacity} input rows, all of keys below {@code keyLimit}. */
    public RowSample(int capacity, long keyLimit) {
        this.capacity = capacity;
        this.keyLimit = keyLimit;
        this.largestFirst = new PriorityQueue<>(Math.max(1, Math.min(capacity, 1024)), BY_KEY.reversed());
    }

    /** Whether an input row with this key would be kept: ask before copying its values. */
    public boolean admits(long key) {
        return capacity > 0 && key < keyLimit && (largestFirst.size() < capacity || key < largestFirst.peek().key());
    }

    /**
     * Offers an input row.
     *
     * @param key the row's hash, non-negative
     * @param rows its output rows
     */
    public void offer(long key, List<SampledRow> rows) {
        offer(new Entry(key, List.copyOf(rows)));
    }

    private void offer(Entry entry) {
        if (admits(entry.key())) {
            largestFirst.add(entry);
            if (largestFirst.size() > capacity) {
                largestFirst.poll();
            }
        }
    }

    /**
     * The key limit that admits about {@code headroom} × {@code capacity} of {@code rows} input rows
     * whose keys are uniform on [0, 2^63): every key when that is all of them.
     */
    public static long keyLimit(int capacity, long rows, double headroom) {
        double share = (headroom * capacity + 64) / Math.max(1, rows);
        return share >= 1 ? Long.MAX_VALUE : (long) (share * 0x1.0p63);
    }

    /** Keeps the smallest keys of both. */
    void merge(RowSample other) {
        other.largestFirst.forEach(this::offer);
    }

    /** The output rows of the sampled input rows, by key (the sample's random order). */
    public List<SampledRow> rows() {
        List<Entry> entries = new ArrayList<>(largestFirst);
        entries.sort(BY_KEY);
        List<SampledRow> rows = new ArrayList<>();
        entries.forEach(entry -> rows.addAll(entry.rows()));
        return rows;
    }
}
