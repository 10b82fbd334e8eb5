/**
 * XRAI's regions (Kapishnikov, Bolukbasi, Viégas, Terry, "XRAI: Better Attributions Through
 * Regions", ICCV 2019), as PAIR's saliency library defines them: Felzenszwalb's segmentations of
 * an image at several scales, their segments as dilated masks, and the greedy ranking of the masks
 * by attribution density. Plain arithmetic on arrays: nothing here knows of Spark or DJL.
 */
package io.igaudit.xrai;
