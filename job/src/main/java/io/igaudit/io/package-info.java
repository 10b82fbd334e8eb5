/**
 * Reading and writing: feature selection and schema checks, input profiling, baselines, output
 * layout and locations, the model file's checksum, run.json, and the one adapter to Spark-internal
 * classes.
 */
package io.igaudit.io;
