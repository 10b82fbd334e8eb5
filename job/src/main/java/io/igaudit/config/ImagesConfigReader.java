package io.igaudit.config;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks {@code input.images} against input.shape, for {@code input.format = images}. */
final class ImagesConfigReader {

    static final String PIXELS = ImagesConfig.PIXELS;
    private static final String PATH = ImagesConfig.PATH;
    private static final String LABEL = ImagesConfig.LABEL;

    private ImagesConfigReader() {}

    static ImagesConfig read(Config c) {
        String label = c.getString("input.images.label").trim();
        if (!label.isEmpty() && !label.equals("folder")) {
            throw new ConfigException("input.images.label is '" + label + "'; valid values: folder (the name of each file's "
                    + "folder) or \"\" (no label column)");
        }
        String glob = c.getString("input.images.glob").trim();
        if (glob.isEmpty() || glob.contains("/")) {
            throw new ConfigException("input.images.glob must be a pattern on file names such as \"*.png\", got '" + glob + "'");
        }
        double pixelRange = ConfigLoader.finiteDouble(c, "input.images.pixel-range");
        if (!(pixelRange > 0)) {
            throw new ConfigException("input.images.pixel-range must be positive (1.0 = pixel / 255), got " + pixelRange);
        }
        long maxPixels = c.getLong("input.images.max-pixels");
        if (maxPixels < 1) {
            throw new ConfigException("input.images.max-pixels must be positive, got " + maxPixels);
        }
        return new ImagesConfig(glob, c.getBoolean("input.images.recursive"), label.equals("folder"),
                ConfigLoader.intInRange(c, "input.images.resize", 0, 65_536),
                ConfigLoader.intInRange(c, "input.images.crop", 0, 65_536),
                ConfigLoader.enumValue(c, "input.images.channel-order", ImagesConfig.ChannelOrder.class),
                pixelRange, doubles(c, "input.images.mean"), doubles(c, "input.images.std"), maxPixels,
                ConfigLoader.enumValue(c, "input.images.color-conversion", ImagesConfig.ColorConversion.class),
                c.getString("input.images.column").trim());
    }

    /**
     * Checks the image input against the rest of input: a [C, H, W] shape with C = 1 or 3, one mean
     * and std per channel, a crop that makes the shape's size, no feature columns nor tensors.
     */
    static void check(InputConfig input, boolean tensors) {
        ImagesConfig images = input.images();
        boolean files = input.format().equals("images");
        String source = files ? "input.format = images" : "input.images.column";
        if (files && input.table().isPresent()) {
            throw new ConfigException("input.format = images reads the image files under input.path; for a table whose "
                    + "column holds image bytes, name that column in input.images.column instead");
        }
        if (files && images.byteColumn().isPresent()) {
            throw new ConfigException("input.images.column names a binary column of a table or of Parquet, ORC or JSON files; "
                    + "with input.format = images the files themselves are the images: remove one of them");
        }
        if (tensors || !input.features().isEmpty()) {
            throw new ConfigException(source + " makes one feature column, '" + PIXELS + "', from the images: "
                    + "remove " + (tensors ? "input.tensors" : "input.features"));
        }
        List<Integer> shape = input.shape();
        if (shape.size() != 3 || (shape.get(0) != 1 && shape.get(0) != 3)) {
            throw new ConfigException("input.shape must be [C, H, W] with C = 1 (grey) or 3 (colour) for input.format = images, "
                    + "such as [3, 224, 224]; got " + shape);
        }
        int channels = shape.get(0);
        requireChannels("input.images.mean", images.mean(), channels, shape);
        requireChannels("input.images.std", images.std(), channels, shape);
        if (images.mean().isEmpty() != images.std().isEmpty()) {
            throw new ConfigException("give both input.images.mean and input.images.std, or neither (found only "
                    + (images.mean().isEmpty() ? "std" : "mean") + ")");
        }
        for (double std : images.std()) {
            if (!(std > 0)) {
                throw new ConfigException("input.images.std must hold positive values, got " + images.std());
            }
        }
        if (images.crop() > 0 && (images.crop() != shape.get(1) || images.crop() != shape.get(2))) {
            throw new ConfigException("input.images.crop = " + images.crop() + " makes " + images.crop() + "x" + images.crop()
                    + " images, but input.shape " + shape + " takes " + shape.get(2) + "x" + shape.get(1)
                    + ": make them agree (or set crop = 0)");
        }
        if (images.crop() > 0 && images.resize() > 0 && images.resize() < images.crop()) {
            throw new ConfigException("input.images.resize = " + images.resize() + " makes the shorter side smaller than "
                    + "input.images.crop = " + images.crop() + ": make resize at least crop (or 0)");
        }
    }

    /** The id columns of an image input: path and label unless given. */
    static List<String> idColumns(List<String> configured, ImagesConfig images) {
        if (!configured.isEmpty()) {
            return configured;
        }
        List<String> ids = new ArrayList<>(List.of(PATH));
        if (images.labelFromFolder()) {
            ids.add(LABEL);
        }
        return ids;
    }

    private static void requireChannels(String key, List<Double> values, int channels, List<Integer> shape) {
        if (!values.isEmpty() && values.size() != channels) {
            throw new ConfigException(key + " has " + values.size() + " value(s), but input.shape " + shape + " has " + channels
                    + " channel(s): give " + channels + " (or [] for none)");
        }
    }

    private static List<Double> doubles(Config c, String key) {
        List<Double> values = new ArrayList<>();
        try {
            values.addAll(c.getDoubleList(key));
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw new ConfigException(key + " must be a list of numbers, got " + c.getValue(key).render(), e);
        }
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new ConfigException(key + " must hold finite numbers, got " + values);
            }
        }
        return values;
    }
}
