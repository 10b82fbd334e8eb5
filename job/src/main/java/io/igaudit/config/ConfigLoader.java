package io.igaudit.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.igaudit.ig.AdaptiveSteps;
import io.igaudit.ig.IgOptions;
import io.igaudit.ig.Method;
import io.igaudit.ig.NoiseOptions;
import io.igaudit.ig.NoiseType;
import io.igaudit.ig.QuadratureRule;
import io.igaudit.model.DeviceChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the job configuration: the defaults in {@code reference.conf}, under the {@code --config}
 * file, under each {@code --set KEY=VALUE} (later ones win). Every key is checked against the
 * defaults (keys under {@code spark} excepted) and every value is validated here, so that a bad
 * configuration stops the job before Spark starts.
 */
public final class ConfigLoader {

    private static final String REFERENCE = "reference.conf";
    private static final String TAGS = "audit.tags";
    private static final String FEATURE_THRESHOLDS = "audit.fail-on.features";
    private static final String EXPECTED_GRADIENTS = "expected_gradients";
    private static final String BLUR_IG = "blur_ig";
    private static final String XRAI = "xrai";
    /** The most background rows of Expected Gradients (they travel to every executor). */
    public static final int MAX_BACKGROUND_ROWS = 10_000;
    private static final Pattern NUMBER_OR_BOOLEAN = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|true|false");

    private ConfigLoader() {}

    /**
     * The validated configuration.
     *
     * @param file the --config file, if any
     * @param overrides the --set options, each {@code KEY=VALUE}
     * @throws ConfigException naming the key, the value and the fix
     */
    public static JobConfig load(Optional<Path> file, List<String> overrides) {
        Config reference = ConfigFactory.parseURL(ConfigLoader.class.getResource(REFERENCE));
        Config merged = parseOverrides(overrides)
                .withFallback(file.map(ConfigLoader::parseFile).orElse(ConfigFactory.empty()))
                .withFallback(reference);
        try {
            merged = merged.resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("configuration could not be resolved: " + e.getMessage(), e);
        }
        rejectUnknownKeys(merged, reference);
        try {
            return build(merged, file);
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw new ConfigException("wrong type in configuration: " + e.getMessage(), e);
        }
    }

    /** Every key that reference.conf defines, for documentation and suggestions. */
    public static Set<String> knownKeys() {
        Config reference = ConfigFactory.parseURL(ConfigLoader.class.getResource(REFERENCE));
        Set<String> keys = new TreeSet<>();
        reference.entrySet().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    private static Config parseFile(Path path) {
        if (Files.isDirectory(path)) {
            throw new ConfigException("--config " + path + " is a folder; give the configuration file itself, "
                    + "e.g. --config " + path.resolve("my.conf"));
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("configuration file not found: " + path + " (--config; relative paths are taken from "
                    + Path.of("").toAbsolutePath() + ", where the command runs)");
        }
        try {
            return ConfigFactory.parseFile(path.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("configuration file " + path + " is not valid HOCON: " + e.getMessage(), e);
        }
    }

    /** Each KEY=VALUE: lists, objects, numbers and booleans as HOCON, anything else as a string. */
    private static Config parseOverrides(List<String> overrides) {
        Config config = ConfigFactory.empty();
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException("--set needs KEY=VALUE, got '" + override + "'");
            }
            String key = override.substring(0, equals).trim();
            String value = override.substring(equals + 1).trim();
            ConfigValue parsed;
            try {
                boolean structured = value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")
                        || NUMBER_OR_BOOLEAN.matcher(value).matches();
                parsed = structured
                        ? ConfigFactory.parseString("v = " + value).getValue("v")
                        : ConfigValueFactory.fromAnyRef(value, "--set " + key);
                config = config.withValue(key, parsed);
            } catch (com.typesafe.config.ConfigException e) {
                throw new ConfigException("--set " + override + ": not a valid key or HOCON value: " + e.getMessage(), e);
            }
        }
        return config;
    }

