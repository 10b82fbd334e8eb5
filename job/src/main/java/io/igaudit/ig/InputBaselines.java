package io.igaudit.ig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The baseline of a batch of several input tensors: a {@link TensorBaseline} per tensor name;
 * a tensor not named keeps the row's own values ({@link TensorBaseline.Own}), as masks should.
 *
 * @param byName the baseline of each named tensor
 */
public record InputBaselines(Map<String, TensorBaseline> byName) implements java.io.Serializable {

    /** Copies the map, keeping its order. */
    public InputBaselines {
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** The baseline rows for {@code inputs}: as many rows, each tensor made by its own rule. */
    public InputBatch of(InputBatch inputs, long[] rowSeeds) {
        for (String name : byName.keySet()) {
            inputs.tensor(name); // a baseline for a tensor the batch lacks is a wiring error
        }
        List<InputTensor> tensors = new ArrayList<>(inputs.size());
        for (InputTensor tensor : inputs.tensors()) {
            tensors.add(rule(tensor.name()).baselineOf(tensor, rowSeeds));
        }
        return new InputBatch(tensors);
    }

    /** The rule for one tensor. */
    public TensorBaseline rule(String name) {
        return byName.getOrDefault(name, new TensorBaseline.Own());
    }

    /** "name: description" for every named tensor, e.g. "input_ids: id 100, keeping [0, 101, 102]". */
    public String description() {
        StringJoiner joined = new StringJoiner("; ");
        byName.forEach((name, rule) -> joined.add(name + ": " + rule.description()));
        return byName.isEmpty() ? "every input the row's own" : joined + "; other inputs the row's own";
    }
}
