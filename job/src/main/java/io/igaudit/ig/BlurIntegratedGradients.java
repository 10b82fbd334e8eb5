package io.igaudit.ig;

/**
 * Blur IG: Integrated Gradients along the blur path of {@link BlurPath}, from the most blurred
 * image L(x, σmax) to the input x. The attribution of element i is
 *
 * <pre>φ_i = -Σ_{k=0}^{m-1} (σ_{k+1} - σ_k) · ∂L_i/∂σ(σ_k) · ∂F/∂x_i(L(x, σ_k))</pre>
 *
 * a left Riemann sum in σ of the path integral, with ∂L/∂σ estimated by the forward difference
 * (L(x, σ_k + h) - L(x, σ_k)) / h. Each step's own width weighs its term. The minus sign is
 * there because the path runs from σmax down to 0. So, as for Integrated Gradients, a positive
 * attribution raises the explained output on the way from the blurred image to the input, and the
 * attributions add up to about F(x) - F(L(x, σmax)): the delta is measured against that.
 *
 * <p>All steps of a batch of rows go to the model in passes of at most {@code maxElementsPerPass}
 * elements; the chunks depend only on the row length and the bound, so a row's sums are the same in
 * any batch.
 */
final class BlurIntegratedGradients implements BatchAttributor {

    private final PathGradients model;
    private final BlurPath path;
    private final long maxElementsPerPass;

    BlurIntegratedGradients(PathGradients model, BlurPath path, long maxElementsPerPass) {
        this.model = model;
        this.path = path;
        this.maxElementsPerPass = maxElementsPerPass;
    }

    @Override
    public AdaptiveAttributions attribute(TargetedBatch batch) {
        FeatureBatch inputs = batch.inputs();
        int rows = batch.rows();
        int elements = inputs.elementsPerRow();
        int stepsPerPass = (int) Math.max(1, Math.min(path.steps(), maxElementsPerPass / elements));
        int rowsPerPass = (int) Math.max(1, Math.min(rows, maxElementsPerPass / ((long) stepsPerPass * elements)));
        double[] sums = new double[rows * elements];
        for (int from = 0; from < rows; from += rowsPerPass) {
            int to = Math.min(rows, from + rowsPerPass);
            for (int k = 0; k < path.steps(); k += stepsPerPass) {
                addPass(batch, from, to, k, Math.min(path.steps(), k + stepsPerPass), sums);
            }
        }
        float[] values = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            values[i] = (float) sums[i];
        }
        FeatureBatch blurred = path.forBatch(inputs, batch.seeds()).get(0);
        ModelOutputs atBlurred = model.evaluate(blurred);
        float[] baselinePredictions = new float[rows];
        for (int r = 0; r < rows; r++) {
            baselinePredictions[r] = atBlurred.value(r, batch.targets()[r]);
        }
        float[] deltas = Completeness.deltas(values, elements, batch.predictions(), baselinePredictions);
        Attributions attributions = new Attributions(
                values, rows, elements, batch.targets(), batch.predictions(), baselinePredictions, deltas);
        return AdaptiveAttributions.ofFixedSteps(attributions, path.steps(), (long) rows * path.steps());
    }

    /** One model pass: steps [kFrom, kTo) of rows [from, to), added to the running sums. */
    private void addPass(TargetedBatch batch, int from, int to, int kFrom, int kTo, double[] sums) {
        int rows = to - from;
        int count = kTo - kFrom;
        int[] shape = batch.inputs().rowShape();
        int elements = batch.inputs().elementsPerRow();
        int[] chosen = new int[rows];
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            chosen[r] = from + r;
            targets[r] = batch.targets()[from + r];
        }
        float[] x = batch.inputs().select(chosen).toArray();
        // Points and weights step-major: row s·rows + r is step kFrom + s of row from + r.
        float[] points = new float[count * rows * elements];
        float[] weights = new float[points.length];
        for (int s = 0; s < count; s++) {
            int k = kFrom + s;
            double sigma = path.sigma(k);
            double[] atSigma = path.blurredInDoubles(x, shape, sigma);
            double[] further = path.blurredInDoubles(x, shape, sigma + path.gradStep());
            double width = path.sigma(k + 1) - sigma;
            int offset = s * rows * elements;
            for (int i = 0; i < atSigma.length; i++) {
                points[offset + i] = (float) atSigma[i];
                weights[offset + i] = (float) (-width * (further[i] - atSigma[i]) / path.gradStep());
            }
        }
        float[] weighted = model.pointGradients(FeatureBatch.of(points, count * rows, shape), weights, rows, targets);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < elements; i++) {
                sums[(from + r) * elements + i] += weighted[r * elements + i];
            }
        }
    }
}
