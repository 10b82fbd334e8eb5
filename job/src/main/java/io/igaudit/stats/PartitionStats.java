package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Everything the run reports about its attributions, summarised by the task that produced them
 * while it produced them, and merged on the driver: per-feature statistics of all rows and of
 * each target, the deltas, the steps, the rows in an earlier run's bins and the report's sample of
 * rows. Nothing reads the written rows again.
 */
public final class PartitionStats implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final StatsSpec spec;
    private final FeatureGroup all;
    private final TreeMap<Integer, FeatureGroup> classes = new TreeMap<>();
    private final DeltaStats delta;
    private final QuantileSketch predictions;
    private FeatureGroup inputs;
    private transient SplittableRandom inputSampling;
    private final StepCounts steps = new StepCounts();
    private final BinCounts earlierBins;
    private final RowSample sample;
    private final SliceGroups slices;
    private EmbeddingStats embeddings;
    private TextCounts text = TextCounts.NONE;
    private transient SplittableRandom sampling;

    /** An empty summary of partition {@code partition}. */
    public PartitionStats(int partition, StatsSpec spec) {
        this.partition = partition;
        this.spec = spec;
        this.all = new FeatureGroup(spec.features(), spec.sketchK());
        this.delta = new DeltaStats(spec.deltaTolerance(), spec.deltaBinsPerDecade(), spec.sketchK(), spec.worstRows());
        this.predictions = new QuantileSketch(spec.sketchK());
        this.earlierBins = spec.earlierEdges() == null ? null : new BinCounts(spec.earlierEdges());
        this.sample = new RowSample(spec.sampleRows(), spec.sampleKeyLimit());
        this.slices = spec.slices().count() == 0 ? null
                : new SliceGroups(spec.slices().count(), spec.features(), spec.deltaTolerance());
    }

    /** The partition summarised. */
    public int partition() {
        return partition;
    }

    /**
     * Adds a batch.
     *
     * @param batch the batch's results
     * @param idsOf the id values of an output row, as text (asked only for rows with a large |delta|)
     */
    public void add(BatchResults batch, IntFunction<List<String>> idsOf) {
        if (sampling == null) {
            // A sample of rows for the sketches when groups are large; seeded per partition.
            sampling = new SplittableRandom(0x5DEECE66DL * (partition + 1));
        }
        int width = batch.width();
        float[] values = batch.attributions();
        for (int r = 0; r < batch.rows(); r++) {
            int offset = r * width;
            double draw = sampling.nextDouble();
            boolean sketched = draw < spec.allRowsSketchRate();
            all.add(values, offset, sketched);
            if (spec.perClass()) {
                classes.computeIfAbsent(batch.targets()[r], t -> new FeatureGroup(spec.features(), spec.sketchK()))
                        .add(values, offset, draw < spec.classSketchRate());
            }
            if (earlierBins != null) {
                earlierBins.add(values, offset);
            }
            float d = batch.deltas()[r];
            delta.add(d, sketched);
            if (sketched && Float.isFinite(batch.predictions()[r])) {
                predictions.update(batch.predictions()[r]);
            }
            if (delta.worst().admits(d)) {
                delta.worst().offer(new DeltaRow(idsOf.apply(r), batch.targets()[r], batch.predictions()[r],
                        batch.baselinePredictions()[r], d));
            }
            steps.add(batch.steps()[r]);
        }
    }

    /**
     * Adds a batch to its rows' slices (audit.slices; nothing without slices).
     *
     * @param slicesOfInputRows per input row, {@link StatsSpec.Slices#perRow} slice indices, row-major
     * @param outputsPerInputRow output rows per input row (targets per row)
     */
    public void addSlices(BatchResults batch, int[] slicesOfInputRows, int outputsPerInputRow) {
        if (slices != null) {
            slices.add(batch, slicesOfInputRows, spec.slices().perRow(), outputsPerInputRow);
        }
    }

    /** The slices' groups, or null without audit.slices. */
    public SliceGroups slices() {
        return slices;
    }

    /**
     * Adds a batch's input rows (the model's features, {@code rows × width} row-major, one row per
     * input row), whose values' sketches tell input drift between runs.
     */
    public void addInputs(float[] values, int rows, int width) {
        if (inputs == null) {
            inputs = new FeatureGroup(width, spec.sketchK());
            inputSampling = new SplittableRandom(0x9E3779B97F4A7C15L * (partition + 1));
        }
        for (int r = 0; r < rows; r++) {
            inputs.add(values, r * width, inputSampling.nextDouble() < spec.allRowsSketchRate());
        }
    }

    /** The input values' statistics (all rows), or null when the tasks kept none (a model explained at a layer). */
    public FeatureGroup inputs() {
        return inputs;
    }

    /**
     * Keeps the partition's token and category statistics with this summary, so that they travel
     * and merge with it (each partition once). The caller goes on adding rows to them.
     */
    public void keep(EmbeddingStats stats) {
        embeddings = stats;
    }

    /** Adds what tokenizing did to a batch's texts. */
    public void addText(TextCounts counts) {
        text = text.plus(counts);
    }

    /** What tokenizing did to the texts (none without a text column). */
    public TextCounts text() {
        return text;
    }

    /** The token and category statistics, or null for a model without them. */
    public EmbeddingStats embeddings() {
        return embeddings;
    }

    /** Adds every row of {@code other} (another partition of the same run). */
    public PartitionStats merge(PartitionStats other) {
        all.merge(other.all);
        other.classes.forEach((target, group) -> {
            FeatureGroup own = classes.get(target);
            if (own == null) {
                classes.put(target, group);
            } else {
                own.merge(group);
            }
        });
        delta.merge(other.delta);
        steps.merge(other.steps);
        sample.merge(other.sample);
        predictions.merge(other.predictions);
        if (inputs == null) {
            inputs = other.inputs;
        } else if (other.inputs != null) {
            inputs.merge(other.inputs);
        }
        text = text.plus(other.text);
        if (slices != null) {
            slices.merge(other.slices);
        }
        if (earlierBins != null) {
            earlierBins.merge(other.earlierBins);
        }
        if (embeddings == null) {
            embeddings = other.embeddings;
        } else if (other.embeddings != null) {
            embeddings.merge(other.embeddings);
        }
        return this;
    }

    /** All rows. */
    public FeatureGroup allRows() {
        return all;
    }

    /** One group per target, in target order (empty unless per class). */
    public Map<Integer, FeatureGroup> perTarget() {
        return new TreeMap<>(classes);
    }

    /** The deltas. */
    public DeltaStats delta() {
        return delta;
    }

    /** The report's sample of rows; the tasks offer their rows to it. */
    public RowSample sample() {
        return sample;
    }

    /** The model's output at each row's target, F(x), sketched as the deltas are. */
    public QuantileSketch predictions() {
        return predictions;
    }

    /** The steps. */
    public StepCounts steps() {
        return steps;
    }

    /** Rows per bin of the earlier run's edges, per feature (null for a feature without edges or without an earlier run). */
    public long[] earlierBinCounts(int feature) {
        return earlierBins == null ? null : earlierBins.of(feature);
    }
}
