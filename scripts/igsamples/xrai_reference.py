"""XRAI's regions as PAIR's saliency library computes them (saliency/core/xrai.py, reproduced
here step by step: PAIR's package is not in Debian, and its code uses np.int, which numpy 1.24
removed), with Debian's scikit-image 0.19 for the segmentation and the morphology.

Writes data-samples/images/reference/:
  flower224.png                       scikit-learn's flower.jpg resized to 224x224 (PIL bilinear)
  flower224_felzenszwalb_<scale>.png  skimage's felzenszwalb of it, normalised to [-1, 1] as
                                      PAIR's _normalize_image does, at PAIR's six scales (sigma
                                      0.8, min size 150); labels as 16-bit grey
  flower224_xrai_<full|fast>.png      each pixel's XRAI rank (1 = densest region), 16-bit grey
  flower224_xrai_<full|fast>.csv      the density of each rank, in rank order
The attribution ranked is synthetic and analytic, so that Java computes the very same values:
  attr(y, x) = sin(x / 17) * cos(y / 23) + 0.002 x - 0.001 y
"""
import os

import numpy as np
from PIL import Image

from .fashion import IMAGES_DIR

SCALES = [50, 100, 150, 250, 500, 1200]
SIGMA = 0.8
MIN_SIZE = 150
DILATION = 5
MIN_PIXEL_DIFF = 50


def synthetic_attribution(height, width):
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    return np.sin(x / 17.0) * np.cos(y / 23.0) + 0.002 * x - 0.001 * y


def segments(image, resize=True):
    """PAIR's _get_segments_felzenszwalb: the image (H x W x C) rescaled to [-1, 1], resized to
    224 x 224 unless resize is False, segmented at the six scales, the segments resized back."""
    from skimage import segmentation
    from skimage.transform import resize as resized
    im = (image - image.min()) / (image.max() - image.min())
    im = im * 2.0 - 1.0
    if resize:
        im = resized(im, (224, 224), order=3, mode="constant", preserve_range=True, anti_aliasing=True)
    segs = []
    for scale in SCALES:
        seg = segmentation.felzenszwalb(im, scale=scale, sigma=SIGMA, min_size=MIN_SIZE)
        if resize:
            seg = resized(seg, image.shape[:2], order=0, preserve_range=True, mode="constant",
                          anti_aliasing=False).astype(int)
        segs.append(seg)
    return segs


def masks(segs):
    from skimage.morphology import dilation, disk
    masks = []
    for seg in segs:
        for label in range(seg.min(), seg.max() + 1):
            masks.append(seg == label)
    return [dilation(mask, disk(DILATION)) for mask in masks]


def _density(mask, attr):
    return attr[mask].mean() if np.any(mask) else -np.inf


def _ranks(trace, uncomputed, output, attr):
    output[uncomputed] = _density(uncomputed, attr)
    regions = [mask for mask, _ in sorted(trace, key=lambda t: -t[1])]
    if np.any(uncomputed):
        regions.append(uncomputed)
    ranks = np.zeros(attr.shape, dtype=np.int64)
    for i, mask in enumerate(regions):
        ranks[mask] = i + 1
    densities = [output[ranks == k][0] for k in range(1, len(regions) + 1)]
    return ranks, densities


def xrai_full(attr, masks):
    output = -np.inf * np.ones(attr.shape)
    current = np.zeros(attr.shape, dtype=bool)
    remaining = {i: m for i, m in enumerate(masks)}
    trace = []
    area = 0.0
    while area <= 1.0:
        best, best_key, drop = -np.inf, None, []
        for key, mask in remaining.items():
            added = np.logical_and(mask, np.logical_not(current))
            if added.sum() < MIN_PIXEL_DIFF:
                drop.append(key)
                continue
            gain = _density(added, attr)
            if gain > best:
                best, best_key = gain, key
        for key in drop:
            del remaining[key]
        if not remaining:
            break
        added = np.logical_and(remaining[best_key], np.logical_not(current))
        trace.append((added, best))
        current = np.logical_or(current, remaining[best_key])
        area = current.mean()
        output[added] = best
        del remaining[best_key]
    return _ranks(trace, output == -np.inf, output, attr)


def xrai_fast(attr, masks):
    output = -np.inf * np.ones(attr.shape)
    current = np.zeros(attr.shape, dtype=bool)
    gains = [_density(m, attr) for m in masks]
    trace = []
    for mask, _ in sorted(zip(masks, gains), key=lambda t: -t[1]):
        added = np.logical_and(mask, np.logical_not(current))
        if added.sum() < MIN_PIXEL_DIFF:
            continue
        gain = _density(added, attr)
        trace.append((added, gain))
        output[added] = gain
        current = np.logical_or(current, mask)
    return _ranks(trace, output == -np.inf, output, attr)


def _save_labels(labels, path):
    Image.fromarray(labels.astype(np.uint16)).save(path)


def make_xrai_reference():
    import sklearn.datasets
    out = os.path.join(IMAGES_DIR, "reference")
    os.makedirs(out, exist_ok=True)
    flower = Image.fromarray(sklearn.datasets.load_sample_image("flower.jpg")).resize((224, 224), Image.BILINEAR)
    flower.save(os.path.join(out, "flower224.png"))
    image = np.asarray(Image.open(os.path.join(out, "flower224.png")), dtype=np.float64)
    segs = segments(image)
    for scale, seg in zip(SCALES, segs):
        _save_labels(seg, os.path.join(out, f"flower224_felzenszwalb_{scale}.png"))
    regions = masks(segs)
    attr = synthetic_attribution(*image.shape[:2])
    for name, algorithm in [("full", xrai_full), ("fast", xrai_fast)]:
        ranks, densities = algorithm(attr, regions)
        _save_labels(ranks, os.path.join(out, f"flower224_xrai_{name}.png"))
        np.savetxt(os.path.join(out, f"flower224_xrai_{name}.csv"), np.array(densities), fmt="%.17g", header="density",
                   comments="")
        print(f"xrai {name}: {len(regions)} masks, {len(densities)} regions")
