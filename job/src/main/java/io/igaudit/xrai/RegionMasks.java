package io.igaudit.xrai;

import java.util.ArrayList;
import java.util.List;

/**
 * XRAI's candidate regions: every segment of every segmentation as a mask of the image's pixels,
 * dilated by a disk so that it takes in its edges (PAIR's {@code _unpack_segs_to_masks}, then
 * {@code dilation(mask, disk(radius))}: the disk holds the offsets with {@code dx² + dy² ≤ r²}).
 */
public final class RegionMasks {

    private RegionMasks() {}

    /**
     * The masks, segmentation by segmentation and segment by segment in label order.
     *
     * @param segmentations per segmentation, the label of each pixel (0, 1, ...), row-major
     * @param dilationRadius the disk's radius; 0 = no dilation
     */
    public static List<boolean[]> of(List<int[]> segmentations, int height, int width, int dilationRadius) {
        List<boolean[]> masks = new ArrayList<>();
        for (int[] labels : segmentations) {
            int count = 0;
            for (int label : labels) {
                count = Math.max(count, label + 1);
            }
            boolean[][] segments = new boolean[count][labels.length];
            for (int p = 0; p < labels.length; p++) {
                segments[labels[p]][p] = true;
            }
            for (boolean[] segment : segments) {
                masks.add(dilationRadius > 0 ? dilate(segment, height, width, dilationRadius) : segment);
            }
        }
        return masks;
    }

    /** Every pixel within the disk of a pixel of the mask. */
    static boolean[] dilate(boolean[] mask, int height, int width, int radius) {
        boolean[] dilated = new boolean[mask.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!mask[y * width + x]) {
                    continue;
                }
                for (int dy = -radius; dy <= radius; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height) {
                        continue;
                    }
                    for (int dx = -radius; dx <= radius; dx++) {
                        int xx = x + dx;
                        if (xx >= 0 && xx < width && dx * dx + dy * dy <= radius * radius) {
                            dilated[yy * width + xx] = true;
                        }
                    }
                }
            }
        }
        return dilated;
    }
}
