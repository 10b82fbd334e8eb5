package io.igaudit.report;

import io.igaudit.history.DriftResult;
import io.igaudit.history.RowCounts;
import io.igaudit.history.RunTags;
import io.igaudit.history.ThresholdResult;
import io.igaudit.stats.MeanAbsInterval;
import io.igaudit.stats.SliceSummary;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code report.html} shows, as plain values: the pipeline fills it from Spark, the
 * report renders it without Spark.
 *
 * @param run what was run, with what, how long it took
 * @param importance every feature over all rows, most important first
 * @param perClass per predicted class (target = predicted); empty otherwise
 * @param swarm a sample of rows for the beeswarm plot
 * @param images attribution maps, when rows are images (a row shape of two or more dimensions)
 * @param delta the convergence delta: summary, histogram, worst rows
 * @param compareWith {@code audit.compare-with} as configured, if set
 * @param compareOn the tags an earlier run had to share (audit.compare-on), as configured
 * @param topK audit.top-k
 * @param drift the comparison with an earlier run, when one was found
 * @param thresholds the audit.fail-on thresholds that are on, with their results
 * @param embeddings tokens and categories, for models with integer inputs at an embedding layer
 * @param notes sentences for the header about what the run did to its input (texts cut, baselines
 *     outside the data), in order
 * @param classNames the names of the model's outputs, index = output; empty without names
 * @param reference the comparison with audit.reference's run, when one is configured
 */
