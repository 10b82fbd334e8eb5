package io.igaudit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Token statistics against figures recomputed from the rows. Attributions are multiples of 1/8
 * below 8 in size, so every sum is exact in double whatever the order: counts, sums and means
 * must be equal, not close.
 */
class TokenStatsTest {

    private static final int LENGTH = 12;
    private static final long PAD = 0;
    private static final long CLS = 2;
    private static final long SEP = 3;
    private static final long[] SPECIAL = {PAD, CLS, SEP};

    /** Rows of one input row each: ids [CLS, words…, SEP, PAD…], mask 1 up to SEP, target 0 or 1. */
    private record Rows(long[] ids, long[] mask, float[] attributions, int[] targets) {
        int count() {
            return targets.length;
        }

        Rows slice(int from, int to) {
            return new Rows(java.util.Arrays.copyOfRange(ids, from * LENGTH, to * LENGTH),
                    java.util.Arrays.copyOfRange(mask, from * LENGTH, to * LENGTH),
                    java.util.Arrays.copyOfRange(attributions, from * LENGTH, to * LENGTH),
                    java.util.Arrays.copyOfRange(targets, from, to));
        }

        TokenBatch batch() {
            String[] tokens = new String[ids.length];
            for (int i = 0; i < ids.length; i++) {
                tokens[i] = "w" + ids[i];
            }
            return new TokenBatch(count(), 1, LENGTH, ids, tokens, mask, attributions, LENGTH, 0, targets);
        }
    }

    /** Ids 4..4+vocabulary, skewed towards small ids (squares of uniforms), attributions k/8 with |k| ≤ 40. */
    private static Rows rows(int count, int vocabulary, long seed) {
        return rows(count, vocabulary, seed, 2);
    }

