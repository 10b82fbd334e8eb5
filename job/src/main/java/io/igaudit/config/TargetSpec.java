package io.igaudit.config;

import java.util.List;

/** Which output(s) to explain, as configured by {@code attribution.target}. */
public sealed interface TargetSpec {

    /** The same output index for every row. */
    record Index(int index) implements TargetSpec {
        @Override
        public String describe() {
            return Integer.toString(index);
        }
    }

    /** The argmax of F(x), per row. */
    record Predicted() implements TargetSpec {
        @Override
        public String describe() {
            return "predicted";
        }
    }

    /** An integer column of the input holding each row's output index. */
    record Column(String name) implements TargetSpec {
        @Override
        public String describe() {
            return "column:" + name;
        }
    }

    /** Several output indices, each explained for every row (one output row per row and index). */
    record Several(List<Integer> indices) implements TargetSpec {
        /** Copies the list. */
        public Several {
            indices = List.copyOf(indices);
        }

        @Override
        public String describe() {
            return indices.toString();
        }
    }

    /** Every output of the model, each explained for every row. */
    record All() implements TargetSpec {
        @Override
        public String describe() {
            return "all";
        }
    }

    /** How the target is written in configuration and in run.json. */
    String describe();
}
