package io.igaudit.stats;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** A value's {@link ValueMoments} over all rows and, when asked, within the rows of each target. */
final class GroupedMoments implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final ValueMoments all = new ValueMoments();
    private final TreeMap<Integer, ValueMoments> perTarget = new TreeMap<>();

    /** Adds one occurrence to all rows and, with {@code perClass}, to its target's group. */
    void add(float x, boolean newRow, int target, boolean perClass) {
        all.add(x, newRow);
        if (perClass) {
            perTarget.computeIfAbsent(target, t -> new ValueMoments()).add(x, newRow);
        }
    }

    /** Adds every occurrence of {@code other}, counted over other rows. */
    void merge(GroupedMoments other) {
        all.merge(other.all);
        other.perTarget.forEach((target, moments) -> perTarget.computeIfAbsent(target, t -> new ValueMoments()).merge(moments));
    }

    /** A deep copy. */
    GroupedMoments copy() {
        GroupedMoments copy = new GroupedMoments();
        copy.merge(this);
        return copy;
    }

    /** The all-rows group. */
    ValueMoments all() {
        return all;
    }

    /** The group of {@code target} (null = all rows), or null when the value never occurred there. */
    ValueMoments group(Integer target) {
        return target == null ? all : perTarget.get(target);
    }

    /** The per-target groups, in target order. */
    Map<Integer, ValueMoments> perTarget() {
        return perTarget;
    }
}
