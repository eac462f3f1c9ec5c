/*
 * Exact reads with the messages the readers share: "needs N bytes, only M follow" rather than an
 * EOFException without a file name. Reads never trust a claimed length for allocation:
 * InputStream.readNBytes grows its buffer as bytes actually arrive, and callers check claimed
 * lengths against the file or archive-entry size first.
 * Deliberately not here: format knowledge; each reader says what the bytes were meant to be.
 */
package workbench.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

final class ByteReads {
    private ByteReads() {}

    /** Largest byte[] the JVM reliably allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    static final String TRUNCATED_HINT =
            "the file was cut off (interrupted copy, download or save); re-create it from its source";

    /** Reads exactly {@code n} bytes, or throws a CheckpointFormatException saying the file is truncated. */
    static byte[] readExactly(InputStream in, long n, String source, String what) throws IOException {
        if (n > MAX_ARRAY) {
            throw new CheckpointFormatException(source, what + " is " + n + " bytes, more than one Java array holds",
                    "split the data into smaller arrays or tensors before saving");
        }
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) {
            throw new CheckpointFormatException(source, "truncated: " + what + " needs " + n
                    + " bytes but only " + b.length + " remain", TRUNCATED_HINT);
        }
        return b;
    }

    static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read the file size", e);
        }
    }

    /** The first bytes of {@code b} in hex, for "bad magic" messages. */
    static String hexStart(byte[] b, int max) {
        int n = Math.min(b.length, max);
        byte[] head = new byte[n];
        System.arraycopy(b, 0, head, 0, n);
        return HexFormat.ofDelimiter(" ").formatHex(head);
    }

    /** Up to {@code n} leading bytes of a file (fewer if the file is shorter). */
    static byte[] head(Path path, int n) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read", e);
        }
    }
}
