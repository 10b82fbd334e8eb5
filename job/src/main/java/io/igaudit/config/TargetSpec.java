package io.igaudit.config;

/** Which output to explain, as configured by {@code attribution.target}. */
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

    /** How the target is written in configuration and in run.json. */
    String describe();
}