public record ReportModel(
        RunInfo run,
        List<Importance> importance,
        List<ClassImportance> perClass,
        Swarm swarm,
        Optional<ImageView> images,
        DeltaView delta,
        Optional<String> compareWith,
        List<String> compareOn,
        int topK,
        Optional<DriftResult> drift,
        List<ThresholdResult> thresholds,
        Optional<EmbeddingView> embeddings,
        List<String> notes,
        List<String> classNames,
        Optional<DriftResult> reference,
        List<SliceSummary> slices) {

    /** Copies the lists. */
    public ReportModel {
        slices = List.copyOf(slices);
        importance = List.copyOf(importance);
        perClass = List.copyOf(perClass);
        compareOn = List.copyOf(compareOn);
        thresholds = List.copyOf(thresholds);
        notes = List.copyOf(notes);
        classNames = List.copyOf(classNames);
    }

    /** A model without notes. */
    public ReportModel(RunInfo run, List<Importance> importance, List<ClassImportance> perClass, Swarm swarm,
            Optional<ImageView> images, DeltaView delta, Optional<String> compareWith, List<String> compareOn, int topK,
            Optional<DriftResult> drift, List<ThresholdResult> thresholds, Optional<EmbeddingView> embeddings) {
        this(run, importance, perClass, swarm, images, delta, compareWith, compareOn, topK, drift, thresholds, embeddings, List.of(),
                List.of(), Optional.empty(), List.of());
    }

    /** A model without tokens or categories. */
    public ReportModel(RunInfo run, List<Importance> importance, List<ClassImportance> perClass, Swarm swarm,
            Optional<ImageView> images, DeltaView delta, Optional<String> compareWith, List<String> compareOn, int topK,
            Optional<DriftResult> drift, List<ThresholdResult> thresholds) {
        this(run, importance, perClass, swarm, images, delta, compareWith, compareOn, topK, drift, thresholds, Optional.empty());
    }

    /** The same model with these tokens and categories. */
    public ReportModel withEmbeddings(EmbeddingView view) {
        return new ReportModel(run, importance, perClass, swarm, images, delta, compareWith, compareOn, topK, drift, thresholds,
                Optional.of(view), notes, classNames, reference, slices);
    }

    /** The same model with these notes, each a sentence the report's header shows (what the run did to its input). */
    public ReportModel withNotes(List<String> newNotes) {
        return new ReportModel(run, importance, perClass, swarm, images, delta, compareWith, compareOn, topK, drift, thresholds,
                embeddings, newNotes, classNames, reference, slices);
    }

    /** The same model with names for its classes (the model's outputs), index = output. */
    public ReportModel withClassNames(List<String> names) {
        return new ReportModel(run, importance, perClass, swarm, images, delta, compareWith, compareOn, topK, drift, thresholds,
                embeddings, notes, names, reference, slices);
    }

    /** The same model with the comparison with audit.reference's run. */
    public ReportModel withReference(Optional<DriftResult> comparison) {
        return new ReportModel(run, importance, perClass, swarm, images, delta, compareWith, compareOn, topK, drift, thresholds,
                embeddings, notes, classNames, comparison, slices);
    }

    /** The same model with the slices of audit.slices. */
    public ReportModel withSlices(List<SliceSummary> kept) {
        return new ReportModel(run, importance, perClass, swarm, images, delta, compareWith, compareOn, topK, drift, thresholds,
                embeddings, notes, classNames, reference, kept);
    }

    /** How a class is called: its name with its number ("bad (class 1)"), or "class 1" without names. */
    public String classLabel(int target) {
        return target >= 0 && target < classNames.size() ? classNames.get(target) + " (class " + target + ")" : "class " + target;
    }

    /**
     * The run's metadata.
     *
     * @param runId the run's id
     * @param started when it started
     * @param outputPath where the results are
     * @param modelPath model.path
     * @param tags the model file's SHA-256, input.path, the configuration hash and the user's tags
     * @param method how the attributions were made
     * @param rows rows read, attributed and rejected
     * @param seconds timings by phase (validation, attribution, statistics, total), in order
     * @param rowsPerSecond rows per second of the attribution pass
     * @param versions software versions by name
     */
    public record RunInfo(
            String runId,
            Instant started,
            String outputPath,
            String modelPath,
            RunTags tags,
            MethodInfo method,
            RowCounts rows,
            Map<String, Double> seconds,
            double rowsPerSecond,
            Map<String, String> versions) {}

    /**
     * How a run made its attributions.
     *
     * @param name the method as people read it
     * @param deltaMeaning what the convergence delta measures for this method
     * @param steps steps
     * @param multiplyByInputs multiply-by-inputs
     * @param baseline the baseline as described in run.json
     * @param target the target rule
     */
    public record MethodInfo(String name, DeltaMeaning deltaMeaning, int steps, boolean multiplyByInputs, String baseline,
            String target) {}

    /** What the convergence delta measures, which the report explains beside its figures. */
    public enum DeltaMeaning {
        /** The quadrature's error: 0 for the exact integral, smaller with more steps (Integrated Gradients). */
        QUADRATURE_ERROR,
        /** Sampling noise: completeness holds only in expectation over random references (Expected Gradients). */
        SAMPLING_NOISE
    }

    /**
     * One feature's importance.
     *
     * @param feature its name
     * @param meanAbs mean |attribution|
     * @param meanAbsCi its 95 % confidence interval when the rows are a sample, else {@link MeanAbsInterval#NONE}
     * @param mean mean attribution
     * @param positiveShare share of rows with a positive attribution
     * @param rank 1 = most important
     */
    public record Importance(String feature, double meanAbs, MeanAbsInterval meanAbsCi, double mean, double positiveShare,
            int rank) {

        /** A feature's importance over every row: no interval. */
        public Importance(String feature, double meanAbs, double mean, double positiveShare, int rank) {
            this(feature, meanAbs, MeanAbsInterval.NONE, mean, positiveShare, rank);
        }
    }

    /**
     * Importance within one predicted class.
     *
     * @param target the class index
     * @param rows rows predicted as this class
     * @param features its features, most important first
     */
    public record ClassImportance(int target, long rows, List<Importance> features) {
        /** Copies the list. */
        public ClassImportance {
            features = List.copyOf(features);
        }
    }

    /**
     * The beeswarm's sample: the same rows for every feature shown.
     *
     * @param totalRows rows attributed in the run
     * @param features the features shown, most important first
     */
    public record Swarm(long totalRows, List<SwarmFeature> features) {
        /** Copies the list and checks every feature has the same rows. */
        public Swarm {
            features = List.copyOf(features);
            for (SwarmFeature f : features) {
                if (f.attributions().length != features.get(0).attributions().length) {
                    throw new IllegalArgumentException("beeswarm features must share their rows: " + f.feature());
                }
            }
        }

        /** Rows in the sample. */
        public int sampleRows() {
            return features.isEmpty() ? 0 : features.get(0).attributions().length;
        }
    }

    /**
     * One feature of the beeswarm sample.
     *
     * @param feature its name
     * @param attributions each sampled row's attribution
     * @param values each sampled row's feature value (NaN when unknown)
     * @param nominal whether the values are codes or token ids, which have no order: their dots are
     *     not coloured from low to high
     */
    public record SwarmFeature(String feature, float[] attributions, float[] values, boolean nominal) {
        /** Checks the lengths match. */
        public SwarmFeature {
            if (attributions.length != values.length) {
                throw new IllegalArgumentException(feature + ": " + attributions.length + " attributions, " + values.length
                        + " values");
            }
        }

        /** A feature whose values have an order (not a code or a token id). */
        public SwarmFeature(String feature, float[] attributions, float[] values) {
            this(feature, attributions, values, false);
        }
    }

    /**
     * Attributions laid out as images: rows whose tensor shape has two or more dimensions, height
     * and width last (e.g. {@code [1, 8, 8]} or {@code [3, 32, 32]}). Every array is in the flat
     * row-major order of that shape.
     *
     * @param rowShape the tensor shape of one row
     * @param meanMaps mean |attribution| per feature: all rows first, then each predicted class
     * @param rows sampled rows to show beside their attributions
     * @param gallery how each sampled row's overlay is drawn
     */
    public record ImageView(int[] rowShape, List<MeanMap> meanMaps, List<ImageRow> rows, Gallery gallery) {
        /** Copies, and checks that the shape has two or more dimensions and matches every array. */
        public ImageView {
            rowShape = rowShape.clone();
            meanMaps = List.copyOf(meanMaps);
            rows = List.copyOf(rows);
            if (rowShape.length < 2) {
                throw new IllegalArgumentException("an image needs a row shape of two or more dimensions: "
                        + Arrays.toString(rowShape));
            }
            int elements = Arrays.stream(rowShape).reduce(1, Math::multiplyExact);
            for (MeanMap map : meanMaps) {
                checkLength(map.meanAbs().length, elements, "mean map");
            }
            int pixels = rowShape[rowShape.length - 2] * rowShape[rowShape.length - 1];
            for (ImageRow row : rows) {
                checkLength(row.values().length, elements, "row values");
                checkLength(row.attributions().length, elements, "row attributions");
                if (row.regionRanks() != null) {
                    checkLength(row.regionRanks().length, pixels, "row region ranks");
                }
            }
        }

        @Override
        public int[] rowShape() {
            return rowShape.clone();
        }

        private static void checkLength(int length, int elements, String what) {
            if (length != elements) {
                throw new IllegalArgumentException(what + " hold " + length + " values; the row shape holds " + elements);
            }
        }
    }

    /**
     * How a sampled image's overlay is drawn: as Vertex Explainable AI's visualisation options.
     *
     * @param polarity positive, negative or both
     * @param clipUpper the percentile of the image's shown |attributions| at which the colour is full
     * @param clipLower the percentile at and below which there is no colour
     * @param outlines the edges of the densest XRAI regions rather than coloured pixels (rows with region ranks)
     * @param pinkGreen positive green and negative pink; else positive red and negative blue
     * @param topArea with outlines, the share of the image the outlined regions cover at most
     */
    public record Gallery(Polarity polarity, double clipUpper, double clipLower, boolean outlines, boolean pinkGreen,
            double topArea) {

        /** Which attributions an overlay shows. */
        public enum Polarity { POSITIVE, NEGATIVE, BOTH }
    }

    /**
     * Mean |attribution| of every feature over a group of rows.
     *
     * @param target the predicted class of the group, or null for all rows
     * @param rows rows in the group
     * @param meanAbs mean |attribution| per feature, in feature order
     */
    public record MeanMap(Integer target, long rows, double[] meanAbs) {}

    /**
     * One row shown as an image beside its attributions.
     *
     * @param ids its id column values, as text
     * @param target the output explained
     * @param prediction F(x) for the target
     * @param values its feature values
     * @param attributions its attributions
     * @param regionRanks the rank of each pixel's XRAI region (H × W, 1 = densest), or null without XRAI
     */
    public record ImageRow(List<String> ids, int target, double prediction, float[] values, float[] attributions,
            int[] regionRanks) {
        /** A row without XRAI regions. */
        public ImageRow(List<String> ids, int target, double prediction, float[] values, float[] attributions) {
            this(ids, target, prediction, values, attributions, null);
        }

        /** Copies the list and checks the lengths match. */
        public ImageRow {
            ids = List.copyOf(ids);
            if (values.length != attributions.length) {
                throw new IllegalArgumentException(values.length + " values, " + attributions.length + " attributions");
            }
        }
    }

    /**
     * The convergence delta.
     *
     * @param tolerance attribution.delta-tolerance
     * @param rows rows attributed
     * @param overTolerance rows with |delta| above the tolerance (NaN deltas included)
     * @param meanAbs mean |delta|
     * @param p95Abs 95th percentile of |delta|
     * @param maxAbs largest |delta|
     * @param histogram |delta| on log-spaced bins
     * @param idColumns the id columns' names
     * @param worst the rows with the largest |delta|, largest first
     */
    public record DeltaView(
            double tolerance,
            long rows,
            long overTolerance,
            double meanAbs,
            double p95Abs,
            double maxAbs,
            DeltaHistogram histogram,
            List<String> idColumns,
            List<WorstRow> worst) {
        /** Copies the lists. */
        public DeltaView {
            idColumns = List.copyOf(idColumns);
            worst = List.copyOf(worst);
        }

        /** The share of rows over the tolerance. */
        public double shareOverTolerance() {
            return rows == 0 ? 0 : (double) overTolerance / rows;
        }
    }

    /**
     * Counts of |delta| on log-spaced bins: bin b covers [10^(b / perDecade), 10^((b + 1) / perDecade));
     * {@code counts[i]} is bin {@code firstBin + i}, and the first bin also holds every smaller value
     * (zero included).
     *
     * @param perDecade bins per power of ten
     * @param firstBin the first bin's number
     * @param counts rows per bin
     * @param nanRows rows whose delta is NaN (not in any bin)
     */
    public record DeltaHistogram(int perDecade, int firstBin, long[] counts, long nanRows) {

        /** The lower edge of bin {@code i} of {@code counts}. */
        public double lower(int i) {
            return Math.pow(10, (double) (firstBin + i) / perDecade);
        }

        /** The upper edge of bin {@code i} of {@code counts}. */
        public double upper(int i) {
            return Math.pow(10, (double) (firstBin + i + 1) / perDecade);
        }
    }

    /**
     * A row with a large |delta|.
     *
     * @param ids its id column values, as text
     * @param target the output explained
     * @param prediction F(x)
     * @param baselinePrediction F(x')
     * @param delta its convergence delta
     */
    public record WorstRow(List<String> ids, int target, double prediction, double baselinePrediction, double delta) {
        /** Copies the list. */
        public WorstRow {
            ids = List.copyOf(ids);
        }
    }
}
