/*
 * Reader for NumPy's .npy format, versions 1.0, 2.0 and 3.0.
 * Mirrors the spec in numpy/lib/format.py: magic "\x93NUMPY", major and minor version bytes, the
 * header length (2 bytes little-endian in v1, 4 bytes in v2 and v3), the header (a Python dict
 * literal, latin-1 in v1/v2, UTF-8 in v3), then the raw array data in C order.
 * Every dtype in NpyHeader.SUPPORTED becomes a float32 Tensor; integer arrays also keep exact longs.
 * The byte count the header implies is checked against what the file holds before anything is
 * allocated, so a header claiming (1e9, 1e9) fails at once with a message.
 * Deliberately not done: memory mapping, Fortran order, object/structured/string arrays, and
 * tolerance for trailing bytes (a size mismatch in either direction is reported).
 */
package workbench.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import workbench.tensor.Tensor;

public final class NpyReader {
    private NpyReader() {}

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Reads a .npy file, keeping its original dtype next to the float32 values. */
    public static NpyArray read(Path path) {
        long size = ByteReads.size(path);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(in, size, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read", e);
        }
    }

    /** Reads a .npy file as a float32 Tensor. */
    public static Tensor readTensor(Path path) {
        return read(path).tensor();
    }

    /**
     * Reads one .npy from a stream that holds exactly {@code size} bytes (a file, or an .npz member);
     * {@code source} names it in error messages.
     */
    static NpyArray read(InputStream in, long size, String source) throws IOException {
        // Preamble: 6 magic bytes, major, minor; then the header length field.
        byte[] start = in.readNBytes(8);
        if (start.length == 0 || !matchesMagic(start)) {
            throw new CheckpointFormatException(source, "not a .npy file: it starts with "
                    + (start.length == 0 ? "nothing (empty file)" : ByteReads.hexStart(start, 8))
                    + ", not the magic \\x93NUMPY",
                    "pass a file written by np.save; an .npz archive goes through NpzReader or StateDict.load");
        }
        if (start.length < 8) throw truncated(source, "the .npy preamble", 10, size);
        int major = start[6] & 0xff;
        if (major < 1 || major > 3) {
            throw new CheckpointFormatException(source, "unknown .npy format version " + major + "." + (start[7] & 0xff)
                    + "; this reader knows 1.0, 2.0 and 3.0",
                    "re-save the array with np.save from NumPy (it writes version 1.0 when it can)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) throw truncated(source, "the .npy header length", 8 + lengthBytes, size);
        long headerLength = major == 1
                ? (len[0] & 0xff) | (len[1] & 0xff) << 8
                : ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffff_ffffL;
        long dataStart = 8 + lengthBytes + headerLength;
        if (dataStart > size) {
            throw new CheckpointFormatException(source, "truncated: the .npy header claims " + headerLength
                    + " bytes but the file holds only " + size + " bytes in all", ByteReads.TRUNCATED_HINT);
        }
        byte[] headerBytes = ByteReads.readExactly(in, headerLength, source, "the .npy header");
        String headerText = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(headerText, source);

        // Compare the bytes the header implies with the bytes that follow it, before allocating.
        long numel = Sizes.numel(header.shape());
        long needed = Sizes.saturatingMultiply(numel, header.dtype().bytes());
        long available = size - dataStart;
        if (needed != available) {
            String got = "the header says shape " + Sizes.str(header.shape()) + " of '" + header.descr() + "' ("
                    + (needed == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : needed) + " bytes of data), but "
                    + available + " bytes follow the header";
            throw new CheckpointFormatException(source,
                    needed > available ? "truncated: " + got : got + " (extra bytes at the end)",
                    needed > available ? ByteReads.TRUNCATED_HINT
                            : "the file was not written by np.save, or was appended to; re-save it with np.save");
        }
        int[] shape = Sizes.toIntShape(header.shape(), source, "the array");
        byte[] data = ByteReads.readExactly(in, needed, source, "the array data");
        ByteBuffer buf = ByteBuffer.wrap(data).order(header.order());
        int n = (int) numel;
        long[] integers = header.dtype().isInteger() ? header.dtype().toLongs(buf, n) : null;
        float[] values = header.dtype().toFloats(buf, n);
        return new NpyArray(header.descr(), header.dtype(), new Tensor(shape, values), integers);
    }

    /** True if the bytes present agree with the magic (a file cut inside the magic counts as truncated). */
    private static boolean matchesMagic(byte[] b) {
        for (int i = 0; i < Math.min(b.length, MAGIC.length); i++) if (b[i] != MAGIC[i]) return false;
        return true;
    }

    private static CheckpointFormatException truncated(String source, String what, long needed, long size) {
        return new CheckpointFormatException(source, "truncated: " + what + " needs at least " + needed
                + " bytes but the file holds " + size, ByteReads.TRUNCATED_HINT);
    }
}
