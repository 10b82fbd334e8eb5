/**
 * Audit history and drift: the Parquet table of earlier runs (keyed by run time and tags), the
 * comparison of this run with an earlier one (mean |attribution| changes, ranks, top-k overlap,
 * PSI), and the {@code audit.fail-on} checks. Modelled on Deequ's metrics repository.
 */
package io.igaudit.history;
