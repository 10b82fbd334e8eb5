/**
 * Measures the IG engine: vectorised passes (all rows and steps of a batch in one forward and one
 * backward) against the naive way (one forward and backward per row and step), on the same inputs.
 */
package io.igaudit.bench;
