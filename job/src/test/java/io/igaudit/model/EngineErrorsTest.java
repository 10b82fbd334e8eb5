package io.igaudit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** libtorch's messages read for people: the failing line, and the width a model expects. */
class EngineErrorsTest {

    private static final String TORCHSCRIPT_FAILURE = String.join("\n",
            "The following operation failed in the TorchScript interpreter.",
            "Traceback of TorchScript, serialized code (most recent call last):",
            "  File \"code/__torch__.py\", line 12, in forward",
            "    return torch.div(torch.sub(x, mean), std)",
            "                     ~~~~~~~~~ <--- HERE",
            "RuntimeError: The size of tensor a (30) must match the size of tensor b (13) at non-singleton dimension 1");

    @Test
    void keepsTheLineThatSaysWhatFailed() {
        assertEquals("The size of tensor a (30) must match the size of tensor b (13) at non-singleton dimension 1",
                EngineErrors.reason(TORCHSCRIPT_FAILURE));
        assertEquals("plain message", EngineErrors.reason("plain message\nsecond line"));
        assertEquals("(no message)", EngineErrors.reason(null));
        assertTrue(EngineErrors.reason("x".repeat(1000)).length() <= 303);
    }

    @Test
    void readsTheExpectedWidthFromShapeErrors() {
        assertEquals(OptionalInt.of(13), EngineErrors.expectedWidth(EngineErrors.reason(TORCHSCRIPT_FAILURE), 30));
        assertEquals(OptionalInt.of(13), EngineErrors.expectedWidth(
                "The size of tensor a (13) must match the size of tensor b (30) at non-singleton dimension 1", 30));
        assertEquals(OptionalInt.of(13), EngineErrors.expectedWidth(
                "mat1 and mat2 shapes cannot be multiplied (4x30 and 13x32)", 30));
        assertEquals(OptionalInt.empty(), EngineErrors.expectedWidth(
                "mat1 and mat2 shapes cannot be multiplied (4x12 and 13x32)", 30));
        assertEquals(OptionalInt.empty(), EngineErrors.expectedWidth("something else went wrong", 30));
    }

    @Test
    void widthHintOnlyForFlatRows() {
        String reason = EngineErrors.reason(TORCHSCRIPT_FAILURE);
        assertEquals("; the model seems to take 13 features per row, the configuration gives 30",
                EngineErrors.widthHint(reason, new int[] {30}));
        assertEquals("", EngineErrors.widthHint(reason, new int[] {1, 5, 6}));
    }
}
