package io.igaudit.pipeline;

import io.igaudit.config.AttributionConfig;
import io.igaudit.config.ConfigException;
import io.igaudit.config.JobConfig;
import io.igaudit.ig.BackgroundRows;
import io.igaudit.ig.BaselineSource;
import io.igaudit.ig.BlurPath;
import io.igaudit.ig.ImageRangeBaselines;
import io.igaudit.xrai.XraiSettings;
import io.igaudit.ig.ExplainPlan;
import io.igaudit.ig.Method;
import io.igaudit.io.Background;
import io.igaudit.io.Baselines;
import io.igaudit.io.FeatureLayout;
import io.igaudit.io.InputProfile;
import io.igaudit.io.ModelFile;
import io.igaudit.model.DeviceChoice;
import io.igaudit.model.ModelException;
import io.igaudit.model.ModelProbe;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The checks of a model of one float tensor: the rows' shape for an array feature column, the
 * model probed on baseline-shaped rows, and the plan with its baselines or background rows.
 */
final class PlainModelChecks {

    private final SparkSession spark;
    private final JobConfig config;
    private final Configuration hadoop;

    PlainModelChecks(SparkSession spark, JobConfig config) {
        this.spark = spark;
        this.config = config;
        this.hadoop = spark.sparkContext().hadoopConfiguration();
    }

    FeatureLayout arrayLayout(StructType schema, InputProfile profile) {
        String column = config.input().featureColumn().orElseThrow();
        if (profile.minArrayLength() < 0) {
            throw new ConfigException("input.feature-column '" + column + "' is null in every row");
        }
        if (profile.minArrayLength() != profile.maxArrayLength()) {
            throw new ConfigException("input.feature-column '" + column + "' has arrays of different lengths ("
                    + profile.minArrayLength() + " to " + profile.maxArrayLength() + "); every row must hold the same number of features");
        }
        if (profile.minArrayLength() == 0) {
            throw new ConfigException("input.feature-column '" + column + "' holds empty arrays");
        }
        return FeatureLayout.forArray(schema, config.input(), profile.minArrayLength());
    }

    record ProbedModel(ModelProbe.Plain plain, String device) {}

    /** Loads the model here and probes it with baseline-shaped rows: its output width, its affine head. */
    ProbedModel probeModel(String sha256, FeatureLayout layout) {
        try {
            DeviceChoice device = config.model().device();
            // In local mode the tasks run in this JVM, so a GPU asked for must be here; on a cluster
            // only the executors need one (their error is reported as bad configuration too).
            boolean tasksRunHere = spark.sparkContext().isLocal();
            ModelProbe model = ModelProbe.load(ModelFile.localVerified(config.model().path(), sha256, hadoop),
                    device.kind() == DeviceChoice.Kind.GPU && !tasksRunHere ? DeviceChoice.AUTO : device);
            return new ProbedModel(model.probePlain(layout.rowShape()), model.device());
        } catch (ModelException e) {
            // The model is loaded from a local copy named after its hash: name the configured file.
            throw new ConfigException("model.path " + config.model().path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The method with its baselines (Integrated Gradients), background rows (Expected Gradients) or
     * blur path (Blur IG, whose baseline is the most blurred image).
     */
    ExplainPlan plan(Dataset<Row> validRows, FeatureLayout layout, InputProfile profile) {
        AttributionConfig attribution = config.attribution();
        boolean expectedGradients = attribution.method() == Method.EXPECTED_GRADIENTS;
        BaselineSource baselines = expectedGradients ? null
                : attribution.method() == Method.BLUR_INTEGRATED_GRADIENTS ? blurPath(layout)
                : attribution.method() == Method.XRAI ? imageRange(layout)
                : Baselines.resolve(spark, attribution, validRows, layout, profile.means(),
                        profile.rows() - profile.invalidRows());
        BackgroundRows background = expectedGradients ? Background.resolve(spark, attribution, validRows, layout) : null;
        return new ExplainPlan(attribution.method(), attribution.integration(), attribution.adaptiveSteps(), baselines, background,
                attribution.expectedGradients().samples(), attribution.noise(), attribution.seed());
    }

    /**
     * The most pixels XRAI segments at their own size: six segmentations of segments of 150 pixels
     * or more give at most pixels / 25 regions, which xrai_ranks' smallint must hold.
     */
    private static final int MAX_PIXELS_SEGMENTED_AS_THEY_ARE = 25 * Short.MAX_VALUE;

    private ImageRangeBaselines imageRange(FeatureLayout layout) {
        int[] shape = layout.rowShape();
        if (shape.length < 2 || shape.length > 3) {
            throw new ConfigException("attribution.method = xrai segments images: input.shape must be [H, W] or [C, H, W], "
                    + "got " + java.util.Arrays.toString(shape));
        }
        XraiSettings xrai = config.attribution().xrai();
        int pixels = shape[shape.length - 2] * shape[shape.length - 1];
        if (xrai.segmentSize() == 0 && pixels > MAX_PIXELS_SEGMENTED_AS_THEY_ARE) {
            throw new ConfigException("attribution.xrai.segment-size = 0 segments images of " + shape[shape.length - 1] + "x"
                    + shape[shape.length - 2] + " pixels as they are, which can give more regions than xrai_ranks holds; "
                    + "give a segment-size such as 224");
        }
        return new ImageRangeBaselines();
    }

    private BlurPath blurPath(FeatureLayout layout) {
        if (layout.rowShape().length < 2) {
            throw new ConfigException("attribution.method = blur_ig blurs images: input.shape must be [H, W] or [C, H, W], "
                    + "got " + java.util.Arrays.toString(layout.rowShape()));
        }
        AttributionConfig.BlurIgConfig blur = config.attribution().blurIg();
        return new BlurPath(blur.maxSigma(), blur.steps(), blur.gradStep());
    }
}
