package io.igaudit.ig;

/** The element type of one input tensor of a model: float values, or integer ids and codes. */
public enum TensorType {
    /** 32-bit floats (numeric columns, masks given as floats, pixels). */
    FLOAT32(Float.BYTES),
    /** 64-bit integers (token ids, attention masks, categorical codes): PyTorch's {@code long}. */
    INT64(Long.BYTES);

    private final int bytes;

    TensorType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
