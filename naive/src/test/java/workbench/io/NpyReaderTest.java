/*
 * NpyReader against files NumPy wrote (every supported dtype, header versions 1.0/2.0/3.0,
 * big-endian, 0-d, zero-size) and against broken files made here from those fixtures.
 */
package workbench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static workbench.io.IoFixtures.assertBitExact;
import static workbench.io.IoFixtures.assertFormatError;
import static workbench.io.IoFixtures.bytes;
import static workbench.io.IoFixtures.expected;
import static workbench.io.IoFixtures.fixture;
import static workbench.io.IoFixtures.write;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"npy_f4_v1.npy", "npy_f4_v2.npy", "npy_f4_v3.npy", "npy_f8.npy", "npy_f2.npy",
            "npy_i1.npy", "npy_u1.npy", "npy_i2.npy", "npy_i4.npy", "npy_i8.npy", "npy_b1.npy",
            "npy_f4_big_endian.npy", "npy_i8_big_endian.npy", "npy_scalar.npy", "npy_zero_size.npy"})
    void reads_every_dtype_and_header_version_like_numpy(String name) {
        NpyArray a = NpyReader.read(fixture(name));
        assertThat(a.descr()).isEqualTo(expected(name).get("descr").asText());
        assertBitExact(name, a.tensor(), expected(name));
        if (expected(name).has("integers")) {
            assertThat(a.longs()).containsExactly(IoFixtures.integers(expected(name)));
        } else {
            assertThat(a.isInteger()).isFalse();
        }
    }

    @Test
    void keeps_exact_int64_values_that_float32_would_round() {
        NpyArray a = NpyReader.read(fixture("npy_i8.npy"));
        assertThat(a.dtype()).isEqualTo(DType.INT64);
        long[] exact = a.longs();
        assertThat(exact).containsExactly(IoFixtures.integers(expected("npy_i8.npy")));
        // 2^40 + 1 is not a float32: the tensor holds the rounded value, longs() the exact one
        assertThat((long) a.tensor().data()[2]).isNotEqualTo(exact[2]);
    }

    @Test
    void tells_the_caller_that_a_file_held_uint8() {
        NpyArray a = NpyReader.read(fixture("npy_u1.npy"));
        assertThat(a.dtype()).isEqualTo(DType.UINT8);
        assertThat(a.descr()).isEqualTo("|u1");
        assertThat(a.shape()).containsExactly(3, 4, 3);
    }

    @Test
    void reads_a_0d_array_as_a_tensor_of_shape_empty() {
        NpyArray a = NpyReader.read(fixture("npy_scalar.npy"));
        assertThat(a.shape()).isEmpty();
        assertThat(a.tensor().numel()).isEqualTo(1);
    }

    @Test
    void reads_zero_size_arrays_with_their_shape() {
        assertThat(NpyReader.readTensor(fixture("npy_zero_size.npy")).shape()).containsExactly(0, 96, 64);
    }

    @Test
    void rejects_fortran_order_with_a_hint() {
        Path p = fixture("npy_fortran.npy");
        assertFormatError(() -> NpyReader.read(p), p, "Fortran (column-major) order");
        assertThatThrownBy(() -> NpyReader.read(p)).hasMessageContaining("np.ascontiguousarray");
    }

    @Test
    void rejects_object_arrays_with_a_hint() {
        Path p = fixture("npy_object.npy");
        assertFormatError(() -> NpyReader.read(p), p, "holds Python objects");
    }

    @Test
    void rejects_a_truncated_file_with_a_hint() {
        Path p = IoFixtures.truncatedCopy("npy_f4_v1.npy", 5, tmp);
        assertFormatError(() -> NpyReader.read(p), p, "truncated: the header says shape (2, 3, 4) of '<f4' (96 bytes"
                + " of data), but 91 bytes follow the header");
    }

    @Test
    void rejects_a_file_cut_inside_the_header() {
        Path p = IoFixtures.truncatedCopy("npy_f4_v1.npy", 224 - 40, tmp);
        assertFormatError(() -> NpyReader.read(p), p, "truncated: the .npy header claims 118 bytes");
    }

    @Test
    void rejects_a_file_cut_inside_the_magic() {
        Path p = IoFixtures.truncatedCopy("npy_f4_v1.npy", 224 - 4, tmp);
        assertFormatError(() -> NpyReader.read(p), p, "truncated");
    }

    @Test
    void rejects_a_header_shape_bigger_than_the_data() {
        String text = new String(bytes(fixture("npy_f4_v1.npy")), StandardCharsets.ISO_8859_1)
                .replace("(2, 3, 4)", "(2, 3, 5)");
        Path p = write(tmp, "bigger.npy", text.getBytes(StandardCharsets.ISO_8859_1));
        assertFormatError(() -> NpyReader.read(p), p, "header says shape (2, 3, 5) of '<f4' (120 bytes of data),"
                + " but 96 bytes follow");
    }

    @Test
    void rejects_trailing_bytes_after_the_data() {
        byte[] all = bytes(fixture("npy_f4_v1.npy"));
        Path p = write(tmp, "longer.npy", Arrays.copyOf(all, all.length + 4));
        assertFormatError(() -> NpyReader.read(p), p, "extra bytes at the end");
    }

    @Test
    void rejects_a_huge_claimed_shape_fast_without_allocating() {
        Path p = write(tmp, "huge.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000000), }", 16));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertFormatError(() -> NpyReader.read(p), p, "(4000000000000000000 bytes of data), but 16 bytes follow"));
        Path q = write(tmp, "overflow.npy", npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999, 99999999999), }", 0));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertFormatError(() -> NpyReader.read(q), q, "more than " + Long.MAX_VALUE));
    }

    @Test
    void rejects_dimensions_that_a_tensor_cannot_index() {
        // A zero first dimension keeps the byte count at 0 (the file matches), the second is still too big.
        Path p = write(tmp, "wide.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3000000000), }", 0));
        assertFormatError(() -> NpyReader.read(p), p, "dimension 1 is larger than 2147483647");
    }

    @Test
    void decodes_version_3_headers_as_utf8() {
        Path p = write(tmp, "v3.npy", npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } # \u00e9\u00e8",
                0));
        // the comment is not valid Python dict syntax, so the error must quote the decoded UTF-8 text
        assertFormatError(() -> NpyReader.read(p), p, "\u00e9\u00e8");
    }

    @Test
    void rejects_bad_magic_with_a_hint() {
        Path p = write(tmp, "not.npy", "PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1));
        assertFormatError(() -> NpyReader.read(p), p, "not a .npy file: it starts with 50 4b 03 04");
        Path empty = write(tmp, "empty.npy", new byte[0]);
        assertFormatError(() -> NpyReader.read(empty), empty, "empty file");
    }

    @Test
    void rejects_unknown_dtypes_and_unknown_versions() {
        Path c = write(tmp, "complex.npy", npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8));
        assertFormatError(() -> NpyReader.read(c), c, "unsupported dtype '<c8'");
        Path v = write(tmp, "v9.npy", npy(9, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4));
        assertFormatError(() -> NpyReader.read(v), v, "unknown .npy format version 9.0");
        Path s = write(tmp, "struct.npy", npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4));
        assertFormatError(() -> NpyReader.read(s), s, "structured dtype");
        Path b = write(tmp, "broken.npy", npy(1, "{'descr': '<f4', 'shape': (1,), 'fortran_order': Fals }", 4));
        assertFormatError(() -> NpyReader.read(b), b, "not a Python dict literal");
        Path deep = write(tmp, "deep.npy", npy(1, "{'shape': " + "(".repeat(5000) + " }", 0));
        assertFormatError(() -> NpyReader.read(deep), deep, "nested deeper than");
    }

    @Test
    void reports_a_missing_file_as_an_io_error_with_the_path() {
        Path p = tmp.resolve("missing.npy");
        assertThatThrownBy(() -> NpyReader.read(p)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.npy");
    }

    /** A .npy with the given header dict text (padded as NumPy pads) followed by {@code dataBytes} zero bytes. */
    static byte[] npy(int major, String dict, int dataBytes) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        int hlen = text.length + 1;
        int pad = 64 - (8 + lengthBytes + hlen) % 64;
        ByteBuffer pre = ByteBuffer.allocate(8 + lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(NpyReader.MAGIC).put((byte) major).put((byte) 0);
        if (lengthBytes == 2) pre.putShort((short) (hlen + pad));
        else pre.putInt(hlen + pad);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pre.array());
        out.writeBytes(text);
        out.writeBytes(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1));
        out.write('\n');
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }
}
