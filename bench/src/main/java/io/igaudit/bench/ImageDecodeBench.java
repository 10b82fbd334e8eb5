package io.igaudit.bench;

import io.igaudit.config.ImagesConfig;
import io.igaudit.io.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The job's image decoding alone ({@link ImageDecoder}: ImageIO, then DJL's preprocessing), over
 * every file of a folder, several rounds; prints the median milliseconds per file.
 *
 * <pre>ImageDecodeBench FOLDER C,H,W RESIZE CROP MEAN STD ROUNDS</pre>
 *
 * MEAN and STD are one value each, used for every channel.
 */
public final class ImageDecodeBench {

    private ImageDecodeBench() {}

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        List<Integer> shape = Arrays.stream(args[1].split(",")).map(Integer::valueOf).toList();
        int channels = shape.get(0);
        double mean = Double.parseDouble(args[4]);
        double std = Double.parseDouble(args[5]);
        int rounds = Integer.parseInt(args[6]);
        ImagesConfig config = new ImagesConfig("*", true, true, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                ImagesConfig.ChannelOrder.RGB, 1.0, java.util.Collections.nCopies(channels, mean),
                java.util.Collections.nCopies(channels, std), 50_000_000, ImagesConfig.ColorConversion.CONVERT, "");
        ImageDecoder decoder = new ImageDecoder(config, shape);
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path file : all.filter(Files::isRegularFile).sorted().toList()) {
                files.add(Files.readAllBytes(file));
            }
        }
        double[] perFile = new double[rounds];
        for (int round = -1; round < rounds; round++) { // round -1 warms up
            long start = System.nanoTime();
            for (byte[] file : files) {
                ImageDecoder.Decoded decoded = decoder.decode(file);
                if (decoded.problem() != null) {
                    throw new IllegalStateException("a sample file did not decode: " + decoded.problem());
                }
            }
            if (round >= 0) {
                perFile[round] = (System.nanoTime() - start) / 1e6 / files.size();
            }
        }
        Arrays.sort(perFile);
        System.out.printf("decode: %d files, %.3f ms per file (median of %d rounds, min %.3f, max %.3f)%n", files.size(),
                perFile[rounds / 2], rounds, perFile[0], perFile[rounds - 1]);
    }
}
