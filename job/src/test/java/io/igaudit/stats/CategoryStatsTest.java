package io.igaudit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Category statistics against figures recomputed from the rows; attributions are multiples of
 * 1/8, so sums are exact in any order and counts and means must be equal.
 */
class CategoryStatsTest {

    private static final List<String> COLUMNS = List.of("colour", "size", "shape");
    /** Rows of 5 attributions: colour at 0, a numeric column at 1, size at 2, shape at 3, another number at 4. */
    private static final int[] POSITIONS = {0, 2, 3};
    private static final int WIDTH = 5;
    private static final int[] CODES_PER_COLUMN = {4, 3, 6};

    private record Rows(long[] codes, float[] attributions, int[] targets) {
        int count() {
            return targets.length;
        }

        CategoryBatch batch(int from, int to) {
            return new CategoryBatch(to - from, 1, java.util.Arrays.copyOfRange(codes, from * 3, to * 3),
                    java.util.Arrays.copyOfRange(attributions, from * WIDTH, to * WIDTH), WIDTH,
                    java.util.Arrays.copyOfRange(targets, from, to));
        }
    }

    private static Rows rows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] codes = new long[count * 3];
        float[] a = new float[count * WIDTH];
        int[] targets = new int[count];
        for (int r = 0; r < count; r++) {
            targets[r] = random.nextInt(3);
            for (int c = 0; c < 3; c++) {
                codes[r * 3 + c] = random.nextInt(CODES_PER_COLUMN[c]);
            }
            for (int i = 0; i < WIDTH; i++) {
                a[r * WIDTH + i] = (random.nextInt(65) - 32) / 8f;
            }
        }
        return new Rows(codes, a, targets);
    }

    private static CategoryStats merged(Rows rows, int[] bounds, int... order) {
        List<CategoryStats> parts = new ArrayList<>();
        for (int p = 0; p + 1 < bounds.length; p++) {
            CategoryStats part = new CategoryStats(COLUMNS, POSITIONS, true);
            part.add(rows.batch(bounds[p], bounds[p + 1]));
            parts.add(part);
        }
        CategoryStats merged = new CategoryStats(COLUMNS, POSITIONS, true);
        for (int i : order) {
            merged.merge(parts.get(i));
        }
        return merged;
    }

    private static CategoryRow find(List<CategoryRow> table, String column, long code, Integer target) {
        return table.stream().filter(r -> r.column().equals(column) && r.code() == code && Objects.equals(r.target(), target))
                .findFirst().orElse(null);
    }

    @Test
    void figuresEqualThoseRecomputedFromTheRows() {
        Rows rows = rows(700, 1);
        List<CategoryRow> table = merged(rows, new int[] {0, 100, 450, 700}, 0, 1, 2).table(Map.of());
        int expectedRows = 0;
        for (int c = 0; c < 3; c++) {
            for (Integer target : new Integer[] {null, 0, 1, 2}) {
                Map<Long, double[]> direct = new HashMap<>(); // count, sum, sum |a|, positive
                long groupRows = 0;
                for (int r = 0; r < rows.count(); r++) {
                    if (target != null && rows.targets()[r] != target) {
                        continue;
                    }
                    groupRows++;
                    double x = rows.attributions()[r * WIDTH + POSITIONS[c]];
                    double[] d = direct.computeIfAbsent(rows.codes()[r * 3 + c], k -> new double[4]);
                    d[0]++;
                    d[1] += x;
                    d[2] += Math.abs(x);
                    d[3] += x > 0 ? 1 : 0;
                }
                for (Map.Entry<Long, double[]> e : direct.entrySet()) {
                    double[] d = e.getValue();
                    CategoryRow row = find(table, COLUMNS.get(c), e.getKey(), target);
                    assertEquals((long) d[0], row.count());
                    assertEquals(d[0] / groupRows, row.share());
                    assertEquals(d[1] / d[0], row.mean());
                    assertEquals(d[2] / d[0], row.meanAbs());
                    assertEquals(d[3] / d[0], row.positiveShare());
                    assertEquals(POSITIONS[c], row.index());
                    expectedRows++;
                }
                String column = COLUMNS.get(c);
                List<CategoryRow> ranked = table.stream().filter(r -> r.column().equals(column)
                        && Objects.equals(r.target(), target)).toList();
                for (int i = 0; i < ranked.size(); i++) {
                    assertEquals(i + 1, ranked.get(i).rank());
                    assertTrue(i == 0 || ranked.get(i - 1).meanAbs() >= ranked.get(i).meanAbs());
                }
            }
        }
        assertEquals(expectedRows, table.size());
    }

    @Test
    void theMergeOrderDoesNotChangeTheTable() {
        Rows rows = rows(400, 2);
        int[] bounds = {0, 50, 120, 300, 400};
        List<CategoryRow> reference = merged(rows, bounds, 0, 1, 2, 3).table(Map.of());
        List<CategoryRow> other = merged(rows, bounds, 3, 1, 0, 2).table(Map.of());
        assertEquals(reference.size(), other.size());
        for (int i = 0; i < reference.size(); i++) {
            CategoryRow e = reference.get(i);
            CategoryRow a = other.get(i);
            assertEquals(e.code(), a.code());
            assertEquals(e.count(), a.count());
            assertEquals(e.mean(), a.mean());
            assertEquals(e.meanAbs(), a.meanAbs());
            assertEquals(e.std(), a.std(), 1e-12);
        }
    }

    @Test
    void codesTakeTheirNamesFromTheMappingWhenItHasThem() {
        CategoryStats stats = new CategoryStats(List.of("colour"), new int[] {0}, false);
        stats.add(new CategoryBatch(3, 1, new long[] {0, 1, 7}, new float[] {1, -2, 4}, 1, new int[] {0, 0, 0}));
        List<CategoryRow> table = stats.table(Map.of("colour", List.of("(missing)", "<red & \"blue\">")));
        assertEquals("<red & \"blue\">", find(table, "colour", 1, null).label());
        assertEquals("(missing)", find(table, "colour", 0, null).category());
        assertNull(find(table, "colour", 7, null).category());
        assertEquals("code 7", find(table, "colour", 7, null).label());
        assertEquals(7, table.get(0).code(), "the largest mean |attribution| first");
        assertThrows(IllegalArgumentException.class,
                () -> stats.merge(new CategoryStats(List.of("size"), new int[] {0}, false)));
    }

    @Test
    void severalTargetsPerRowShareTheirRowsCodes() {
        CategoryStats stats = new CategoryStats(List.of("colour"), new int[] {1}, true);
        // One input row of code 2, explained for targets 0 and 1: two output rows.
        stats.add(new CategoryBatch(2, 2, new long[] {2}, new float[] {9, 0.5f, 9, -1.5f}, 2, new int[] {0, 1}));
        List<CategoryRow> table = stats.table(Map.of());
        assertEquals(2, find(table, "colour", 2, null).count());
        assertEquals(-0.5, find(table, "colour", 2, null).mean());
        assertEquals(0.5, find(table, "colour", 2, 0).mean());
        assertEquals(-1.5, find(table, "colour", 2, 1).mean());
    }
}
