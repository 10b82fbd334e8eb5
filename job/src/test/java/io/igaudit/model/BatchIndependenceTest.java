package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.ig.FeatureBatch;
import io.igaudit.ig.ModelOutputs;
import io.igaudit.ig.PathGradients;
import io.igaudit.ig.Quadrature;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchIndependence} on models written out by hand: F(x) = Σ_i x_i² per row, whose
 * gradient 2x needs no engine, computed row by row (independent), or spoilt by the number of
 * model rows in the pass (what wrong batched kernels do), or failing on a pass of one row (what
 * BatchNorm in training mode does).
 */
class BatchIndependenceTest {

    /** F(x) = Σ x_i² per row; ∇F = 2x, scaled by {@code spoil(model rows in the pass)}; one output. */
    private static class SumOfSquares implements PathGradients {
        int passes;

        /** The factor applied to every gradient of a pass of this many model rows. */
        double spoil(int modelRows) {
            return 1;
        }

        @Override
        public ModelOutputs evaluate(FeatureBatch points) {
            float[] values = points.toArray();
            int elements = points.elementsPerRow();
            float[] outputs = new float[points.rows()];
            for (int i = 0; i < values.length; i++) {
                outputs[i / elements] += values[i] * values[i];
            }
            return new ModelOutputs(outputs, points.rows(), 1);
        }

        @Override
        public float[] weightedGradients(FeatureBatch inputs, FeatureBatch baseline, Quadrature steps, int[] targets) {
            passes++;
            double factor = spoil(inputs.rows() * steps.steps());
            float[] x = inputs.toArray();
            float[] base = baseline.toArray();
            int elements = inputs.elementsPerRow();
            float[] sums = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                float start = base[baseline.rows() == 1 ? i % elements : i];
                for (int k = 0; k < steps.steps(); k++) {
                    double point = start + steps.alphas()[k] * (x[i] - start);
                    sums[i] += (float) (steps.weights()[k] * 2 * point * factor);
                }
            }
            return sums;
        }

        @Override
        public float[] sampledGradients(FeatureBatch inputs, FeatureBatch references, float[] alphas, int[] targets) {
            throw new UnsupportedOperationException();
        }
    }

    private static final FeatureBatch ROWS = FeatureBatch.of(new float[] {
        1f, -2f, 0.5f, /* row 1 */ 3f, 0f, -1f, /* row 2 */ -0.25f, 4f, 2f, /* row 3 */ 1.5f, 1.5f, -3f}, 4, 3);

    @Test
    void independentRowsShowNoDifference() {
        SumOfSquares model = new SumOfSquares();
        BatchIndependence.Mismatch mismatch = BatchIndependence.plain(model, ROWS, 1);
        assertEquals(0, mismatch.difference(), 1e-6);
        // gradients at x, 0.75x, 0.5x, 0.25x add up to 2 · 2.5 · x: the largest |x| of the probe rows is 4
        assertEquals(2 * 2.5 * 4, mismatch.scale(), 1e-5);
        assertTrue(!mismatch.inconclusive());
        // two batched passes, then one pass per point of each of the 3 probe rows
        assertEquals(2 + BatchIndependence.PROBE_ROWS * 4, model.passes);
    }

    @Test
    void gradientsThatChangeWithThePassSizeAreFound() {
        SumOfSquares model = new SumOfSquares() {
            @Override
            double spoil(int modelRows) {
                return modelRows > 1 ? 0.5 : 1; // half the gradient whenever rows share a pass
            }
        };
        BatchIndependence.Mismatch mismatch = BatchIndependence.plain(model, ROWS, 1);
        // row 2 holds the largest value, 4: the batched sum 5 · 4 · 0.5 against 5 · 4
        assertEquals(10, mismatch.difference(), 1e-5);
        assertEquals(2, mismatch.row());
        assertEquals(0.5, mismatch.difference() / mismatch.scale(), 1e-6);
    }

    @Test
    void onlyTheLargerPassBeingWrongIsFoundToo() {
        SumOfSquares model = new SumOfSquares() {
            @Override
            double spoil(int modelRows) {
                return modelRows > 4 ? 1.01 : 1; // right for one row's four points, 1 % off for 4 rows
            }
        };
        BatchIndependence.Mismatch mismatch = BatchIndependence.plain(model, ROWS, 1);
        assertEquals(0.01 * 20, mismatch.difference(), 1e-4);
    }

    @Test
    void aOnePointPassThatFailsIsAMismatchWithItsReason() {
        SumOfSquares model = new SumOfSquares() {
            @Override
            double spoil(int modelRows) {
                if (modelRows == 1) {
                    throw new ModelException("Expected more than 1 value per channel when training");
                }
                return 1;
            }
        };
        BatchIndependence.Mismatch mismatch = BatchIndependence.plain(model, ROWS, 1);
        assertNotNull(mismatch.onePointFailure());
        assertTrue(mismatch.onePointFailure().contains("more than 1 value per channel"), mismatch.onePointFailure());
        assertEquals(Double.POSITIVE_INFINITY, mismatch.difference());
    }

    @Test
    void zeroGradientsSayNothing() {
        BatchIndependence.Mismatch mismatch = BatchIndependence.plain(new SumOfSquares(), FeatureBatch.of(new float[6], 2, 3), 1);
        assertTrue(mismatch.inconclusive());
        assertEquals(0, mismatch.difference());
    }

    @Test
    void nanOnBothSidesIsNoDifferenceButOnOneSideItIs() {
        float[] withNan = ROWS.toArray();
        withNan[4] = Float.NaN; // row 1
        FeatureBatch rows = FeatureBatch.of(withNan, 4, 3);
        assertEquals(0, BatchIndependence.plain(new SumOfSquares(), rows, 1).difference(), 1e-6);
        SumOfSquares nanWhenBatched = new SumOfSquares() {
            @Override
            double spoil(int modelRows) {
                return modelRows > 1 ? Double.NaN : 1;
            }
        };
        assertEquals(Double.POSITIVE_INFINITY, BatchIndependence.plain(nanWhenBatched, ROWS, 1).difference());
    }
}
