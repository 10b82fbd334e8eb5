package io.igaudit.bench;

import io.igaudit.stats.BatchResults;
import io.igaudit.stats.PartitionStats;
import io.igaudit.stats.StatsSpec;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the tasks' statistics cost per row with and without slices (scripts/bench-slices.sh), on
 * the CPU alone: {@code ROWS} rows of {@code FEATURES} attributions in batches of 256 added to a
 * task's {@link PartitionStats} as the attribution pass adds them, without slices and with
 * {@code SLICES} slices of one column (one entry per row). Prints the median of five passes each.
 *
 * <p>{@code SliceStatsBench [ROWS] [FEATURES] [SLICES]} (default 100,000, 30, 20).
 */
public final class SliceStatsBench {

    private static final int BATCH = 256;

    private SliceStatsBench() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int slices = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        SplittableRandom random = new SplittableRandom(7);
        float[] values = new float[BATCH * features];
        float[] rowFloats = new float[BATCH];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < BATCH; r++) {
            rowFloats[r] = (float) random.nextGaussian();
        }
        BatchResults batch = new BatchResults(BATCH, features, values, new int[BATCH], rowFloats, new float[BATCH], rowFloats,
                new int[BATCH]);
        int[] sliceOfRow = new int[BATCH];
        for (int r = 0; r < BATCH; r++) {
            sliceOfRow[r] = r % slices;
        }
        double without = median(() -> pass(rows, features, StatsSpec.Slices.NONE, batch, sliceOfRow));
        double with = median(() -> pass(rows, features, new StatsSpec.Slices(slices, 1), batch, sliceOfRow));
        System.out.printf(Locale.ROOT, "tasks' statistics of %,d rows x %d features: %.1f ms without slices, %.1f ms with %d "
                + "(+%.1f ms, %.0f ns per row)%n", rows, features, without, with, slices, with - without, (with - without) * 1e6 / rows);
    }

    private static double pass(int rows, int features, StatsSpec.Slices slices, BatchResults batch, int[] sliceOfRow) {
        StatsSpec spec = new StatsSpec(features, false, 0.05, StatsSpec.sketchK(features, 1), StatsSpec.sketchRate(rows), 1.0,
                null, 10, 4, 0, 0L, false, slices);
        PartitionStats stats = new PartitionStats(0, spec);
        long start = System.nanoTime();
        for (int done = 0; done < rows; done += BATCH) {
            stats.add(batch, r -> List.of());
            stats.addSlices(batch, sliceOfRow, 1);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(java.util.function.DoubleSupplier run) {
        run.getAsDouble(); // warm-up
        double[] times = new double[5];
        for (int i = 0; i < times.length; i++) {
            times[i] = run.getAsDouble();
        }
        java.util.Arrays.sort(times);
        return times[2];
    }
}
