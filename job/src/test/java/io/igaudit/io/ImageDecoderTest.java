package io.igaudit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.igaudit.config.ImagesConfig;
import io.igaudit.testing.ImageFiles;
import io.igaudit.testing.Samples;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Image bytes to the model's floats: exact values, the conversions, and every kind of bad file with its reason. */
class ImageDecoderTest {

    private static final int SIDE = 6;

    private static ImagesConfig plain(ImagesConfig.ColorConversion conversion) {
        return new ImagesConfig("*.png", true, true, 0, 0, ImagesConfig.ChannelOrder.RGB, 1.0, List.of(), List.of(), 1_000_000,
                conversion, "");
    }

    private static ImageDecoder decoder(int channels, ImagesConfig config) {
        return new ImageDecoder(config, List.of(channels, SIDE, SIDE));
    }

    private static float[] decode(ImageDecoder decoder, byte[] file) {
        ImageDecoder.Decoded decoded = decoder.decode(file);
        assertNull(decoded.problem(), () -> "unexpected problem: " + decoded.problem());
        return decoded.pixels();
    }

    private static String problem(ImageDecoder decoder, byte[] file) {
        ImageDecoder.Decoded decoded = decoder.decode(file);
        assertNull(decoded.pixels());
        assertNotNull(decoded.problem());
        return decoded.problem();
    }

