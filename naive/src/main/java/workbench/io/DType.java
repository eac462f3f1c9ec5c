/*
 * Element types the readers understand, with their byte sizes and how one element becomes a
 * float32 (or, for integer types, an exact long).
 * Mirrors: NumPy's dtype kinds (b, i, u, f), safetensors' dtype names (F32, BF16, I64, ...) and
 * torch's storage classes (FloatStorage, HalfStorage, ...); the readers map their names here.
 * Conversions follow NumPy's astype(np.float32) and torch's .float(): round to nearest even, so a
 * float64 or a large int64 is rounded; bool is 0 or 1; fp16 goes through Float.float16ToFloat and
 * bf16 is the top half of a float32.
 * Deliberately not here: complex, float8, uint64, strings and objects.
 */
package workbench.io;

import java.nio.ByteBuffer;

public enum DType {
    BOOL(1), INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8),
    FLOAT16(2), BFLOAT16(2), FLOAT32(4), FLOAT64(8);

    private final int bytes;

    DType(int bytes) { this.bytes = bytes; }

    /** Bytes per element. */
    public int bytes() { return bytes; }

    /** True for bool and the integer types: their exact values are available as longs. */
    public boolean isInteger() {
        return switch (this) {
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> false;
            default -> true;
        };
    }

    /** The element at byte position {@code at} of {@code buf} (in the buffer's byte order), as float32. */
    public float floatAt(ByteBuffer buf, int at) {
        return switch (this) {
            case FLOAT32 -> buf.getFloat(at);
            case FLOAT64 -> (float) buf.getDouble(at);
            case FLOAT16 -> Float.float16ToFloat(buf.getShort(at));
            // bf16 is float32 with the low 16 mantissa bits cut off: put them back as zeros
            case BFLOAT16 -> Float.intBitsToFloat((buf.getShort(at) & 0xffff) << 16);
            // Java's long -> float conversion rounds to nearest, as C's and NumPy's do
            default -> (float) longAt(buf, at);
        };
    }

    /** The element at byte position {@code at} as an exact integer; only for {@link #isInteger()} types. */
    public long longAt(ByteBuffer buf, int at) {
        return switch (this) {
            case BOOL -> buf.get(at) != 0 ? 1 : 0;
            case INT8 -> buf.get(at);
            case UINT8 -> buf.get(at) & 0xff;
            case INT16 -> buf.getShort(at);
            case UINT16 -> buf.getShort(at) & 0xffff;
            case INT32 -> buf.getInt(at);
            case UINT32 -> buf.getInt(at) & 0xffff_ffffL;
            case INT64 -> buf.getLong(at);
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }

    /** {@code count} consecutive elements from byte 0 of {@code buf}, as float32. */
    public float[] toFloats(ByteBuffer buf, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = floatAt(buf, i * bytes);
        return out;
    }

    /** {@code count} consecutive elements from byte 0 of {@code buf}, as exact integers. */
    public long[] toLongs(ByteBuffer buf, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) out[i] = longAt(buf, i * bytes);
        return out;
    }
}
