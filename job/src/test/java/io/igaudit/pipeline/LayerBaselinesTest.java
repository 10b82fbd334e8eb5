package io.igaudit.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.igaudit.config.ConfigLoader;
import io.igaudit.config.JobConfig;
import io.igaudit.ig.FixedBaselines;
import io.igaudit.ig.InputBaselines;
import io.igaudit.ig.TensorBaseline;
import io.igaudit.io.TensorLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every tensor's baseline rule from attribution.layer and attribution.baseline, without Spark (fixed baselines). */
class LayerBaselinesTest {

    private static JobConfig config(String... settings) {
        List<String> all = new ArrayList<>(List.of("input.path=/data/in.parquet", "model.path=/models/m.pt",
                "output.path=/data/out"));
        all.addAll(List.of(settings));
        return ConfigLoader.load(Optional.empty(), all);
    }

    private static InputBaselines of(JobConfig config, Map<String, Integer> lengths, long referenceId, long[] keep) {
        TensorLayout layout = TensorLayout.plan(config.tensors(), 0, lengths, Optional.empty()).layout();
        return LayerBaselines.of(null, config, null, layout, referenceId, keep);
    }

    @Test
    void categoricalColumnsTakeTheirReferenceCategoriesAndFloatColumnsTheBaseline() {
        JobConfig config = config("input.tensors=[{name = cat, columns = [purpose, housing, job], type = int64},"
                + " {name = num, columns = [age, amount], type = float32}]", "attribution.layer.reference-category = 1",
                "attribution.layer.reference-categories.housing = 4", "attribution.baseline = [30, 2000]");
        InputBaselines baselines = of(config, Map.of(), 0, new long[0]);
        assertEquals(List.of("cat", "num"), List.copyOf(baselines.byName().keySet()));
        assertEquals(new TensorBaseline.ReferenceCategories(new long[] {1, 4, 1}), baselines.rule("cat"));
        FixedBaselines num = assertInstanceOf(FixedBaselines.class,
                assertInstanceOf(TensorBaseline.Floats.class, baselines.rule("num")).source());
        assertArrayEquals(new float[] {30, 2000}, num.values());
    }

    @Test
    void idSequencesTakeTheReferenceIdWithTheKeptIdsAndMasksStayTheRowsOwn() {
        JobConfig config = config("input.tensors=[{name = ids, column = token_ids, type = int64},"
                + " {name = mask, column = token_mask, type = int64, mask-for = ids},"
                + " {name = image, column = pixels, type = float32, shape = [1, 2, 2]}]", "attribution.baseline = 0.5");
        InputBaselines baselines = of(config, Map.of("token_ids", 6, "token_mask", 6, "pixels", 4), 7, new long[] {0, 101});
        assertEquals(List.of("ids", "image"), List.copyOf(baselines.byName().keySet()));
        assertEquals(new TensorBaseline.ReplaceIds(7, new long[] {0, 101}), baselines.rule("ids"));
        assertInstanceOf(TensorBaseline.Own.class, baselines.rule("mask"));
        FixedBaselines image = assertInstanceOf(FixedBaselines.class,
                assertInstanceOf(TensorBaseline.Floats.class, baselines.rule("image")).source());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, image.values());
        assertArrayEquals(new int[] {1, 2, 2}, image.rowShape());
    }

    @Test
    void theTextsMaskAndTypeIdsStayTheRowsOwn() {
        JobConfig config = config("input.tensors=[{name = input_ids, text = ids, type = int64},"
                + " {name = attention_mask, text = mask, type = int64}, {name = token_type_ids, text = type-ids, type = int64}]",
                "input.text.column=review", "input.text.tokenizer=/models/tokenizer.json", "input.text.max-length=8");
        InputBaselines baselines = of(config, Map.of(), 0, new long[] {0});
        assertEquals(List.of("input_ids"), List.copyOf(baselines.byName().keySet()));
        assertEquals(new TensorBaseline.ReplaceIds(0, new long[] {0}), baselines.rule("input_ids"));
    }
}