    private static void rejectUnknownKeys(Config merged, Config reference) {
        Set<String> known = new HashSet<>();
        reference.entrySet().forEach(e -> known.add(e.getKey()));
        for (Map.Entry<String, ConfigValue> entry : merged.entrySet()) {
            String key = entry.getKey();
            if (!known.contains(key) && !key.startsWith("spark.") && !key.startsWith(TAGS + ".") && !key.startsWith(FEATURE_THRESHOLDS + ".")
                    && !key.startsWith(TensorInputsReader.REFERENCE_CATEGORIES + ".")) {
                throw new ConfigException("unknown configuration key '" + key + "'"
                        + Suggestions.didYouMean(key, known) + " at " + entry.getValue().origin().description()
                        + "; every key is listed in docs/configuration.md");
            }
        }
    }

    private static JobConfig build(Config c, Optional<Path> source) {
        String format = oneOf(c, "input.format", InputConfig.FORMATS);
        ImagesConfig images = ImagesConfigReader.read(c);
        boolean imageFiles = format.equals("images");
        boolean decodesImages = imageFiles || images.byteColumn().isPresent();
        if (decodesImages && !c.getString("input.feature-column").isBlank()) {
            throw new ConfigException((imageFiles ? "input.format = images" : "input.images.column") + " makes one feature "
                    + "column, '" + ImagesConfigReader.PIXELS + "', from the images: remove input.feature-column");
        }
        InputConfig input = new InputConfig(
                c.getString("input.path").trim(),
                optional(c, "input.table"),
                optional(c, "input.where"),
                format,
                imageFiles ? ImagesConfigReader.idColumns(c.getStringList("input.id-columns"), images)
                        : c.getStringList("input.id-columns"),
                c.getStringList("input.features"),
                decodesImages ? Optional.of(ImagesConfigReader.PIXELS) : optional(c, "input.feature-column"),
                positiveInts(c, "input.shape"),
                enumValue(c, "input.on-invalid-row", InputConfig.InvalidRowPolicy.class),
                c.getStringList("input.class-names"),
                charset(c, "input.encoding"),
                since(c),
                sample(c),
                images);
        if (input.path().isEmpty() && input.table().isEmpty()) {
            throw new ConfigException("input.path is required (or input.table for a table of Spark's catalog): set it in the "
                    + "--config file or with --set input.path=...");
        }
        if (!input.path().isEmpty() && input.table().isPresent()) {
            throw new ConfigException("give exactly one of input.path (files) and input.table (a table of Spark's catalog); "
                    + "found both");
        }
        rejectDuplicates("input.class-names", input.classNames());
        boolean tensors = !c.getList("input.tensors").isEmpty();
        if (decodesImages) {
            ImagesConfigReader.check(input, tensors);
        }
        if (!tensors && input.features().isEmpty() == input.featureColumn().isEmpty()) {
            throw new ConfigException("give exactly one of input.features (a list of numeric columns) and "
                    + "input.feature-column (one array column), or input.tensors for several or integer inputs; found "
                    + (input.features().isEmpty() ? "neither" : "both"));
        }
        rejectDuplicates("input.features", input.features());
        rejectDuplicates("input.id-columns", input.idColumns());

        ModelConfig model = new ModelConfig(
                required(c, "model.path"),
                parse("model.device", c.getString("model.device"), DeviceChoice::parse),
                intInRange(c, "model.threads-per-task", 1, 256));

        String methodName = c.getString("attribution.method").trim();
        Method method = methodName.equalsIgnoreCase(EXPECTED_GRADIENTS) ? Method.EXPECTED_GRADIENTS
                : methodName.equalsIgnoreCase(BLUR_IG) ? Method.BLUR_INTEGRATED_GRADIENTS
                : methodName.equalsIgnoreCase(XRAI) ? Method.XRAI : Method.INTEGRATED_GRADIENTS;
        QuadratureRule rule = method != Method.INTEGRATED_GRADIENTS ? QuadratureRule.GAUSS_LEGENDRE
                : parse("attribution.method", methodName, ConfigLoader::quadratureRule);
        boolean autoSteps = c.getValue("attribution.steps").unwrapped() instanceof String text
                && text.trim().equalsIgnoreCase("auto");
        int initialSteps = Math.max(AdaptiveSteps.DEFAULT_INITIAL_STEPS, rule.minimumSteps());
        int steps = autoSteps ? initialSteps : stepCount(c, rule.minimumSteps());
        int maxSteps = intInRange(c, "attribution.max-steps", initialSteps, IgOptions.MAX_STEPS);
        long maxElements = c.getLong("attribution.max-elements-per-pass");
        if (maxElements < 1) {
            throw new ConfigException("attribution.max-elements-per-pass must be positive, got " + maxElements);
        }
        AttributionConfig attribution = new AttributionConfig(
                method,
                new IgOptions(rule, steps, c.getBoolean("attribution.multiply-by-inputs"), maxElements),
                target(c.getValue("attribution.target")),
                baseline(c.getValue("attribution.baseline")),
                imageBaseline(c),
                new AttributionConfig.ExpectedGradientsConfig(
                        intInRange(c, "attribution.samples", 1, IgOptions.MAX_STEPS),
                        optional(c, "attribution.background-path"),
                        intInRange(c, "attribution.background-rows", 1, MAX_BACKGROUND_ROWS)),
                blurIg(c),
                xrai(c),
                noise(c),
                c.getLong("attribution.seed"),
                intInRange(c, "attribution.batch-rows", 1, 1_000_000),
                intInRange(c, "attribution.partitions", 0, 1_000_000),
                finiteDouble(c, "attribution.delta-tolerance"),
                autoSteps ? new AdaptiveSteps(initialSteps, maxSteps, finiteDouble(c, "attribution.delta-tolerance")) : null);

        OutputConfig output = new OutputConfig(
                required(c, "output.path"),
                enumValue(c, "output.mode", OutputConfig.Mode.class),
                c.getBoolean("output.feature-columns"),
                tablePrefix(c),
                optional(c, "output.warehouse"),
                reportImages(c));
        AuditConfig audit = audit(c, output);
        if (input.sinceLastAudit()) {
            if (input.table().isEmpty()) {
                throw new ConfigException("input.since = last-audit reads what was added to an Iceberg table since the last audit; "
                        + "it needs input.table (files under input.path have no snapshots)");
            }
            if (audit.history().isEmpty()) {
                throw new ConfigException("input.since = last-audit finds the last audit in the history: set audit.history-path "
                        + "or output.table-prefix");
            }
        }

        Duration interval = c.getDuration("progress.interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new ConfigException("progress.interval must be positive, got " + interval);
        }
        Map<String, String> spark = new LinkedHashMap<>();
        c.getConfig("spark").entrySet().forEach(e -> spark.put("spark." + e.getKey(), String.valueOf(e.getValue().unwrapped())));
        return new JobConfig(input, model, attribution, output, audit, interval, spark, c.root().unwrapped(),
                TensorInputsReader.read(c, input, attribution), source);
    }

