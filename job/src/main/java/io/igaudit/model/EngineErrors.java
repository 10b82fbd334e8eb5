package io.igaudit.model;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads libtorch's error messages for people. A TorchScript failure starts with "The following
 * operation failed in the TorchScript interpreter" and a traceback; what failed is on its last
 * {@code RuntimeError: ...} line.
 */
final class EngineErrors {

    private static final int MAX_LENGTH = 300;
    private static final Pattern ERROR_LINE = Pattern.compile("^\\s*[\\w.]*(?:Error|Exception):\\s*(\\S.*)$");
    /** Elementwise ops: "The size of tensor a (30) must match the size of tensor b (13) at non-singleton dimension 1". */
    private static final Pattern SIZE_MISMATCH =
            Pattern.compile("size of tensor a \\((\\d+)\\) must match the size of tensor b \\((\\d+)\\)");
    /** Linear layers: "mat1 and mat2 shapes cannot be multiplied (4x30 and 13x32)". */
    private static final Pattern MATMUL_MISMATCH =
            Pattern.compile("mat1 and mat2 shapes cannot be multiplied \\((\\d+)x(\\d+) and (\\d+)x(\\d+)\\)");

    private EngineErrors() {}

    /** The line that says what failed: the last "...Error: ..." line, else the first line; at most 300 characters. */
    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        List<String> lines = message.strip().lines().toList();
        String reason = lines.get(0).strip();
        for (String line : lines) {
            Matcher m = ERROR_LINE.matcher(line);
            if (m.matches()) {
                reason = m.group(1).strip();
            }
        }
        return reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) + "..." : reason;
    }

    /**
     * The number of features per row the model seems to take, read from a shape error about rows
     * of {@code given} features; empty when the error does not say.
     */
    static OptionalInt expectedWidth(String reason, int given) {
        Matcher size = SIZE_MISMATCH.matcher(reason);
        if (size.find()) {
            int a = Integer.parseInt(size.group(1));
            int b = Integer.parseInt(size.group(2));
            return a == given && b != given ? OptionalInt.of(b) : b == given && a != given ? OptionalInt.of(a) : OptionalInt.empty();
        }
        Matcher matmul = MATMUL_MISMATCH.matcher(reason);
        if (matmul.find() && Integer.parseInt(matmul.group(2)) == given) {
            return OptionalInt.of(Integer.parseInt(matmul.group(3)));
        }
        return OptionalInt.empty();
    }

    /** "; the model seems to take 13 features per row, the configuration gives 30", or "" when unknown. */
    static String widthHint(String reason, int[] rowShape) {
        if (rowShape.length != 1) {
            return "";
        }
        OptionalInt expected = expectedWidth(reason, rowShape[0]);
        return expected.isEmpty() ? "" : "; the model seems to take " + expected.getAsInt()
                + " features per row, the configuration gives " + rowShape[0];
    }
}
