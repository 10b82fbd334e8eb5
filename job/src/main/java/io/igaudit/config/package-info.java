/**
 * The job configuration: immutable records, and the loader that reads HOCON, applies overrides,
 * rejects unknown keys and validates every field before Spark starts.
 */
package io.igaudit.config;
