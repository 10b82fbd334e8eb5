package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attributions per token (vocabulary id and token string), over all rows and per target, as a
 * mergeable state of bounded size: each task summarises the rows it attributes, the driver merges
 * the tasks' states (each partition's once: a retried task's state replaces, never adds). A plain
 * serialisable value; {@link #merge} leaves its argument unchanged.
 *
 * <p><b>Bound.</b> A state keeps at most {@code 2 × capacity} ordinary tokens. When it holds more,
 * it keeps the {@code capacity} with the largest recorded total |attribution| (ties: smaller id)
 * and drops the rest. The state's {@link #errorBound() error} ε bounds the total |attribution| of
 * any token it does not hold, and each kept token's {@code error} bounds how much of its total is
 * missing:
 * <ul>
 *   <li>a dropped token's true total is at most its recorded total plus its error, so after a
 *       drop ε becomes the largest of ε and those sums;</li>
 *   <li>a token first seen after a drop may have lost up to ε before: it starts with error ε;</li>
 *   <li>a merge adds: ε = ε₁ + ε₂, a token's error is the sum of its errors in both states, taking
 *       the other state's ε where that state lacks it.</li>
 * </ul>
 * Hence <b>every token whose total |attribution| over the merged rows exceeds ε is in the table</b>,
 * and each row's figures miss at most its {@code errorBound} of total |attribution| (0: exact,
 * every occurrence counted). While no state exceeds {@code 2 × capacity} tokens, ε is 0 and
 * everything is exact. The bound holds per target too (a token's total within a target is at most
 * its total over all rows). Memory per state: at most {@code 2 × capacity} tokens plus the special
 * ones, each with one set of moments per target group.
 *
 * <p><b>Excluded.</b> Padded positions (mask 0) are left out and counted in {@link #paddedPositions()};
 * NaN attributions too ({@link #nanPositions()}). Special tokens (the ids given, e.g. CLS, SEP,
 * PAD without a mask) are kept apart: always held, never dropped, flagged, never ranked.
 */
public final class TokenStats implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Comparator<TokenEntry> BY_TOTAL = Comparator.comparingDouble(TokenEntry::totalAbs).reversed()
            .thenComparingLong(e -> e.id);

    private final int capacity;
    private final long[] specialIds;
    private final boolean perClass;
    private final HashMap<Long, TokenEntry> entries = new HashMap<>();
    private int ordinary;
    private double errorBound;
    private long rows;
    private final TreeMap<Integer, Long> rowsPerTarget = new TreeMap<>();
    private long positions;
    private long paddedPositions;
    private long nanPositions;
    private transient long rowSerial;

    /**
     * An empty state.
     *
     * @param capacity ordinary tokens kept after a drop (at least 1)
     * @param specialIds the special tokens' ids, reported apart
     * @param perClass also one group of rows per target
     */
    public TokenStats(int capacity, long[] specialIds, boolean perClass) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the token table's capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.specialIds = specialIds.clone();
        Arrays.sort(this.specialIds);
        this.perClass = perClass;
    }

    /** Adds a batch of attributed rows. */
    public void add(TokenBatch batch) {
        for (int r = 0; r < batch.rows(); r++) {
            addRow(batch, r);
        }
    }

    /** Adds output row {@code r} of a batch alone (a slice's rows). */
    public void addRow(TokenBatch batch, int r) {
        rows++;
        rowSerial++;
        int target = batch.targets()[r];
        if (perClass) {
            rowsPerTarget.merge(target, 1L, Long::sum);
        }
        int first = r / batch.perRow() * batch.length();
        int values = r * batch.width() + batch.offset();
        for (int p = 0; p < batch.length(); p++) {
            addPosition(batch, first + p, batch.attributions()[values + p], target);
        }
    }

    private void addPosition(TokenBatch batch, int position, float x, int target) {
        positions++;
        if (batch.mask() != null && batch.mask()[position] == 0) {
            paddedPositions++;
            return;
        }
        if (Float.isNaN(x)) {
            nanPositions++;
            return;
        }
        long id = batch.ids()[position];
        TokenEntry entry = entries.get(id);
        boolean created = entry == null;
        if (created) {
            boolean special = isSpecial(id);
            String token = batch.tokens() == null ? "#" + id : batch.tokens()[position];
            entry = new TokenEntry(id, token, special, special ? 0 : errorBound, new GroupedMoments());
            entries.put(id, entry);
            if (!special) {
                ordinary++;
            }
        }
        entry.moments.add(x, entry.lastRow != rowSerial, target, perClass);
        entry.lastRow = rowSerial;
        if (created) {
            trimIfFull();
        }
    }

    /**
     * Adds every row of {@code other} (rows other than this state's; same capacity, special
     * tokens and grouping), leaving {@code other} unchanged.
     *
     * @return this state
     */
    public TokenStats merge(TokenStats other) {
        if (other.perClass != perClass || !Arrays.equals(other.specialIds, specialIds)) {
            throw new IllegalArgumentException("token statistics of other settings cannot be merged");
        }
        double ownBound = errorBound;
        for (TokenEntry entry : entries.values()) {
            if (!entry.special && !other.entries.containsKey(entry.id)) {
                entry.error += other.errorBound;
            }
        }
        for (TokenEntry theirs : other.entries.values()) {
            TokenEntry own = entries.get(theirs.id);
            if (own == null) {
                entries.put(theirs.id, theirs.copy(theirs.error + (theirs.special ? 0 : ownBound)));
                if (!theirs.special) {
                    ordinary++;
                }
            } else {
                own.moments.merge(theirs.moments);
                own.error += theirs.error;
            }
        }
        errorBound = ownBound + other.errorBound;
        rows += other.rows;
        other.rowsPerTarget.forEach((target, n) -> rowsPerTarget.merge(target, n, Long::sum));
        positions += other.positions;
        paddedPositions += other.paddedPositions;
        nanPositions += other.nanPositions;
        trimIfFull();
        return this;
    }

    private void trimIfFull() {
        if (ordinary <= 2L * capacity) {
            return;
        }
        List<TokenEntry> kept = entries.values().stream().filter(e -> !e.special).sorted(BY_TOTAL).toList();
        for (TokenEntry dropped : kept.subList(capacity, kept.size())) {
            errorBound = Math.max(errorBound, dropped.totalAbs() + dropped.error);
            entries.remove(dropped.id);
        }
        ordinary = capacity;
    }

    private boolean isSpecial(long id) {
        return Arrays.binarySearch(specialIds, id) >= 0;
    }

    /**
     * The table: the all-rows group, then each target's (per class), each with its ordinary
     * tokens by rank of total |attribution|, then its special tokens by id.
     *
     * @param minOccurrences tokens with fewer occurrences in a group get no rank by mean
     *     |attribution| there (a rare token's mean is noise)
     */
    public List<TokenRow> table(long minOccurrences) {
        List<TokenRow> table = new ArrayList<>();
        addGroup(table, null, minOccurrences);
        if (perClass) {
            for (Integer target : rowsPerTarget.keySet()) {
                addGroup(table, target, minOccurrences);
            }
        }
        return table;
    }

    private void addGroup(List<TokenRow> table, Integer target, long minOccurrences) {
        List<TokenEntry> present = entries.values().stream().filter(e -> e.moments.group(target) != null).toList();
        Comparator<TokenEntry> byTotal = Comparator.comparingDouble((TokenEntry e) -> e.moments.group(target).sumAbs())
                .reversed().thenComparingLong(e -> e.id);
        List<TokenEntry> ranked = present.stream().filter(e -> !e.special).sorted(byTotal).toList();
        Map<Long, Integer> meanRanks = new HashMap<>();
        ranked.stream().filter(e -> e.moments.group(target).count() >= minOccurrences)
                .sorted(Comparator.comparingDouble((TokenEntry e) -> e.moments.group(target).meanAbs()).reversed()
                        .thenComparingLong(e -> e.id))
                .forEach(e -> meanRanks.put(e.id, meanRanks.size() + 1));
        for (int i = 0; i < ranked.size(); i++) {
            TokenEntry e = ranked.get(i);
            table.add(row(e, target, i + 1, meanRanks.getOrDefault(e.id, 0)));
        }
        present.stream().filter(e -> e.special).sorted(Comparator.comparingLong(e -> e.id))
                .forEach(e -> table.add(row(e, target, 0, 0)));
    }

    private static TokenRow row(TokenEntry e, Integer target, int rankTotal, int rankMeanAbs) {
        ValueMoments m = e.moments.group(target);
        return new TokenRow(e.id, e.token, target, e.special, m.count(), m.rows(), m.mean(), m.meanAbs(), m.std(),
                m.positiveShare(), m.sumAbs(), rankTotal, rankMeanAbs, e.error);
    }

    /** ε: any token whose total |attribution| exceeds it is in the table (0 while nothing was dropped). */
    public double errorBound() {
        return errorBound;
    }

    /** Ordinary tokens kept after a drop. */
    public int capacity() {
        return capacity;
    }

    /** Tokens held now, special ones included. */
    public int size() {
        return entries.size();
    }

    /** Output rows summarised. */
    public long rows() {
        return rows;
    }

    /** Output rows per target, in target order (empty unless per class). */
    public Map<Integer, Long> rowsPerTarget() {
        return new TreeMap<>(rowsPerTarget);
    }

    /** Token positions seen, padded ones included (per output row). */
    public long positions() {
        return positions;
    }

    /** Padded positions (mask 0), left out of the table. */
    public long paddedPositions() {
        return paddedPositions;
    }

    /** Positions whose attribution was NaN, left out of the table. */
    public long nanPositions() {
        return nanPositions;
    }
}
