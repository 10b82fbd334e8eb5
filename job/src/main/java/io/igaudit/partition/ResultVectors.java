package io.igaudit.partition;

import io.igaudit.ig.AdaptiveAttributions;
import io.igaudit.ig.Attributions;
import java.nio.ByteOrder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * One batch's results as Arrow vectors (off-heap), copied in bulk from the engine's arrays:
 * target, prediction, baseline_prediction, attributions (a list of floats per row), delta and steps.
 */
final class ResultVectors implements AutoCloseable {

    private final IntVector target;
    private final Float4Vector prediction;
    private final Float4Vector baselinePrediction;
    private final ListVector attributions;
    private final Float4Vector delta;
    private final IntVector steps;

    /**
     * @param adaptive the explainer's results
     * @param allocator where the vectors live
     */
    ResultVectors(AdaptiveAttributions adaptive, BufferAllocator allocator) {
        Attributions result = adaptive.attributions();
        int rows = result.rows();
        target = new IntVector("target", allocator);
        prediction = new Float4Vector("prediction", allocator);
        baselinePrediction = new Float4Vector("baseline_prediction", allocator);
        delta = new Float4Vector("delta", allocator);
        attributions = ListVector.empty("attributions", allocator);
        steps = new IntVector("steps", allocator);
        try {
            fillInts(target, result.targets());
            fillFloats(prediction, result.predictions(), rows);
            fillFloats(baselinePrediction, result.baselinePredictions(), rows);
            fillFloats(delta, result.deltas(), rows);
            fillLists(result.values(), rows, result.elementsPerRow());
            fillInts(steps, adaptive.stepsUsed());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The result columns in output order, as Spark column vectors. */
    ColumnVector[] columns() {
        return new ColumnVector[] {
            new ArrowColumnVector(target),
            new ArrowColumnVector(prediction),
            new ArrowColumnVector(baselinePrediction),
            new ArrowColumnVector(attributions),
            new ArrowColumnVector(delta),
            new ArrowColumnVector(steps),
        };
    }

    private static void fillInts(IntVector vector, int[] values) {
        vector.allocateNew(values.length);
        vector.getDataBuffer().nioBuffer(0, values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer().put(values);
        markAllValid(vector, values.length);
    }

    private static void fillFloats(Float4Vector vector, float[] values, int count) {
        vector.allocateNew(count);
        vector.getDataBuffer().nioBuffer(0, count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().put(values, 0, count);
        markAllValid(vector, count);
    }

    private static void markAllValid(BaseFixedWidthVector vector, int count) {
        vector.getValidityBuffer().setOne(0, (count + 7) / 8);
        vector.setValueCount(count);
    }

    /** rows lists of {@code width} floats: offsets i·width, child data copied in one put. */
    private void fillLists(float[] values, int rows, int width) {
        Float4Vector child = listData(attributions, rows);
        fillFloats(child, values, rows * width);
        for (int row = 0; row < rows; row++) {
            attributions.startNewValue(row);
            attributions.endValue(row, width);
        }
        attributions.setValueCount(rows);
    }

    /** Allocates a list vector of float lists for {@code rows} rows and returns its (empty) child. */
    private static Float4Vector listData(ListVector list, int rows) {
        list.addOrGetVector(FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
        list.setInitialCapacity(rows);
        list.allocateNew();
        return (Float4Vector) list.getDataVector();
    }

    @Override
    public void close() {
        target.close();
        prediction.close();
        baselinePrediction.close();
        attributions.close();
        delta.close();
        steps.close();
    }
}
