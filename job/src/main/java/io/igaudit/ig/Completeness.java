package io.igaudit.ig;

/**
 * The completeness axiom as a check: attributions should sum to {@code F(x) - F(x')}. The
 * convergence delta is {@code Σ_i a_i - (F(x) - F(x'))} (Captum's sign); it measures the
 * quadrature error and shrinks as the number of steps grows on a smooth model.
 */
public final class Completeness {

    private Completeness() {}

    /**
     * The convergence delta of each row.
     *
     * @param completeAttributions attributions multiplied by {@code x - x'}, rows × elementsPerRow
     * @param elementsPerRow attributions per row
     * @param predictions F(x) per row
     * @param baselinePredictions F(x') per row
     */
    public static float[] deltas(
            float[] completeAttributions, int elementsPerRow, float[] predictions, float[] baselinePredictions) {
        int rows = predictions.length;
        float[] deltas = new float[rows];
        for (int row = 0; row < rows; row++) {
            double sum = 0;
            int offset = row * elementsPerRow;
            for (int i = 0; i < elementsPerRow; i++) {
                sum += completeAttributions[offset + i];
            }
            deltas[row] = (float) (sum - ((double) predictions[row] - baselinePredictions[row]));
        }
        return deltas;
    }
}