    /** input.since: "" or last-audit. */
    private static boolean since(Config c) {
        Optional<String> since = optional(c, "input.since");
        if (since.isPresent() && !since.get().equalsIgnoreCase(InputConfig.SINCE_LAST_AUDIT)) {
            throw new ConfigException("input.since is '" + since.get() + "'; valid values: \"\" (every row) or "
                    + InputConfig.SINCE_LAST_AUDIT);
        }
        return since.isPresent();
    }

    /** output.table-prefix: empty, or dot-separated names with a namespace ([catalog.]namespace.name). */
    private static Optional<String> tablePrefix(Config c) {
        Optional<String> prefix = optional(c, "output.table-prefix");
        prefix.ifPresent(name -> {
            String[] parts = name.split("\\.", -1);
            boolean names = java.util.Arrays.stream(parts).allMatch(part -> part.matches("[A-Za-z_][A-Za-z0-9_]*"));
            if (parts.length < 2 || !names) {
                throw new ConfigException("output.table-prefix '" + name + "' is not [catalog.]namespace.name (letters, digits "
                        + "and _ in each part, e.g. audit.credit_model); the tables are named <prefix>_attributions, ...");
            }
        });
        return prefix;
    }

    private static AuditConfig audit(Config c, OutputConfig output) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> tag : c.getConfig(TAGS).entrySet()) {
            if (tag.getValue().valueType() == ConfigValueType.LIST) {
                throw new ConfigException(TAGS + "." + tag.getKey() + " is a list; a tag is one value (e.g. "
                        + TAGS + " { team = risk })");
            }
            tags.put(tag.getKey(), String.valueOf(tag.getValue().unwrapped()));
        }
        List<AuditConfig.MatchKey> compareOn = new ArrayList<>();
        for (String name : c.getStringList("audit.compare-on")) {
            compareOn.add(parse("audit.compare-on", name, n -> matchKey(n)));
        }
        AuditConfig.FailOn failOn = new AuditConfig.FailOn(
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.TOP_K_OVERLAP_BELOW),
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.NDCG_BELOW),
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.MEAN_ABS_CHANGE_ABOVE),
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.PSI_ABOVE),
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.SHARE_OVER_TOLERANCE_ABOVE),
                featureThresholds(c),
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.PREDICTION_PSI_ABOVE),
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.PREDICTED_CLASS_PSI_ABOVE),
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.INPUT_PSI_ABOVE),
                threshold(c, "audit.fail-on." + AuditConfig.FailOn.CATEGORY_LINF_ABOVE));
        Optional<String> historyPath = optional(c, "audit.history-path");
        if (historyPath.isPresent() && output.tablePrefix().isPresent()) {
            throw new ConfigException("give one history: with output.table-prefix the history is the table "
                    + output.tablePrefix().get() + "_history; remove audit.history-path (" + historyPath.get() + ")");
        }
        Optional<HistoryLocation> history = output.tablePrefix().isPresent()
                ? Optional.of(new HistoryLocation.Table(output.tablePrefix().get() + "_history"))
                : historyPath.map(HistoryLocation.Folder::new);
        return new AuditConfig(history, tags,
                optional(c, "audit.compare-with").map(AuditConfig.CompareWith::parse),
                optional(c, "audit.reference").map(AuditConfig.Reference::new), compareOn,
                intInRange(c, "audit.top-k", 1, 1_000_000), failOn, slices(c));
    }

    /** audit.slices and their bounds. */
    private static SliceConfig slices(Config c) {
        List<SliceConfig.Slice> slices = new ArrayList<>();
        for (String text : c.getStringList("audit.slices")) {
            SliceConfig.Slice slice = SliceConfig.Slice.parse(text);
            if (slices.stream().anyMatch(s -> s.text().equals(slice.text()))) {
                throw new ConfigException("audit.slices names " + slice.text() + " twice");
            }
            slices.add(slice);
        }
        return new SliceConfig(slices, intInRange(c, "audit.slice-values", 1, 1_000),
                intInRange(c, "audit.slice-max-distinct", 1, 100_000), intInRange(c, "audit.slice-min-rows", 1, Integer.MAX_VALUE));
    }

    private static AuditConfig.MatchKey matchKey(String name) {
        List<String> names = new ArrayList<>();
        for (AuditConfig.MatchKey key : AuditConfig.MatchKey.values()) {
            if (key.configName().equalsIgnoreCase(name.trim())) {
                return key;
            }
            names.add(key.configName());
        }
        throw new IllegalArgumentException("'" + name + "' is not a tag; valid: " + String.join(", ", names)
                + Suggestions.didYouMean(name, names));
    }

    /** A threshold: {@code off} or a number. */
    /** audit.fail-on.features { NAME { KEY = VALUE } }: per feature, the keys of FEATURE_KEYS; off ones left out. */
    private static List<AuditConfig.FailOn.FeatureThreshold> featureThresholds(Config c) {
        List<AuditConfig.FailOn.FeatureThreshold> thresholds = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> feature : c.getObject(FEATURE_THRESHOLDS).entrySet()) {
            if (!(feature.getValue() instanceof com.typesafe.config.ConfigObject keys)) {
                throw new ConfigException(FEATURE_THRESHOLDS + "." + feature.getKey() + " must hold thresholds, e.g. "
                        + FEATURE_THRESHOLDS + " { " + feature.getKey() + ".psi-above = 0.1 }; a name with dots goes in quotes");
            }
            for (Map.Entry<String, ConfigValue> key : keys.entrySet()) {
                String path = FEATURE_THRESHOLDS + "." + ConfigUtil.joinPath(feature.getKey(), key.getKey());
                if (!AuditConfig.FailOn.FEATURE_KEYS.contains(key.getKey())) {
                    throw new ConfigException("unknown threshold " + path + Suggestions.didYouMean(key.getKey(),
                            AuditConfig.FailOn.FEATURE_KEYS) + "; per feature: " + String.join(", ", AuditConfig.FailOn.FEATURE_KEYS));
                }
                threshold(key.getValue(), path).ifPresent(value ->
                        thresholds.add(new AuditConfig.FailOn.FeatureThreshold(feature.getKey(), key.getKey(), value)));
            }
        }
        return thresholds;
    }

    private static java.util.OptionalDouble threshold(Config c, String key) {
        return threshold(c.getValue(key), key);
    }

    private static java.util.OptionalDouble threshold(ConfigValue value, String key) {
        if (value.valueType() == ConfigValueType.STRING && ((String) value.unwrapped()).trim().equalsIgnoreCase("off")) {
            return java.util.OptionalDouble.empty();
        }
        if (value.valueType() == ConfigValueType.NUMBER) {
            return java.util.OptionalDouble.of(((Number) value.unwrapped()).doubleValue());
        }
        if (value.valueType() == ConfigValueType.STRING) {
            try {
                return java.util.OptionalDouble.of(Double.parseDouble(((String) value.unwrapped()).trim()));
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new ConfigException(key + " must be off or a number, got " + value.render());
    }

    static double finiteDouble(Config c, String key) {
        ConfigValue value = c.getValue(key);
        if (!(value.unwrapped() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw new ConfigException(key + " must be a number, got " + value.render());
        }
        return number.doubleValue();
    }

    /** A quadrature rule by name; the message also lists expected_gradients. */
    private static QuadratureRule quadratureRule(String name) {
        try {
            return QuadratureRule.byName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (or " + EXPECTED_GRADIENTS + ", " + BLUR_IG + ", " + XRAI + ")", e);
        }
    }

    private static OutputConfig.ReportImages reportImages(Config c) {
        double upper = finiteDouble(c, "output.report-images.clip-upper");
        double lower = finiteDouble(c, "output.report-images.clip-lower");
        if (!(lower >= 0 && lower < upper && upper <= 100)) {
            throw new ConfigException("output.report-images.clip-lower and clip-upper must be percentiles with 0 <= clip-lower "
                    + "< clip-upper <= 100, got " + lower + " and " + upper);
        }
        double area = finiteDouble(c, "output.report-images.xrai-top-area");
        if (!(area > 0 && area <= 1)) {
            throw new ConfigException("output.report-images.xrai-top-area must be in (0, 1], got " + area);
        }
        return new OutputConfig.ReportImages(enumValue(c, "output.report-images.polarity", OutputConfig.ReportImages.Polarity.class),
                upper, lower, enumValue(c, "output.report-images.overlay", OutputConfig.ReportImages.Overlay.class),
                enumValue(c, "output.report-images.colormap", OutputConfig.ReportImages.Colormap.class), area);
    }

    private static io.igaudit.xrai.XraiSettings xrai(Config c) {
        double area = finiteDouble(c, "attribution.xrai.area-threshold");
        if (!(area > 0 && area <= 1)) {
            throw new ConfigException("attribution.xrai.area-threshold must be in (0, 1], got " + area);
        }
        return new io.igaudit.xrai.XraiSettings(enumValue(c, "attribution.xrai.algorithm", io.igaudit.xrai.XraiRanking.Algorithm.class),
                intInRange(c, "attribution.xrai.segment-size", 0, 4096), intInRange(c, "attribution.xrai.min-pixel-diff", 1, 1 << 24),
                area);
    }

    private static AttributionConfig.BlurIgConfig blurIg(Config c) {
        double maxSigma = finiteDouble(c, "attribution.blur-ig.max-sigma");
        double gradStep = finiteDouble(c, "attribution.blur-ig.grad-step");
        if (!(maxSigma > 0) || !(gradStep > 0)) {
            throw new ConfigException("attribution.blur-ig.max-sigma and grad-step must be positive (pixels), got "
                    + maxSigma + " and " + gradStep);
        }
        return new AttributionConfig.BlurIgConfig(maxSigma, intInRange(c, "attribution.blur-ig.steps", 1, IgOptions.MAX_STEPS),
                gradStep);
    }

    private static AttributionConfig.ImageBaselineConfig imageBaseline(Config c) {
        double white = finiteDouble(c, "attribution.image-baseline.white");
        double sigma = finiteDouble(c, "attribution.image-baseline.blur-sigma");
        if (!(sigma > 0)) {
            throw new ConfigException("attribution.image-baseline.blur-sigma must be positive (pixels), got " + sigma);
        }
        return new AttributionConfig.ImageBaselineConfig(white, sigma,
                intInRange(c, "attribution.image-baseline.uniform-draws", 1, 1_000));
    }

    /** The noise tunnel, or null when attribution.noise.samples is 0. */
    private static NoiseOptions noise(Config c) {
        int samples = intInRange(c, "attribution.noise.samples", 0, 10_000);
        double stdev = finiteDouble(c, "attribution.noise.stdev");
        NoiseType type = parse("attribution.noise.type", c.getString("attribution.noise.type"), NoiseType::byName);
        if (stdev < 0) {
            throw new ConfigException("attribution.noise.stdev must be 0 or more, got " + stdev);
        }
        return samples == 0 ? null : new NoiseOptions(samples, stdev, type);
    }

    private static TargetSpec target(ConfigValue configured) {
        if (configured.valueType() == ConfigValueType.LIST) {
            List<Integer> indices = new ArrayList<>();
            for (Object item : (List<?>) configured.unwrapped()) {
                if (!(item instanceof Integer index) || index < 0) {
                    throw new ConfigException("attribution.target as a list must hold output indices (0, 1, ...), found '"
                            + item + "'");
                }
                if (indices.contains(index)) {
                    throw new ConfigException("attribution.target lists output " + index + " twice");
                }
                indices.add(index);
            }
            if (indices.isEmpty()) {
                throw new ConfigException("attribution.target is an empty list; give one or more output indices, or all");
            }
            return indices.size() == 1 ? new TargetSpec.Index(indices.get(0)) : new TargetSpec.Several(indices);
        }
        String text = String.valueOf(configured.unwrapped());
        String value = text.trim();
        if (value.equalsIgnoreCase("all")) {
            return new TargetSpec.All();
        }
        if (value.equalsIgnoreCase("predicted")) {
            return new TargetSpec.Predicted();
        }
        if (value.startsWith("column:") && value.length() > "column:".length()) {
            return new TargetSpec.Column(value.substring("column:".length()).trim());
        }
        try {
            int index = Integer.parseInt(value);
            if (index >= 0) {
                return new TargetSpec.Index(index);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException("attribution.target must be an output index (0, 1, ...), a list of them, 'all', "
                + "'predicted' or 'column:NAME', got '" + text + "'");
    }

    private static BaselineSpec baseline(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NUMBER) {
            return new BaselineSpec.Constant(((Number) value.unwrapped()).doubleValue());
        }
        if (value.valueType() == ConfigValueType.LIST) {
            List<Double> numbers = new ArrayList<>();
            for (Object item : (List<?>) value.unwrapped()) {
                if (!(item instanceof Number number)) {
                    throw new ConfigException("attribution.baseline as a list must hold numbers only, found '" + item + "'");
                }
                numbers.add(number.doubleValue());
            }
            if (numbers.isEmpty()) {
                throw new ConfigException("attribution.baseline is an empty list; give one number per feature");
            }
            return new BaselineSpec.Values(numbers);
        }
        if (value.valueType() != ConfigValueType.STRING) {
            throw new ConfigException("attribution.baseline must be zeros, a number, a list of numbers, mean, "
                    + "median or a file path, got " + value.render());
        }
        String text = ((String) value.unwrapped()).trim();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "zeros", "zero":
                return new BaselineSpec.Zeros();
            case "mean":
                return new BaselineSpec.Mean();
            case "median":
                return new BaselineSpec.Median();
            case "white":
                return new BaselineSpec.White();
            case "blur":
                return new BaselineSpec.Blur();
            case "uniform":
                return new BaselineSpec.Uniform();
            default:
                break;
        }
        try {
            return new BaselineSpec.Constant(Double.parseDouble(text));
        } catch (NumberFormatException notANumber) {
            if (text.isEmpty()) {
                throw new ConfigException("attribution.baseline is empty; use zeros, a number, a list, mean, median or a file");
            }
            return new BaselineSpec.FromFile(text);
        }
    }

    private static SampleSpec sample(Config c) {
        return new SampleSpec(finiteDouble(c, "input.sample.fraction"), c.getLong("input.sample.seed"));
    }

    /** A character set's name, checked against the ones this JVM knows. */
    private static String charset(Config c, String key) {
        String name = c.getString(key).trim();
        try {
            return java.nio.charset.Charset.forName(name).name();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " is '" + name + "', which is no character set Java knows; use e.g. UTF-8, "
                    + "ISO-8859-1 (Latin-1) or windows-1252");
        }
    }

    private static String required(Config c, String key) {
        String value = c.getString(key).trim();
        if (value.isEmpty()) {
            throw new ConfigException(key + " is required: set it in the --config file or with --set " + key + "=...");
        }
        return value;
    }

    static Optional<String> optional(Config c, String key) {
        String value = c.getString(key).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String oneOf(Config c, String key, List<String> allowed) {
        String value = c.getString(key).trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new ConfigException(key + " is '" + c.getString(key) + "'; valid values: " + String.join(", ", allowed)
                    + Suggestions.didYouMean(value, allowed));
        }
        return value;
    }

    static <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        String value = oneOf(c, key, names);
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static int intInRange(Config c, String key, int min, int max) {
        ConfigValue value = c.getValue(key);
        Object raw = value.unwrapped();
        if (!(raw instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new ConfigException(key + " must be a whole number between " + min + " and " + max + ", got " + value.render());
        }
        long n = number.longValue();
        if (n < min || n > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + n);
        }
        return (int) n;
    }

    /** attribution.steps as a number; its message also offers {@code auto}, the other valid value. */
    private static int stepCount(Config c, int min) {
        try {
            return intInRange(c, "attribution.steps", min, IgOptions.MAX_STEPS);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage() + "; or set it to auto (steps chosen per row, up to attribution.max-steps)");
        }
    }

    private static List<Integer> positiveInts(Config c, String key) {
        List<Integer> values = c.getIntList(key);
        for (int v : values) {
            if (v < 1) {
                throw new ConfigException(key + " must hold positive dimensions, got " + values);
            }
        }
        return values;
    }

    static void rejectDuplicates(String key, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new ConfigException(key + " names column '" + name + "' twice");
            }
        }
    }

    private static <T> T parse(String key, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage(), e);
        }
    }
}
