package io.igaudit.io;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.transform.ResizeShort;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.igaudit.config.ImagesConfig;
import io.igaudit.model.TorchEngine;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * One image file's bytes to the model's input: the [C, H, W] floats of {@code input.shape}, or the
 * reason the file cannot be used. Java's ImageIO reads the file, so that its size is known before
 * it is decoded and a truncated file's warnings are heard; DJL's image API turns the picture into
 * the tensor (its {@code toNDArray}, ResizeShort and ToTensor, and NDArray arithmetic for the crop
 * and the normalisation).
 */
public final class ImageDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * CMYK (and YCCK) JPEGs: their conversion to RGB depends on the colour profile, which libraries
     * apply differently or not at all, so no one conversion would match the model's training.
     */
    private static final String CMYK = "a CMYK or YCCK JPEG, whose RGB values depend on the library that converts them: "
            + "convert the file to RGB as the model's training data was";

    private final ImagesConfig config;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param config the preprocessing
     * @param shape the model's row shape, [C, H, W]
     */
    public ImageDecoder(ImagesConfig config, List<Integer> shape) {
        this.config = config;
        this.channels = shape.get(0);
        this.height = shape.get(1);
        this.width = shape.get(2);
    }

    /** A file's pixels in the model's layout, or why there are none (exactly one is null). */
    public record Decoded(float[] pixels, String problem) {

        static Decoded problem(String problem) {
            return new Decoded(null, problem);
        }
    }

    /** Decodes and preprocesses one file; never throws for a bad file. */
    public Decoded decode(byte[] content) {
        if (content == null || content.length == 0) {
            return Decoded.problem("empty file");
        }
        BufferedImage picture;
        // In memory: ImageIO's default stream copies the bytes to a temporary file.
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                return Decoded.problem("not an image file Java's ImageIO reads (PNG, JPEG, GIF, BMP, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                String format = reader.getFormatName().toUpperCase(Locale.ROOT);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > config.maxPixels()) {
                    return Decoded.problem(format + " of " + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels, more than "
                            + "input.images.max-pixels = " + config.maxPixels() + "; not decoded (raise the bound to read it)");
                }
                long resized = resizedPixels(reader.getWidth(0), reader.getHeight(0));
                if (resized > config.maxPixels()) {
                    return Decoded.problem(format + " of " + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels, which "
                            + "input.images.resize = " + config.resize() + " would make " + resized + " pixels, more than "
                            + "input.images.max-pixels = " + config.maxPixels() + "; not decoded");
                }
                String depth = deeperThan8Bits(reader.getRawImageType(0), format);
                if (depth != null) {
                    return Decoded.problem(depth);
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                picture = reader.read(0);
                if (!warnings.isEmpty()) {
                    return Decoded.problem("truncated or damaged " + format + " file: " + warnings.get(0));
                }
            } finally {
                reader.dispose();
            }
        } catch (IIOException e) {
            return Decoded.problem(readFailure(e));
        } catch (IOException | RuntimeException e) {
            return Decoded.problem("corrupt or truncated image file: " + Messages.firstLine(e));
        }
        try {
            return preprocess(picture);
        } catch (RuntimeException e) {
            return Decoded.problem("the image could not be preprocessed: " + Messages.firstLine(e));
        }
    }

    /** The pixels after ResizeShort: the shorter side {@code resize}, the longer scaled and rounded down. */
    private long resizedPixels(int width, int height) {
        if (config.resize() == 0) {
            return (long) width * height;
        }
        long shorter = Math.max(1, Math.min(width, height));
        long longer = Math.max(width, height);
        return (longer * config.resize() / shorter) * config.resize();
    }

    private Decoded preprocess(BufferedImage picture) {
        ColorModel colors = picture.getColorModel();
        if (colors.getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
            return Decoded.problem(CMYK);
        }
        boolean grey = colors.getColorSpace().getType() == ColorSpace.TYPE_GRAY || greyPalette(colors);
        if (config.colorConversion() == ImagesConfig.ColorConversion.REJECT) {
            String mismatch = colors.hasAlpha() ? "has an alpha channel"
                    : grey && channels == 3 ? "is grey where the model takes colour (input.shape has 3 channels)"
                    : !grey && channels == 1 ? "is in colour where the model takes grey (input.shape has 1 channel)" : null;
            if (mismatch != null) {
                return Decoded.problem("the image " + mismatch + "; input.images.color-conversion = reject (set it to convert "
                        + "to convert as PIL's Image.convert does)");
            }
        }
        try (NDManager manager = TorchEngine.get().newBaseManager()) {
            Image image = ImageFactory.getInstance().fromImage(grey ? greyBytes(picture) : picture);
            // In bytes, DJL's resize would truncate each value to the byte below; in float32 it keeps
            // the fraction, as torchvision's Resize of a tensor does (PIL's rounds it to a byte).
            NDArray array = image.toNDArray(manager, channels == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR)
                    .toType(DataType.FLOAT32, false);
            if (config.resize() > 0) {
                array = new ResizeShort(config.resize()).transform(array);
            }
            if (config.crop() > 0) {
                if (array.getShape().get(0) < config.crop() || array.getShape().get(1) < config.crop()) {
                    return Decoded.problem(sizeOf(array) + (config.resize() > 0 ? " after resizing" : "")
                            + ", smaller than input.images.crop = " + config.crop());
                }
                array = centreCrop(array, config.crop());
            }
            if (array.getShape().get(0) != height || array.getShape().get(1) != width) {
                return Decoded.problem(sizeOf(array) + (config.resize() > 0 || config.crop() > 0 ? " after preprocessing" : "")
                        + ", but the model takes " + width + "x" + height + " (input.shape); set input.images.resize and crop");
            }
            array = new ToTensor().transform(array);
            if (config.pixelRange() != 1.0) {
                array = array.mul(config.pixelRange());
            }
            if (!config.mean().isEmpty()) {
                // DJL's Normalize takes three channels only: the same arithmetic, per channel of any count.
                Shape perChannel = new Shape(channels, 1, 1);
                array = array.sub(manager.create(floats(config.mean()), perChannel))
                        .div(manager.create(floats(config.std()), perChannel));
            }
            if (config.channelOrder() == ImagesConfig.ChannelOrder.BGR && channels == 3) {
                array = array.flip(0);
            }
            return new Decoded(array.toFloatArray(), null);
        }
    }

    /**
     * The centre square of an H x W x C image, at torchvision's CenterCrop offsets: (size - crop) / 2
     * rounded half to even. DJL's CenterCrop rounds down, and leaves a side one pixel longer
     * than the crop uncut.
     */
    private static NDArray centreCrop(NDArray hwc, int crop) {
        long top = (long) Math.rint((hwc.getShape().get(0) - crop) / 2.0);
        long left = (long) Math.rint((hwc.getShape().get(1) - crop) / 2.0);
        return hwc.get(new NDIndex("{}:{}, {}:{}, :", top, top + crop, left, left + crop));
    }

    /** Whether a palette holds only greys (ImageIO reads grey PNGs of 1, 2 or 4 bits with one). */
    private static boolean greyPalette(ColorModel colors) {
        if (!(colors instanceof IndexColorModel palette)) {
            return false;
        }
        for (int i = 0; i < palette.getMapSize(); i++) {
            if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A grey picture as 8-bit grey samples: ImageIO gives grey with alpha, and grey under 8 bits,
     * in models whose RGB conversion would apply a gamma curve to the samples; the samples are
     * what PIL reads. A grey palette's entries are taken as they are.
     */
    private static BufferedImage greyBytes(BufferedImage picture) {
        if (picture.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return picture;
        }
        if (picture.getColorModel() instanceof IndexColorModel palette) {
            BufferedImage grey = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            Raster indices = picture.getRaster();
            for (int y = 0; y < picture.getHeight(); y++) {
                for (int x = 0; x < picture.getWidth(); x++) {
                    grey.getRaster().setSample(x, y, 0, palette.getRed(indices.getSample(x, y, 0)));
                }
            }
            return grey;
        }
        Raster source = picture.getRaster();
        int bits = picture.getColorModel().getComponentSize(0);
        int max = (1 << bits) - 1;
        BufferedImage grey = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster target = grey.getRaster();
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int sample = source.getSample(x, y, 0);
                target.setSample(x, y, 0, bits == 8 ? sample : Math.round(sample * 255f / max));
            }
        }
        return grey;
    }

    /** Why an 8-bit preprocessing cannot take a file, or null when it can. */
    private static String deeperThan8Bits(ImageTypeSpecifier raw, String format) {
        if (raw == null) {
            return null;
        }
        ColorModel colors = raw.getColorModel();
        for (int component = 0; component < colors.getNumComponents(); component++) {
            if (colors.getComponentSize(component) > 8) {
                return colors.getComponentSize(component) + "-bit " + format + " (" + colors.getComponentSize(component)
                        + " bits per channel); the preprocessing takes 8-bit images: convert the file to 8 bits per channel";
            }
        }
        return null;
    }

    private static String readFailure(IIOException e) {
        String message = Messages.firstLine(e);
        if (message.contains("Unsupported Image Type")) {
            return CMYK;
        }
        return "corrupt or truncated image file: " + message
                + (e.getCause() != null && e.getCause() != e ? " (" + Messages.firstLine(e.getCause()) + ")" : "");
    }

    private static String sizeOf(NDArray hwc) {
        Shape shape = hwc.getShape();
        return shape.get(1) + "x" + shape.get(0);
    }

    private static float[] floats(List<Double> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }
}
