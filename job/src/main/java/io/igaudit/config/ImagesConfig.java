package io.igaudit.config;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How image files ({@code input.format = images}) are found, labelled and turned into the model's
 * input tensor of {@code input.shape} [C, H, W]: decoded, resized, centre-cropped, scaled and normalised.
 *
 * @param glob the file names read, a Hadoop glob on the name such as {@code *.{png,jpg}}
 * @param recursive whether the files of sub-folders are read too
 * @param labelFromFolder whether each file's label column is the name of the folder that holds it
 * @param resize the shorter side after resizing (aspect kept, bilinear); 0 = no resizing
 * @param crop the side of the centre crop; 0 = no cropping
 * @param channelOrder the order of colour channels the model takes
 * @param pixelRange the value of a full-intensity pixel before normalisation (1.0: pixel / 255)
 * @param mean the per-channel mean subtracted after scaling; empty = none
 * @param std the per-channel standard deviation divided by after that; empty = none
 * @param maxPixels the largest width × height decoded; a larger image is quarantined unread
 * @param colorConversion what happens to an image whose channels differ from the model's
 * @param column a binary column of the input holding each row's encoded image; "" for image files
 */
public record ImagesConfig(String glob, boolean recursive, boolean labelFromFolder, int resize, int crop,
        ChannelOrder channelOrder, double pixelRange, List<Double> mean, List<Double> std, long maxPixels,
        ColorConversion colorConversion, String column) implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The columns of an image file's row: its URI, its folder's name and the decoded pixels (the features). */
    public static final String PATH = "path";
    public static final String LABEL = "label";
    public static final String PIXELS = "pixels";

    /** Copies the lists. */
    public ImagesConfig {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    /** The binary column the images are in, if they are in one. */
    public Optional<String> byteColumn() {
        return column.isEmpty() ? Optional.empty() : Optional.of(column);
    }

    /** The order of colour channels in the model's input. */
    public enum ChannelOrder {
        /** Red, green, blue (torchvision's). */
        RGB,
        /** Blue, green, red (OpenCV's). */
        BGR;

        /** The configuration name. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An image whose channels are not the model's: grey for a colour model, colour for a grey one, or with alpha. */
    public enum ColorConversion {
        /** Convert as PIL's {@code Image.convert} does: grey repeated, colour to luma, alpha dropped. */
        CONVERT,
        /** Quarantine the file, naming its channels. */
        REJECT
    }
}
