package io.igaudit.xrai;

/**
 * How XRAI finds and ranks regions (attribution.xrai).
 *
 * @param algorithm full or fast ranking
 * @param segmentSize the side of the square the image is resized to for segmenting (PAIR's 224);
 *     0 = segment at the image's own size
 * @param minPixelDiff the fewest new pixels a region must add to be taken
 * @param areaThreshold the share of the image the full ranking covers before the rest becomes one region
 */
public record XraiSettings(XraiRanking.Algorithm algorithm, int segmentSize, int minPixelDiff, double areaThreshold)
        implements java.io.Serializable {

    /** Felzenszwalb's scales, σ and minimum segment size, and the masks' dilation: PAIR's. */
    static final int[] SCALES = {50, 100, 150, 250, 500, 1200};
    static final double SIGMA = 0.8;
    static final int MIN_SEGMENT_SIZE = 150;
    static final int DILATION_RADIUS = 5;
}
