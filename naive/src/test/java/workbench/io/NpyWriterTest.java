/*
 * NpyWriter writes what np.save writes: byte-identical files for the NumPy fixtures (float32,
 * uint8, int64, 0-d, zero-size), and a Java round trip through NpyReader.
 */
package workbench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static workbench.io.IoFixtures.bytes;
import static workbench.io.IoFixtures.fixture;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import workbench.tensor.Tensor;

class NpyWriterTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"npy_f4_v1.npy", "npy_scalar.npy", "npy_zero_size.npy"})
    void writes_float32_files_byte_identical_to_numpy(String name) {
        Tensor t = NpyReader.readTensor(fixture(name));
        Path out = tmp.resolve(name);
        NpyWriter.write(out, t);
        assertThat(bytes(out)).isEqualTo(bytes(fixture(name)));
    }

    @Test
    void writes_uint8_files_byte_identical_to_numpy() {
        NpyArray a = NpyReader.read(fixture("npy_u1.npy"));
        long[] v = a.longs();
        byte[] data = new byte[v.length];
        for (int i = 0; i < v.length; i++) data[i] = (byte) v[i];
        Path out = tmp.resolve("u1.npy");
        NpyWriter.writeUint8(out, a.shape(), data);
        assertThat(bytes(out)).isEqualTo(bytes(fixture("npy_u1.npy")));
    }

    @Test
    void writes_int64_files_byte_identical_to_numpy() {
        NpyArray a = NpyReader.read(fixture("npy_i8.npy"));
        Path out = tmp.resolve("i8.npy");
        NpyWriter.writeInt64(out, a.shape(), a.longs());
        assertThat(bytes(out)).isEqualTo(bytes(fixture("npy_i8.npy")));
    }

    @Test
    void round_trips_a_random_tensor_bit_for_bit_with_a_64_byte_aligned_header() {
        Tensor t = Tensor.randn(7, 3, 1, 5, 2);
        Path out = tmp.resolve("r.npy");
        NpyWriter.write(out, t);
        NpyArray back = NpyReader.read(out);
        assertThat(back.descr()).isEqualTo("<f4");
        assertThat(back.shape()).containsExactly(3, 1, 5, 2);
        assertThat(back.tensor().data()).containsExactly(t.data());
        int headerEnd = 10 + (ByteBuffer.wrap(bytes(out), 8, 2).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff);
        assertThat(headerEnd % 64).isZero();
        assertThat(bytes(out)[headerEnd - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void refuses_data_that_does_not_match_the_shape() {
        assertThatThrownBy(() -> NpyWriter.writeUint8(tmp.resolve("x.npy"), new int[] {2, 2}, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(2, 2) needs 4 values, got 3");
    }
}
