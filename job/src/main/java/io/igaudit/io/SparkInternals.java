package io.igaudit.io;

import java.lang.reflect.Method;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;

/**
 * The one place that uses Spark-internal classes (not a stable API): rows in their internal
 * binary form, DataFrames made from them, Spark's Arrow writer and allocator. Checked on Spark
 * 4.0.1; when Spark changes these, only this class changes.
 */
public final class SparkInternals {

    private SparkInternals() {}

    /** The rows of a DataFrame as internal rows (reused objects: read each before the next). */
    public static RDD<InternalRow> internalRows(Dataset<Row> frame) {
        return frame.queryExecution().toRdd();
    }

    /** A DataFrame over internal rows of the given schema. */
    public static Dataset<Row> dataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
        try {
            // Spark 4 declares it on org.apache.spark.sql.classic.SparkSession, Spark 3.5 on SparkSession.
            Method create = spark.getClass().getMethod("internalCreateDataFrame", RDD.class, StructType.class, boolean.class);
            @SuppressWarnings("unchecked")
            Dataset<Row> frame = (Dataset<Row>) create.invoke(spark, rows, schema, false);
            return frame;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Spark version lacks internalCreateDataFrame: " + spark.version(), e);
        }
    }

    /** An allocator for one task's Arrow vectors, under Spark's root allocator. */
    public static BufferAllocator taskAllocator(String name) {
        return ArrowUtils.rootAllocator().newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    /** Arrow vectors for rows of {@code schema}, and Spark's writer that fills them from internal rows. */
    public static ArrowWriter arrowWriter(StructType schema, String timeZone, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(ArrowUtils.toArrowSchema(schema, timeZone, true, false), allocator);
        return ArrowWriter.create(root);
    }

    /** A row collected on the driver in Spark's internal form (strings as UTF8String, arrays as ArrayData). */
    public static InternalRow internalRow(Row row, StructType schema) {
        return (InternalRow) org.apache.spark.sql.catalyst.CatalystTypeConverters.createToCatalystConverter(schema).apply(row);
    }

    /** A projection that copies any internal row of {@code schema} into Spark's binary row format. */
    public static UnsafeProjection unsafeProjection(StructType schema) {
        return UnsafeProjection.create(schema);
    }
}
