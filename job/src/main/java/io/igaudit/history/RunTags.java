package io.igaudit.history;

import io.igaudit.config.AttributionConfig;
import io.igaudit.config.AuditConfig.MatchKey;
import io.igaudit.config.BaselineSpec;
import io.igaudit.config.JobConfig;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.ig.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What identifies a run's kind in the history: the model, the dataset, the settings that change
 * attributions, and the user's tags.
 *
 * @param modelSha256 the model file's SHA-256
 * @param dataset input.path as configured
 * @param configHash {@link #configHash(JobConfig)} of the run's configuration
 * @param tags the user's tags (audit.tags), sorted by key
 */
public record RunTags(String modelSha256, String dataset, String configHash, Map<String, String> tags) {

    /** Copies the tags, sorted. */
    public RunTags {
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /**
     * The first 16 hex digits of the SHA-256 of the settings that change what attributions mean:
     * features (or the feature column and shape), method, steps, multiply-by-inputs, target and
     * baseline, and where they apply the Expected Gradients samples and background, the noise
     * tunnel, the seed and the image-baseline settings (added only then, so that the hash of a
     * plain IG configuration is what it was before these existed). Paths, output, resources and
     * the audit keys are left out, so that scheduled runs over new data, or on another cluster,
     * share it.
     */
    public static String configHash(JobConfig config) {
        var input = config.input();
        var attribution = config.attribution();
        String canonical = String.join("\n",
                "features=" + input.features(),
                "feature-column=" + input.featureColumn().orElse(""),
                "shape=" + input.shape(),
                "method=" + attribution.integration().rule().configName(),
                "steps=" + attribution.integration().steps(),
                "multiply-by-inputs=" + attribution.integration().multiplyByInputs(),
                "target=" + attribution.target().describe(),
                "baseline=" + attribution.baseline().describe())
                + methodSettings(attribution) + layerSettings(config.tensors());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * With several or integer inputs ({@code input.tensors}): the tensors, the tokenizer's length and
     * special tokens, and the layer's baselines and feature names, one line each; "" otherwise. The
     * tokenizer and vocabulary files are paths and stay out, like the other paths.
     */
    private static String layerSettings(TensorInputs inputs) {
        if (!inputs.configured()) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        for (TensorSpec tensor : inputs.tensors()) {
            lines.append("\ntensor=").append(tensor.name()).append(' ').append(tensor.type()).append(' ')
                    .append(tensor.source()).append(" shape=").append(tensor.shape()).append(" mask-for=")
                    .append(tensor.maskFor().orElse(""));
        }
        inputs.text().ifPresent(text -> lines.append("\ntext column=").append(text.column()).append(" max-length=")
                .append(text.maxLength()).append(" special-tokens=").append(text.addSpecialTokens()));
        var layer = inputs.layer();
        // The per-column map sorted: an immutable map's iteration order changes from JVM to JVM.
        return lines.append("\nlayer features-from=").append(layer.featuresFrom()).append(" reference-id=")
                .append(layer.referenceId()).append(" keep=").append(layer.keep()).append(" reference-category=")
                .append(layer.referenceCategory()).append(" reference-categories=")
                .append(new TreeMap<>(layer.referenceCategories())).toString();
    }

    /** The settings beyond plain IG that change what attributions mean, one line each ("" for plain IG). */
    private static String methodSettings(AttributionConfig attribution) {
        StringBuilder lines = new StringBuilder();
        boolean seeded = false;
        if (attribution.method() == Method.EXPECTED_GRADIENTS) {
            var eg = attribution.expectedGradients();
            lines.append("\nexpected-gradients samples=").append(eg.samples())
                    .append(" background=").append(eg.backgroundPath().orElse("input sample of " + eg.backgroundRows()));
            seeded = true;
        }
        if (attribution.method() == Method.BLUR_INTEGRATED_GRADIENTS) {
            var blur = attribution.blurIg();
            lines.append("\nblur-ig max-sigma=").append(blur.maxSigma()).append(" steps=").append(blur.steps())
                    .append(" grad-step=").append(blur.gradStep());
        }
        if (attribution.noise() != null) {
            var noise = attribution.noise();
            lines.append("\nnoise=").append(noise.type().configName()).append(' ').append(noise.samples())
                    .append(' ').append(noise.stdev());
            seeded = true;
        }
        var image = attribution.imageBaseline();
        if (attribution.baseline() instanceof BaselineSpec.White) {
            lines.append("\nwhite=").append(image.white());
        } else if (attribution.baseline() instanceof BaselineSpec.Blur) {
            lines.append("\nblur-sigma=").append(image.blurSigma());
        } else if (attribution.baseline() instanceof BaselineSpec.Uniform) {
            lines.append("\nuniform=").append(image.white()).append(' ').append(image.uniformDraws());
            seeded = true;
        }
        if (seeded) {
            lines.append("\nseed=").append(attribution.seed());
        }
        return lines.toString();
    }

    /** True when {@code other} has the same value as this for every key in {@code keys}. */
    public boolean matches(RunTags other, List<MatchKey> keys) {
        for (MatchKey key : keys) {
            boolean same = switch (key) {
                case MODEL_SHA256 -> modelSha256.equals(other.modelSha256);
                case DATASET -> dataset.equals(other.dataset);
                case CONFIG_HASH -> configHash.equals(other.configHash);
                case TAGS -> tags.equals(other.tags);
            };
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
