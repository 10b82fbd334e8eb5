package io.igaudit.config;

import java.util.List;

/** The baseline x' as configured by {@code attribution.baseline}. */
public sealed interface BaselineSpec {

    /** All zeros (the default). */
    record Zeros() implements BaselineSpec {
        @Override
        public String describe() {
            return "zeros";
        }
    }

    /** The same value for every feature. */
    record Constant(double value) implements BaselineSpec {
        @Override
        public String describe() {
            return Double.toString(value);
        }
    }

    /** One value per feature. */
    record Values(List<Double> values) implements BaselineSpec {
        /** Copies the list. */
        public Values {
            values = List.copyOf(values);
        }

        @Override
        public String describe() {
            return values.toString();
        }
    }

    /** Per-feature mean over the valid input rows, computed by Spark. */
    record Mean() implements BaselineSpec {
        @Override
        public String describe() {
            return "mean";
        }
    }

    /** Per-feature median over the valid input rows, computed by Spark. */
    record Median() implements BaselineSpec {
        @Override
        public String describe() {
            return "median";
        }
    }

    /** One or more baseline rows in a Parquet or CSV file with the same feature columns. */
    record FromFile(String path) implements BaselineSpec {
        @Override
        public String describe() {
            return path;
        }
    }

    /** Every element at attribution.image-baseline.white (a white image). */
    record White() implements BaselineSpec {
        @Override
        public String describe() {
            return "white";
        }
    }

    /** Each input row blurred (Gaussian, attribution.image-baseline.blur-sigma) over its last two dimensions. */
    record Blur() implements BaselineSpec {
        @Override
        public String describe() {
            return "blur";
        }
    }

    /** Uniform noise in [0, attribution.image-baseline.white), seeded per row, averaged over several draws. */
    record Uniform() implements BaselineSpec {
        @Override
        public String describe() {
            return "uniform";
        }
    }

    /** How the baseline is written in configuration and in run.json. */
    String describe();
}
