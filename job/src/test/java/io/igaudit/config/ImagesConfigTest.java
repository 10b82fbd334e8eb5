package io.igaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** input.format = images: the defaults, the derived feature and id columns, and each inconsistency named. */
class ImagesConfigTest {

    private static JobConfig load(String... more) {
        List<String> settings = new ArrayList<>(List.of("input.path=/data/images", "input.format=images",
                "input.shape=[3, 224, 224]", "model.path=/models/m.pt", "output.path=/data/out"));
        settings.addAll(List.of(more));
        return ConfigLoader.load(Optional.empty(), settings);
    }

    private static void assertError(String expected, String... more) {
        String message = assertThrows(ConfigException.class, () -> load(more)).getMessage();
        assertTrue(message.contains(expected), "message should contain '" + expected + "': " + message);
    }

    @Test
    void defaultsAreTorchvisionsImageNetPreprocessing() {
        JobConfig config = load();
        ImagesConfig images = config.input().images();
        assertEquals(256, images.resize());
        assertEquals(224, images.crop());
        assertEquals(List.of(0.485, 0.456, 0.406), images.mean());
        assertEquals(List.of(0.229, 0.224, 0.225), images.std());
        assertEquals(ImagesConfig.ChannelOrder.RGB, images.channelOrder());
        assertEquals(1.0, images.pixelRange());
        assertEquals(Optional.of("pixels"), config.input().featureColumn());
        assertEquals(List.of("path", "label"), config.input().idColumns());
        assertEquals(List.of("path"), load("input.images.label=\"\"").input().idColumns());
        assertEquals(List.of("path"), load("input.id-columns=[path]").input().idColumns());
        JobConfig column = load("input.format=parquet", "input.images.column=image", "input.id-columns=[id]");
        assertEquals(Optional.of("pixels"), column.input().featureColumn());
        assertEquals(List.of("id"), column.input().idColumns());
        assertTrue(column.input().decodesImages() && !column.input().imageFiles());
    }

    @Test
    void inconsistentSettingsAreNamed() {
        assertError("input.shape must be [C, H, W] with C = 1 (grey) or 3", "input.shape=[2, 224, 224]");
        assertError("input.shape must be [C, H, W]", "input.shape=[784]");
        assertError("input.images.mean has 3 value(s), but input.shape [1, 224, 224] has 1 channel(s)", "input.shape=[1, 224, 224]");
        assertError("input.images.crop = 224 makes 224x224 images, but input.shape [3, 200, 200]", "input.shape=[3, 200, 200]");
        assertError("input.images.resize = 100 makes the shorter side smaller than input.images.crop = 224",
                "input.images.resize=100");
        assertError("remove input.feature-column", "input.feature-column=x");
        assertError("remove input.features", "input.features=[a]");
        assertError("input.images.std must hold positive values", "input.images.std=[1, 0, 1]");
        assertError("give both input.images.mean and input.images.std", "input.images.std=[]");
        assertError("input.images.label is 'file'", "input.images.label=file");
        assertError("input.images.glob must be a pattern on file names", "input.images.glob=\"a/*.png\"");
        assertError("input.images.pixel-range must be positive", "input.images.pixel-range=0");
        assertError("input.images.channel-order is 'rbg'", "input.images.channel-order=rbg");
        assertError("for a table whose column holds image bytes, name that column in input.images.column",
                "input.path=\"\"", "input.table=db.images");
        assertError("with input.format = images the files themselves are the images", "input.images.column=bytes");
    }
}