    /** A grey image whose pixel (x, y) is {@code (37 * (y * w + x) + 11) % 256}. */
    private static BufferedImage grey(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, greyValue(width, x, y));
            }
        }
        return image;
    }

    private static int greyValue(int width, int x, int y) {
        return (37 * (y * width + x) + 11) % 256;
    }

    private static int[] rgbValue(int x, int y) {
        return new int[] {(40 * x + 3) % 256, (50 * y + 7) % 256, (13 * x * y + 200) % 256};
    }

    private static BufferedImage colour(int type) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, type);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int[] c = rgbValue(x, y);
                image.setRGB(x, y, (0x80 << 24) | (c[0] << 16) | (c[1] << 8) | c[2]);
            }
        }
        return image;
    }

    private static byte[] write(BufferedImage image, String format) {
        return ImageFiles.encode(image, format);
    }

    @Test
    void greyPngGivesItsBytesOver255InRowMajorOrder() {
        float[] pixels = decode(decoder(1, plain(ImagesConfig.ColorConversion.REJECT)), write(grey(SIDE, SIDE), "png"));
        assertEquals(SIDE * SIDE, pixels.length);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                assertEquals(greyValue(SIDE, x, y) / 255f, pixels[y * SIDE + x], 1e-7f, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void meanStdAndPixelRangeApplyPerChannel() {
        ImagesConfig config = new ImagesConfig("*", true, false, 0, 0, ImagesConfig.ChannelOrder.RGB, 255.0,
                List.of(10.0, 20.0, 30.0), List.of(2.0, 4.0, 8.0), 1_000_000, ImagesConfig.ColorConversion.REJECT, "");
        float[] pixels = decode(decoder(3, config), write(colour(BufferedImage.TYPE_INT_RGB), "png"));
        double[] mean = {10, 20, 30};
        double[] std = {2, 4, 8};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double expected = (rgbValue(x, y)[c] - mean[c]) / std[c];
                    assertEquals(expected, pixels[(c * SIDE + y) * SIDE + x], 1e-4, "channel " + c + " pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void bgrOrderReversesTheChannels() {
        ImagesConfig rgb = plain(ImagesConfig.ColorConversion.REJECT);
        ImagesConfig bgr = new ImagesConfig("*", true, false, 0, 0, ImagesConfig.ChannelOrder.BGR, 1.0, List.of(), List.of(),
                1_000_000, ImagesConfig.ColorConversion.REJECT, "");
        byte[] file = write(colour(BufferedImage.TYPE_INT_RGB), "png");
        float[] a = decode(decoder(3, rgb), file);
        float[] b = decode(decoder(3, bgr), file);
        int plane = SIDE * SIDE;
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(Arrays.copyOfRange(a, c * plane, (c + 1) * plane), Arrays.copyOfRange(b, (2 - c) * plane, (3 - c) * plane));
        }
    }

    @Test
    void conversionsFollowPil() {
        ImageDecoder colourModel = decoder(3, plain(ImagesConfig.ColorConversion.CONVERT));
        float[] repeated = decode(colourModel, write(grey(SIDE, SIDE), "png"));
        int plane = SIDE * SIDE;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                assertEquals(greyValue(SIDE, i % SIDE, i / SIDE) / 255f, repeated[c * plane + i], 1e-7f);
            }
        }
        float[] luma = decode(decoder(1, plain(ImagesConfig.ColorConversion.CONVERT)), write(colour(BufferedImage.TYPE_INT_RGB), "png"));
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int[] c = rgbValue(x, y);
                double exact = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
                // DJL rounds the luma to a byte, as PIL does (to within one level).
                assertEquals(exact / 255, luma[y * SIDE + x], 0.6 / 255, "pixel " + x + "," + y);
            }
        }
        float[] noAlpha = decode(colourModel, write(colour(BufferedImage.TYPE_INT_ARGB), "png"));
        assertArrayEquals(decode(colourModel, write(colour(BufferedImage.TYPE_INT_RGB), "png")), noAlpha);
    }

    @Test
    void greyWithAlphaKeepsItsSamples() {
        // ImageIO decodes grey + alpha PNGs in a linear grey colour model, whose RGB values are
        // gamma-converted: the decoder reads the samples, as PIL does.
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(SIDE, SIDE);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                raster.setSample(x, y, 0, greyValue(SIDE, x, y));
                raster.setSample(x, y, 1, 255);
            }
        }
        byte[] file = write(new BufferedImage(model, raster, false, null), "png");
        float[] pixels = decode(decoder(1, plain(ImagesConfig.ColorConversion.CONVERT)), file);
        for (int i = 0; i < pixels.length; i++) {
            assertEquals(greyValue(SIDE, i % SIDE, i / SIDE) / 255f, pixels[i], 1e-7f, "pixel " + i);
        }
        assertTrue(problem(decoder(1, plain(ImagesConfig.ColorConversion.REJECT)), file).contains("alpha channel"));
    }

    @Test
    void rejectNamesTheChannelsThatDiffer() {
        ImagesConfig reject = plain(ImagesConfig.ColorConversion.REJECT);
        assertTrue(problem(decoder(3, reject), write(grey(SIDE, SIDE), "png")).contains("grey where the model takes colour"));
        assertTrue(problem(decoder(1, reject), write(colour(BufferedImage.TYPE_INT_RGB), "png"))
                .contains("colour where the model takes grey"));
        assertTrue(problem(decoder(3, reject), write(colour(BufferedImage.TYPE_INT_ARGB), "png")).contains("alpha channel"));
    }

    @Test
    void resizeShortThenCentreCropMakeTheModelsSize() {
        // A 12x9 image whose left and right thirds differ: resized so that its shorter side is 8
        // (10x8 after truncation, as torchvision's Resize), then cropped to the centre 6x6.
        BufferedImage image = new BufferedImage(12, 9, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 12; x++) {
                image.getRaster().setSample(x, y, 0, 100);
            }
        }
        ImagesConfig config = new ImagesConfig("*", true, false, 8, SIDE, ImagesConfig.ChannelOrder.RGB, 1.0, List.of(),
                List.of(), 1_000_000, ImagesConfig.ColorConversion.REJECT, "");
        float[] pixels = decode(decoder(1, config), write(image, "png"));
        assertEquals(SIDE * SIDE, pixels.length);
        for (float p : pixels) {
            assertEquals(100 / 255f, p, 1e-6f); // bilinear resizing keeps a constant image constant
        }
        assertTrue(problem(decoder(1, plain(ImagesConfig.ColorConversion.REJECT)), write(image, "png"))
                .contains("12x9, but the model takes 6x6"));
    }

    @Test
    void aOneBitGreyPngIsGrey() {
        BufferedImage binary = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_BINARY);
        binary.getRaster().setSample(2, 3, 0, 1);
        float[] pixels = decode(decoder(1, plain(ImagesConfig.ColorConversion.REJECT)), write(binary, "png"));
        for (int p = 0; p < pixels.length; p++) {
            assertEquals(p == 3 * SIDE + 2 ? 1f : 0f, pixels[p], 0f, "pixel " + p);
        }
    }

    @Test
    void anImageTheResizeWouldMakeTooLargeIsNotDecoded() {
        ImagesConfig resizing = new ImagesConfig("*", true, false, 256, 0, ImagesConfig.ChannelOrder.RGB, 1.0, List.of(), List.of(),
                1_000_000, ImagesConfig.ColorConversion.CONVERT, "");
        String reason = problem(new ImageDecoder(resizing, List.of(1, 256, 256)), write(grey(400, 2), "png"));
        assertTrue(reason.contains("input.images.resize = 256 would make 13107200 pixels"), reason);
    }

    @Test
    void sixteenBitPngIsRefused() {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(1, 1, 0, 40_000);
        assertTrue(problem(decoder(1, plain(ImagesConfig.ColorConversion.CONVERT)), write(image, "png")).startsWith("16-bit PNG"));
    }

    @Test
    void corruptTruncatedAndUnknownFilesGiveTheirReason() {
        ImageDecoder decoder = decoder(1, plain(ImagesConfig.ColorConversion.CONVERT));
        byte[] noise = new byte[400];
        new Random(1).nextBytes(noise);
        assertTrue(problem(decoder, noise).startsWith("not an image file"));
        assertEquals("empty file", problem(decoder, new byte[0]));

        byte[] png = write(grey(64, 64), "png");
        String truncatedPng = problem(decoder, Arrays.copyOf(png, png.length / 2));
        assertTrue(truncatedPng.startsWith("corrupt or truncated image file"), truncatedPng);

        BufferedImage photo = colour(BufferedImage.TYPE_INT_RGB);
        BufferedImage big = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        big.getGraphics().drawImage(photo, 0, 0, 64, 64, null);
        byte[] jpeg = write(big, "jpg");
        String truncatedJpeg = problem(decoder(3, plain(ImagesConfig.ColorConversion.CONVERT)),
                Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        assertTrue(truncatedJpeg.contains("truncated") && truncatedJpeg.contains("JPEG"), truncatedJpeg);
    }

    @Test
    void cmykJpegIsNamed() {
        String reason = problem(decoder(3, plain(ImagesConfig.ColorConversion.CONVERT)), ImageFiles.cmykJpeg(16, 16));
        assertTrue(reason.contains("CMYK"), reason);
    }

    @Test
    void anImageLargerThanTheBoundIsNotDecoded() {
        byte[] png = ImageFiles.pngClaiming(write(grey(4, 4), "png"), 20_000, 20_000);
        String reason = problem(decoder(1, plain(ImagesConfig.ColorConversion.CONVERT)), png);
        assertTrue(reason.contains("20000x20000 pixels, more than input.images.max-pixels = 1000000"), reason);
    }

    /**
     * scikit-learn's flower photograph (120x90) through torchvision's ImageNet preprocessing at a
     * small size (Resize(64), CenterCrop(56), ToTensor, Normalize), made by
     * scripts/make-sample-models.py --only images. DJL's PyTorch engine resizes as torch's
     * antialiased bilinear interpolation does (torchvision's Resize on tensors): the values agree
     * to float rounding. PIL, torchvision's Resize on PIL images, rounds each resized value to a
     * byte: within one level of 255 of it.
     */
    @Test
    void agreesWithTorchvisionsPreprocessing() throws java.io.IOException {
        ImagesConfig imageNet = new ImagesConfig("*", true, false, 64, 56, ImagesConfig.ChannelOrder.RGB, 1.0,
                List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225), 1_000_000, ImagesConfig.ColorConversion.REJECT, "");
        float[] pixels = decode(new ImageDecoder(imageNet, List.of(3, 56, 56)),
                java.nio.file.Files.readAllBytes(Samples.file("images/reference/flower.png")));
        double[] tensorPath = column(Samples.readNumericCsv(Samples.file("images/reference/flower_tensor.csv")));
        double[] pilPath = column(Samples.readNumericCsv(Samples.file("images/reference/flower_pil.csv")));
        assertEquals(3 * 56 * 56, tensorPath.length);
        assertEquals(tensorPath.length, pixels.length);
        double worstTensor = 0;
        double worstPil = 0;
        double meanPil = 0;
        for (int i = 0; i < pixels.length; i++) {
            worstTensor = Math.max(worstTensor, Math.abs(pixels[i] - tensorPath[i]));
            worstPil = Math.max(worstPil, Math.abs(pixels[i] - pilPath[i]));
            meanPil += Math.abs(pixels[i] - pilPath[i]) / pixels.length;
        }
        System.out.printf("preprocessing against torchvision: tensor path max %.3g; PIL path max %.3g, mean %.3g%n",
                worstTensor, worstPil, meanPil);
        assertTrue(worstTensor < 1e-5, "tensor path: largest difference " + worstTensor);
        double oneLevel = 1.0 / 255 / 0.224; // one byte level after normalising, at the smallest std
        assertTrue(worstPil <= 1.001 * oneLevel && meanPil < oneLevel / 2, "PIL path: mean " + meanPil + ", largest " + worstPil);
    }

    private static double[] column(double[][] rows) {
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][0];
        }
        return values;
    }
}
