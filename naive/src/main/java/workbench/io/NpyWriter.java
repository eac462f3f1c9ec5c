/*
 * Writer for NumPy's .npy format, byte for byte what np.save of NumPy 1.24 writes for a C-order
 * array: version 1.0 (2.0 only if the header would not fit in 65535 bytes), the dict
 * "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", NumPy's spare spaces for growing
 * the first axis, then spaces and a final '\n' so that the data starts at a multiple of 64 bytes.
 * Float tensors are written as '<f4'; uint8 and int64 data have their own methods.
 * Deliberately not done: other dtypes, Fortran order, appending, writing .npz.
 */
package workbench.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import workbench.tensor.Shape;
import workbench.tensor.Tensor;

public final class NpyWriter {
    private NpyWriter() {}

    /** NumPy aligns the start of the data to this many bytes (numpy.lib.format.ARRAY_ALIGN). */
    private static final int ALIGN = 64;
    /** NumPy leaves room for the first dimension to grow to this many digits (GROWTH_AXIS_MAX_DIGITS). */
    private static final int GROWTH_DIGITS = 21;

    /** Writes a float32 tensor as '<f4'. */
    public static void write(Path path, Tensor t) {
        float[] data = t.data();
        ByteBuffer body = ByteBuffer.allocate(Math.multiplyExact(data.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) body.putFloat(v);
        write(path, "<f4", t.shape(), body.array());
    }

    /** Writes bytes as '|u1' (e.g. an 8-bit image (H, W, 3)); {@code data.length} must match the shape. */
    public static void writeUint8(Path path, int[] shape, byte[] data) {
        requireLength(shape, data.length);
        write(path, "|u1", shape, data);
    }

    /** Writes longs as '<i8' (e.g. labels or counters); {@code data.length} must match the shape. */
    public static void writeInt64(Path path, int[] shape, long[] data) {
        requireLength(shape, data.length);
        ByteBuffer body = ByteBuffer.allocate(Math.multiplyExact(data.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) body.putLong(v);
        write(path, "<i8", shape, body.array());
    }

    /** The preamble and header NumPy writes for a C-order array of this dtype and shape. */
    static byte[] header(String descr, int[] shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) dims.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) dims.append(','); // Python's one-element tuple: (5,)
        dims.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        if (shape.length > 0) dict += " ".repeat(GROWTH_DIGITS - Integer.toString(shape[0]).length());
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1; // + the final '\n'
        // Version 1.0 stores the header length in 2 bytes; fall back to 2.0 (4 bytes) as NumPy does.
        int lengthBytes = hlen + ALIGN - (10 + hlen) % ALIGN <= 0xffff ? 2 : 4;
        int preamble = 6 + 2 + lengthBytes;
        int pad = ALIGN - (preamble + hlen) % ALIGN;
        int headerLength = hlen + pad;

        ByteBuffer out = ByteBuffer.allocate(preamble + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(NpyReader.MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
        if (lengthBytes == 2) out.putShort((short) headerLength);
        else out.putInt(headerLength);
        out.put(text);
        for (int i = 0; i < pad; i++) out.put((byte) ' ');
        out.put((byte) '\n');
        return out.array();
    }

    private static void write(Path path, String descr, int[] shape, byte[] body) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            out.write(header(descr, shape));
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write", e);
        }
    }

    private static void requireLength(int[] shape, int length) {
        if (Shape.numel(shape) != length) {
            throw new IllegalArgumentException("npy write: shape " + Shape.str(shape) + " needs "
                    + Shape.numel(shape) + " values, got " + length);
        }
    }
}
