/**
 * Mergeable summaries of the attributions (moments, quantile sketches, deltas, steps, bins), kept
 * by the tasks that attribute and merged on the driver: the data is read once.
 */
package io.igaudit.stats;
