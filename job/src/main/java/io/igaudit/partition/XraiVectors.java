package io.igaudit.partition;

import io.igaudit.ig.Attributions;
import io.igaudit.ig.FeatureBatch;
import io.igaudit.xrai.XraiRanking;
import io.igaudit.xrai.XraiRegions;
import io.igaudit.xrai.XraiSettings;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;

/**
 * One batch's XRAI regions as Arrow vectors, after its attributions: per output row the rank of
 * every pixel's region ({@code xrai_ranks}, 1 = densest, row-major H × W), the density of each
 * rank ({@code xrai_densities}) and the share of the image's positive attribution that its three
 * densest regions hold ({@code xrai_top3_share}).
 */
final class XraiVectors implements AutoCloseable {

    /** The regions a share is taken over. */
    static final int TOP_REGIONS = 3;

    private final ListVector ranks;
    private final ListVector densities;
    private final Float4Vector topShare;

    /**
     * @param inputs the batch's input rows
     * @param result their attributions, {@code perRow} output rows per input row
     */
    XraiVectors(FeatureBatch inputs, Attributions result, int perRow, int[] shape, XraiSettings settings,
            BufferAllocator allocator) {
        int rows = result.rows();
        int elements = result.elementsPerRow();
        int plane = shape[shape.length - 2] * shape[shape.length - 1];
        ranks = ListVector.empty("xrai_ranks", allocator);
        densities = ListVector.empty("xrai_densities", allocator);
        topShare = new Float4Vector("xrai_top3_share", allocator);
        try {
            ranks.addOrGetVector(FieldType.notNullable(new ArrowType.Int(16, true)));
            densities.addOrGetVector(FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
            ranks.allocateNew();
            densities.allocateNew();
            topShare.allocateNew(rows);
            SmallIntVector rankValues = (SmallIntVector) ranks.getDataVector();
            Float4Vector densityValues = (Float4Vector) densities.getDataVector();
            float[] values = result.values();
            int rankAt = 0;
            int densityAt = 0;
            java.util.List<boolean[]> masks = null;
            for (int out = 0; out < rows; out++) {
                if (out % perRow == 0) { // an image's regions serve each of its targets
                    float[] image = new float[elements];
                    inputs.row(out / perRow).floats().get(image);
                    masks = XraiRegions.masks(image, shape, settings);
                }
                float[] attribution = java.util.Arrays.copyOfRange(values, out * elements, (out + 1) * elements);
                XraiRanking.Regions regions = XraiRegions.rank(attribution, shape, masks, settings);
                if (regions.densities().length > Short.MAX_VALUE) {
                    throw new IllegalStateException(regions.densities().length + " XRAI regions, more than a smallint holds");
                }
                ranks.startNewValue(out);
                for (int p = 0; p < plane; p++) {
                    rankValues.setSafe(rankAt++, (short) regions.ranks()[p]);
                }
                ranks.endValue(out, plane);
                densities.startNewValue(out);
                for (double density : regions.densities()) {
                    densityValues.setSafe(densityAt++, (float) density);
                }
                densities.endValue(out, regions.densities().length);
                topShare.set(out, (float) topShare(attribution, shape, regions));
            }
            rankValues.setValueCount(rankAt);
            densityValues.setValueCount(densityAt);
            ranks.setValueCount(rows);
            densities.setValueCount(rows);
            topShare.setValueCount(rows);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The share of the positive channel-merged attribution in the {@link #TOP_REGIONS} densest regions; 0 when none is positive. */
    static double topShare(float[] attribution, int[] shape, XraiRanking.Regions regions) {
        double[] merged = XraiRegions.mergedChannels(attribution, shape);
        double top = 0;
        double all = 0;
        for (int p = 0; p < merged.length; p++) {
            double positive = Math.max(0, merged[p]);
            all += positive;
            top += regions.ranks()[p] <= TOP_REGIONS ? positive : 0;
        }
        return all > 0 ? top / all : 0;
    }

    ColumnVector[] columns() {
        return new ColumnVector[] {new ArrowColumnVector(ranks), new ArrowColumnVector(densities), new ArrowColumnVector(topShare)};
    }

    @Override
    public void close() {
        ranks.close();
        densities.close();
        topShare.close();
    }
}
