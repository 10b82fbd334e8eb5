package io.igaudit.io;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The figures of {@link InputProfile#scan}, added up over one partition's projected rows by a loop
 * in Java, then over the partitions on the driver. A projected row holds, in this order: the
 * validity (a boolean, null counting as invalid, or {@link Layout#checkedFeatures} float features
 * checked here by {@link FiniteFeatures}), the array length (null: no array), the target as a long
 * (null counted), the text flag (null counts as false), the values to average over the valid rows,
 * the cell kinds to OR, then the extra values (longs where {@link Layout#integral}, else doubles).
 */
final class ProfileFigures implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * How many values of each kind a projected row holds, and how the extras combine.
     *
     * @param checkedFeatures float features to check for the validity; 0 when a boolean tells it
     */
    record Layout(int checkedFeatures, int means, int kinds, List<InputProfile.Extra.Combine> combines, boolean[] integral)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        int length() {
            return Math.max(1, checkedFeatures);
        }

        int target() {
            return length() + 1;
        }

        int text() {
            return length() + 2;
        }

        int firstMean() {
            return length() + 3;
        }

        int firstKind() {
            return firstMean() + means;
        }

        int firstExtra() {
            return firstKind() + kinds;
        }
    }

    private long rows;
    private long invalidRows;
    private int minLength = -1;
    private int maxLength = -1;
    private long targetNulls;
    private Long targetMin;
    private Long targetMax;
    private long textRows;
    private long filledPartitions;
    private final double[] sums;
    private final long[] kinds;
    private final Object[] extras;

    private ProfileFigures(Layout layout) {
        sums = new double[layout.means()];
        kinds = new long[layout.kinds()];
        extras = new Object[layout.combines().size()];
    }

    /** One partition's figures. */
    static ProfileFigures of(Iterator<InternalRow> rows, Layout layout) {
        ProfileFigures figures = new ProfileFigures(layout);
        while (rows.hasNext()) {
            figures.add(rows.next(), layout);
        }
        figures.filledPartitions = figures.rows > figures.invalidRows ? 1 : 0;
        return figures;
    }

    /** The partitions' figures added up. */
    static ProfileFigures merge(List<ProfileFigures> partitions, Layout layout) {
        ProfileFigures all = new ProfileFigures(layout);
        for (ProfileFigures partition : partitions) {
            all.rows += partition.rows;
            all.invalidRows += partition.invalidRows;
            if (partition.minLength >= 0) {
                all.minLength = all.minLength < 0 ? partition.minLength : Math.min(all.minLength, partition.minLength);
            }
            all.maxLength = Math.max(all.maxLength, partition.maxLength);
            all.targetNulls += partition.targetNulls;
            all.targetMin = combine(all.targetMin, partition.targetMin, InputProfile.Extra.Combine.MIN);
            all.targetMax = combine(all.targetMax, partition.targetMax, InputProfile.Extra.Combine.MAX);
            all.textRows += partition.textRows;
            all.filledPartitions += partition.filledPartitions;
            for (int i = 0; i < all.sums.length; i++) {
                all.sums[i] += partition.sums[i];
            }
            for (int i = 0; i < all.kinds.length; i++) {
                all.kinds[i] |= partition.kinds[i];
            }
            for (int i = 0; i < all.extras.length; i++) {
                all.extras[i] = combine(all.extras[i], partition.extras[i], layout.combines().get(i));
            }
        }
        return all;
    }

    private void add(InternalRow row, Layout layout) {
        rows++;
        boolean valid = layout.checkedFeatures() > 0 ? FiniteFeatures.columnsValid(row, 0, layout.checkedFeatures())
                : !row.isNullAt(0) && row.getBoolean(0);
        if (!valid) {
            invalidRows++;
        }
        if (!row.isNullAt(layout.length())) {
            int length = row.getInt(layout.length());
            minLength = minLength < 0 ? length : Math.min(minLength, length);
            maxLength = Math.max(maxLength, length);
        }
        if (row.isNullAt(layout.target())) {
            targetNulls++;
        } else {
            long target = row.getLong(layout.target());
            targetMin = targetMin == null ? target : Math.min(targetMin, target);
            targetMax = targetMax == null ? target : Math.max(targetMax, target);
        }
        if (!row.isNullAt(layout.text()) && row.getBoolean(layout.text())) {
            textRows++;
        }
        for (int i = 0; valid && i < sums.length; i++) {
            if (!row.isNullAt(layout.firstMean() + i)) {
                sums[i] += row.getDouble(layout.firstMean() + i);
            }
        }
        for (int i = 0; i < kinds.length; i++) {
            if (!row.isNullAt(layout.firstKind() + i)) {
                kinds[i] |= row.getLong(layout.firstKind() + i);
            }
        }
        int firstExtra = layout.firstExtra();
        for (int i = 0; i < extras.length; i++) {
            int ordinal = firstExtra + i;
            if (!row.isNullAt(ordinal)) {
                Object value = layout.integral()[i] ? (Object) row.getLong(ordinal) : (Object) row.getDouble(ordinal);
                extras[i] = combine(extras[i], value, layout.combines().get(i));
            }
        }
    }

    /** Two values combined; null when both are. */
    @SuppressWarnings("unchecked")
    private static <T> T combine(T own, T other, InputProfile.Extra.Combine how) {
        if (own == null || other == null) {
            return own == null ? other : own;
        }
        return (T) switch (how) {
            case MIN -> ((Comparable<Object>) other).compareTo(own) < 0 ? other : own;
            case MAX -> ((Comparable<Object>) other).compareTo(own) > 0 ? other : own;
            case SUM -> other instanceof Long ? (Object) ((Long) own + (Long) other) : (Object) ((Double) own + (Double) other);
        };
    }

    long rows() {
        return rows;
    }

    long invalidRows() {
        return invalidRows;
    }

    int minLength() {
        return minLength;
    }

    int maxLength() {
        return maxLength;
    }

    long targetNulls() {
        return targetNulls;
    }

    long targetMin() {
        return targetMin == null ? 0 : targetMin;
    }

    long targetMax() {
        return targetMax == null ? 0 : targetMax;
    }

    long textRows() {
        return textRows;
    }

    long filledPartitions() {
        return filledPartitions;
    }

    double[] sums() {
        return sums.clone();
    }

    long[] kinds() {
        return kinds.clone();
    }

    Object[] extras() {
        return extras.clone();
    }
}
