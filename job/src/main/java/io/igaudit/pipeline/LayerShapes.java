package io.igaudit.pipeline;

import io.igaudit.config.ConfigException;
import io.igaudit.config.TensorInputs;
import io.igaudit.config.TensorSpec;
import io.igaudit.io.TensorLayout;
import io.igaudit.io.TensorProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/** The layer path's checks of the input's sequences: their lengths, masks and configured shapes. */
final class LayerShapes {

    private LayerShapes() {}

    /** The length of every array column a tensor reads, checked: present, one length, not empty. */
    static Map<String, Integer> sequenceLengths(TensorInputs inputs, TensorProfile profile) {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        for (TensorSpec tensor : inputs.tensors()) {
            if (!(tensor.source() instanceof TensorSpec.Source.ArrayColumn array)) {
                continue;
            }
            int[] range = profile.lengths().get(array.column());
            String what = "tensor " + tensor.name() + " (column '" + array.column() + "')";
            if (range[0] < 0) {
                throw new ConfigException(what + " is null in every row");
            }
            if (range[0] != range[1]) {
                throw new ConfigException(what + " has sequences of " + range[0] + " to " + range[1] + " values; every row "
                        + "must hold the same number: pad the sequences to one length (with a mask column, mask-for = "
                        + tensor.name() + ", marking the padding) or give raw text with input.text");
            }
            if (range[0] == 0) {
                throw new ConfigException(what + " holds empty arrays");
            }
            lengths.put(array.column(), range[0]);
        }
        return lengths;
    }

    static void checkMasks(TensorInputs inputs, TensorProfile profile) {
        profile.maskMismatches().forEach((mask, rows) -> {
            if (rows > 0) {
                String sequence = inputs.tensor(mask).orElseThrow().maskFor().orElseThrow();
                throw new ConfigException("tensor " + mask + " (mask-for = " + sequence + ") has another length than "
                        + sequence + " in " + rows + " row(s); a mask needs one value per id, the same length in every row");
            }
        });
    }

    /** A configured shape must hold the array's values; a mask has the length of its sequence. */
    static void checkShapes(TensorInputs inputs, TensorLayout layout, Map<String, Integer> lengths) {
        for (TensorSpec tensor : inputs.tensors()) {
            TensorLayout.Slot slot = layout.slot(tensor.name());
            if (tensor.source() instanceof TensorSpec.Source.ArrayColumn array && slot.elementsPerRow() != lengths.get(array.column())) {
                throw new ConfigException("tensor " + tensor.name() + ": shape " + tensor.shape() + " holds " + slot.elementsPerRow()
                        + " values but column '" + array.column() + "' holds " + lengths.get(array.column())
                        + " per row; make the dimensions multiply to " + lengths.get(array.column()));
            }
            if (tensor.maskFor().isPresent()) {
                TensorLayout.Slot sequence = layout.slot(tensor.maskFor().get());
                if (slot.elementsPerRow() != sequence.elementsPerRow()) {
                    throw new ConfigException("tensor " + tensor.name() + " has " + slot.elementsPerRow() + " values per row but "
                            + sequence.name() + ", which it masks, has " + sequence.elementsPerRow() + "; a mask needs one value per id");
                }
            }
        }
    }

}
