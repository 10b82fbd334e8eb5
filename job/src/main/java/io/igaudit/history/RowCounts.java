package io.igaudit.history;

/**
 * A run's rows.
 *
 * @param input rows read
 * @param attributed rows attributed
 * @param rejected rows left out or quarantined
 */
public record RowCounts(long input, long attributed, long rejected) {}
