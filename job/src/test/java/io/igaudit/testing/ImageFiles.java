package io.igaudit.testing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;

/** Image files for the tests: encoded pictures, a CMYK JPEG, a PNG whose header claims another size. */
public final class ImageFiles {

    private ImageFiles() {}

    /** The picture encoded in a format ImageIO writes (png, jpg, bmp). */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no " + format + " writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG of four channels, which readers take as CMYK. */
    public static byte[] cmykJpeg(int width, int height) {
        WritableRaster cmyk = WritableRaster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                cmyk.setPixel(x, y, new int[] {(x * 10) % 256, (y * 10) % 256, 50, 20});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A copy of a PNG file whose header (IHDR) claims width x height, its checksum mended: the pixels stay small. */
    public static byte[] pngClaiming(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        // IHDR follows the 8-byte signature and the chunk's length and type: width at 16, height at
        // 20; its CRC covers type and data (17 bytes from 12) and follows them, at 29.
        putInt(copy, 16, width);
        putInt(copy, 20, height);
        CRC32 crc = new CRC32();
        crc.update(copy, 12, 17);
        putInt(copy, 29, (int) crc.getValue());
        return copy;
    }

    private static void putInt(byte[] bytes, int at, int value) {
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }
}