    /** As {@link #rows(int, int, long)}, ids drawn as uniforms to the power {@code skew}. */
    private static Rows rows(int count, int vocabulary, long seed, double skew) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[count * LENGTH];
        long[] mask = new long[count * LENGTH];
        float[] a = new float[count * LENGTH];
        int[] targets = new int[count];
        for (int r = 0; r < count; r++) {
            int words = 1 + random.nextInt(LENGTH - 2);
            targets[r] = random.nextInt(2);
            for (int p = 0; p < LENGTH; p++) {
                int i = r * LENGTH + p;
                double u = Math.pow(random.nextDouble(), skew);
                ids[i] = p == 0 ? CLS : p <= words ? 4 + (long) (u * vocabulary) : p == words + 1 ? SEP : PAD;
                mask[i] = p <= words + 1 ? 1 : 0;
                // Padded positions get a value too, which the statistics must ignore.
                a[i] = (random.nextInt(81) - 40) / 8f;
            }
        }
        return new Rows(ids, mask, a, targets);
    }

    /** The figures of one token in one group, straight from the rows. */
    private static final class Direct {
        long occurrences;
        long rows;
        double sum;
        double sumAbs;
        long positive;
        final List<Double> values = new ArrayList<>();
    }

    /** Per group (null = all rows, then 0 and 1) and token id, over the unpadded positions. */
    private static Map<Integer, Map<Long, Direct>> direct(Rows rows) {
        Map<Integer, Map<Long, Direct>> groups = new HashMap<>();
        for (int r = 0; r < rows.count(); r++) {
            for (Integer group : new Integer[] {null, rows.targets()[r]}) {
                Map<Long, Direct> tokens = groups.computeIfAbsent(group, g -> new HashMap<>());
                java.util.Set<Long> seen = new java.util.HashSet<>();
                for (int p = 0; p < LENGTH; p++) {
                    int i = r * LENGTH + p;
                    if (rows.mask()[i] == 0) {
                        continue;
                    }
                    Direct d = tokens.computeIfAbsent(rows.ids()[i], id -> new Direct());
                    double x = rows.attributions()[i];
                    d.occurrences++;
                    d.rows += seen.add(rows.ids()[i]) ? 1 : 0;
                    d.sum += x;
                    d.sumAbs += Math.abs(x);
                    d.positive += x > 0 ? 1 : 0;
                    d.values.add(x);
                }
            }
        }
        return groups;
    }

    private static double std(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return values.size() < 2 ? Double.NaN : Math.sqrt(squares / (values.size() - 1));
    }

    /** The rows cut into {@code parts} unequal partitions, each summarised in batches of 7 rows. */
    private static List<TokenStats> partitions(Rows rows, int parts, int capacity) {
        List<TokenStats> states = new ArrayList<>();
        int from = 0;
        for (int p = 0; p < parts; p++) {
            int to = p == parts - 1 ? rows.count() : from + rows.count() * (p + 1) / (parts * (parts + 1) / 2);
            TokenStats state = new TokenStats(capacity, SPECIAL, true);
            for (int b = from; b < to; b += 7) {
                state.add(rows.slice(b, Math.min(to, b + 7)).batch());
            }
            states.add(state);
            from = to;
        }
        return states;
    }

    private static TokenStats mergeInOrder(List<TokenStats> states, int... order) {
        TokenStats merged = new TokenStats(states.get(0).capacity(), SPECIAL, true);
        for (int i : order) {
            merged.merge(states.get(i));
        }
        return merged;
    }

    private static TokenRow find(List<TokenRow> table, Integer target, long id) {
        return table.stream().filter(t -> Objects.equals(t.target(), target) && t.tokenId() == id).findFirst().orElse(null);
    }

    @Test
    void figuresEqualThoseRecomputedFromTheRows() {
        Rows rows = rows(500, 40, 1);
        TokenStats stats = mergeInOrder(partitions(rows, 3, 1_000), 0, 1, 2);
        List<TokenRow> table = stats.table(5);
        Map<Integer, Map<Long, Direct>> direct = direct(rows);
        assertEquals(0, stats.errorBound());
        int checked = 0;
        for (Map.Entry<Integer, Map<Long, Direct>> group : direct.entrySet()) {
            for (Map.Entry<Long, Direct> token : group.getValue().entrySet()) {
                Direct d = token.getValue();
                TokenRow row = find(table, group.getKey(), token.getKey());
                assertNotNull(row, "token " + token.getKey() + " of group " + group.getKey());
                assertEquals("w" + token.getKey(), row.token());
                assertEquals(d.occurrences, row.occurrences());
                assertEquals(d.rows, row.rows());
                assertEquals(d.sumAbs, row.totalAbs());
                assertEquals(d.sum / d.occurrences, row.mean());
                assertEquals(d.sumAbs / d.occurrences, row.meanAbs());
                assertEquals((double) d.positive / d.occurrences, row.positiveShare());
                assertEquals(std(d.values), row.std(), 1e-12);
                assertTrue(row.exact());
                assertEquals(token.getKey() == CLS || token.getKey() == SEP, row.special());
                checked++;
            }
        }
        assertEquals(checked, table.size(), "no token the rows lack");
        assertFalse(table.stream().anyMatch(t -> t.tokenId() == PAD), "padded positions are left out");
        long padded = java.util.Arrays.stream(rows.mask()).filter(m -> m == 0).count();
        assertEquals(padded, stats.paddedPositions());
        assertEquals(500L * LENGTH, stats.positions());
        assertEquals(500, stats.rows());
        assertEquals(500, stats.rowsPerTarget().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void ranksFollowTotalAndMeanWithTheMinimumOccurrences() {
        Rows rows = rows(300, 60, 2);
        List<TokenRow> table = mergeInOrder(partitions(rows, 2, 1_000), 0, 1).table(20);
        for (Integer group : new Integer[] {null, 0, 1}) {
            List<TokenRow> ordinary = table.stream().filter(t -> Objects.equals(t.target(), group) && !t.special()).toList();
            for (int i = 0; i < ordinary.size(); i++) {
                assertEquals(i + 1, ordinary.get(i).rankTotal());
                if (i > 0) {
                    assertTrue(ordinary.get(i - 1).totalAbs() >= ordinary.get(i).totalAbs());
                }
            }
            List<TokenRow> byMean = ordinary.stream().filter(t -> t.rankMeanAbs() > 0)
                    .sorted(java.util.Comparator.comparingInt(TokenRow::rankMeanAbs)).toList();
            assertEquals(ordinary.stream().filter(t -> t.occurrences() >= 20).count(), byMean.size());
            for (int i = 0; i < byMean.size(); i++) {
                assertEquals(i + 1, byMean.get(i).rankMeanAbs());
                assertTrue(i == 0 || byMean.get(i - 1).meanAbs() >= byMean.get(i).meanAbs());
            }
            assertTrue(table.stream().filter(t -> Objects.equals(t.target(), group) && t.special())
                    .allMatch(t -> t.rankTotal() == 0 && t.rankMeanAbs() == 0), "special tokens are not ranked");
        }
    }

    @Test
    void theMergeOrderDoesNotChangeTheTable() {
        List<TokenStats> states = partitions(rows(400, 50, 3), 4, 1_000);
        List<TokenRow> reference = mergeInOrder(states, 0, 1, 2, 3).table(3);
        for (int[] order : new int[][] {{3, 2, 1, 0}, {2, 0, 3, 1}, {1, 3, 0, 2}}) {
            assertTables(reference, mergeInOrder(states, order).table(3));
        }
        // A tree of merges, as Spark may combine partial results.
        TokenStats left = mergeInOrder(states, 0, 3);
        TokenStats right = mergeInOrder(states, 2, 1);
        assertTables(reference, left.merge(right).table(3));
    }

    private static void assertTables(List<TokenRow> expected, List<TokenRow> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            TokenRow e = expected.get(i);
            TokenRow a = actual.get(i);
            assertEquals(e.tokenId(), a.tokenId());
            assertEquals(e.target(), a.target());
            assertEquals(e.occurrences(), a.occurrences());
            assertEquals(e.rows(), a.rows());
            assertEquals(e.totalAbs(), a.totalAbs());
            assertEquals(e.mean(), a.mean());
            assertEquals(e.std(), a.std(), 1e-12);
            assertEquals(e.rankTotal(), a.rankTotal());
            assertEquals(e.rankMeanAbs(), a.rankMeanAbs());
        }
    }

    @Test
    void aTokenWhoseTotalExceedsTheErrorIsNeverDropped() {
        // 400 words in states of capacity 8: every task drops, so does the driver.
        Rows rows = rows(1_200, 400, 4, 4);
        Map<Integer, Map<Long, Direct>> direct = direct(rows);
        List<TokenStats> states = partitions(rows, 6, 8);
        for (int[] order : new int[][] {{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {3, 0, 5, 1, 4, 2}}) {
            TokenStats merged = mergeInOrder(states, order);
            double bound = merged.errorBound();
            assertTrue(bound > 0, "the test must make the table drop tokens");
            assertTrue(merged.size() <= 2 * 8 + SPECIAL.length);
            List<TokenRow> table = merged.table(1);
            int above = 0;
            for (Integer group : new Integer[] {null, 0, 1}) {
                for (Map.Entry<Long, Direct> token : direct.get(group).entrySet()) {
                    double total = token.getValue().sumAbs;
                    TokenRow row = find(table, group, token.getKey());
                    if (total > bound) {
                        above++;
                        assertNotNull(row, "token " + token.getKey() + " (total " + total + " > ε " + bound
                                + ") was dropped from group " + group);
                    }
                    if (row != null) {
                        assertTrue(row.totalAbs() <= total, "recorded totals are lower bounds");
                        assertTrue(total <= row.totalAbs() + row.errorBound(), "token " + token.getKey() + ": missing "
                                + (total - row.totalAbs()) + " > its error " + row.errorBound());
                        assertTrue(row.occurrences() <= token.getValue().occurrences);
                        if (row.exact()) {
                            assertEquals(token.getValue().occurrences, row.occurrences());
                            assertEquals(total, row.totalAbs());
                        }
                    }
                }
            }
            assertTrue(above >= 3, "several tokens are above the bound: " + above);
        }
    }

    @Test
    void aTokenDroppedByEveryTaskButOneIsKeptWithItsErrorStated() {
        // Tasks 0..8 hold word 999 once at 2.5, then 30 words at 3 each: at the 21st word each
        // keeps 10 words and drops 10 and word 999 (ε = 3 each). Task 9 holds word 999 alone, at
        // 40. Its true total 9 × 2.5 + 40 = 62.5 exceeds ε = 27, so the merged table must hold it,
        // recording 40 with an error of 27 (what the nine tasks may have dropped). The driver's
        // state is large enough to drop nothing itself.
        TokenStats merged = new TokenStats(1_000, SPECIAL, false);
        for (int task = 0; task < 10; task++) {
            boolean last = task == 9;
            int words = last ? 1 : 31;
            long[] ids = new long[words];
            float[] a = new float[words];
            ids[0] = 999;
            a[0] = last ? 40 : 2.5f;
            for (int w = 1; w < words; w++) {
                ids[w] = 10 + task * 100 + w;
                a[w] = 3;
            }
            TokenStats state = new TokenStats(10, SPECIAL, false);
            state.add(new TokenBatch(1, 1, words, ids, null, null, a, words, 0, new int[] {0}));
            assertEquals(last ? 0 : 3, state.errorBound());
            merged.merge(state);
        }
        assertEquals(27, merged.errorBound());
        TokenRow thin = find(merged.table(1), null, 999);
        assertNotNull(thin);
        assertEquals(40, thin.totalAbs());
        assertEquals(27, thin.errorBound());
        assertFalse(thin.exact());
        assertTrue(62.5 <= thin.totalAbs() + thin.errorBound());
    }

    @Test
    void severalTargetsPerRowAndIdsWithoutStrings() {
        long[] ids = {CLS, 7, 7, SEP};
        // Two output rows per input row (targets 0 and 1), attributions per output row.
        float[] a = {0, 1, -0.5f, 0, 0, -2, 4, 0};
        TokenStats stats = new TokenStats(5, SPECIAL, true);
        stats.add(new TokenBatch(2, 2, 4, ids, null, null, a, 4, 0, new int[] {0, 1}));
        List<TokenRow> table = stats.table(1);
        TokenRow all = find(table, null, 7);
        assertEquals("#7", all.token());
        assertEquals(4, all.occurrences());
        assertEquals(2, all.rows(), "one row per output row holding the token");
        assertEquals(2.5 / 4, all.mean());
        assertEquals(7.5 / 4, all.meanAbs());
        assertEquals(0.25, find(table, 0, 7).mean());
        assertEquals(1, find(table, 0, 7).rows());
        assertEquals(1.0, find(table, 1, 7).mean());
        assertTrue(find(table, null, CLS).special());
        assertNull(find(table, null, 8));
    }

    @Test
    void theAttributionsOfASequenceInsideAWiderRowAreFoundByOffset() {
        // Rows of 2 numeric attributions, then 3 token positions.
        long[] ids = {5, 6, 5};
        float[] a = {9, 9, 1, 2, 3};
        TokenStats stats = new TokenStats(5, SPECIAL, false);
        stats.add(new TokenBatch(1, 1, 3, ids, null, null, a, 5, 2, new int[] {0}));
        TokenRow five = find(stats.table(1), null, 5);
        assertEquals(4.0, five.totalAbs());
        assertEquals(2, five.occurrences());
        assertEquals(2.0, find(stats.table(1), null, 6).totalAbs());
        assertThrows(IllegalArgumentException.class, () -> new TokenBatch(1, 1, 3, ids, null, null, a, 5, 3, new int[] {0}));
    }

    @Test
    void aStateTravelsAsBytesAndKeepsCountingRows() throws IOException, ClassNotFoundException {
        Rows rows = rows(60, 20, 5);
        TokenStats first = new TokenStats(100, SPECIAL, true);
        first.add(rows.slice(0, 30).batch());
        TokenStats copy = roundTrip(first);
        copy.add(rows.slice(30, 60).batch());
        TokenStats whole = new TokenStats(100, SPECIAL, true);
        whole.add(rows.batch());
        assertTables(whole.table(1), copy.table(1));
        assertTables(whole.table(1), roundTrip(whole).table(1));
    }

    private static TokenStats roundTrip(TokenStats stats) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(stats);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (TokenStats) in.readObject();
        }
    }

    @Test
    void aMergeLeavesItsArgumentUnchanged() {
        List<TokenStats> states = partitions(rows(100, 30, 6), 2, 1_000);
        List<TokenRow> before = states.get(1).table(1);
        TokenStats merged = mergeInOrder(states, 1, 0);
        merged.merge(states.get(0));
        assertTables(before, states.get(1).table(1));
    }
}
