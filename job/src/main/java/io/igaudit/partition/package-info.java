/**
 * The per-partition work on executors: get this JVM's model, pack rows into Arrow batches, run
 * the IG engine on each batch, and return the results to Spark as columnar batches.
 */
package io.igaudit.partition;
