/*
 * SafetensorsWriter and NpzWriter: what they write, the readers read back unchanged - keys in
 * order, shapes (a 0-d counter included) and every float bit.
 */
package workbench.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.tensor.Tensor;

class WritersTest {
    static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("stage0.rbr_reparam.weight", Tensor.randn(1, 4, 3, 3, 3));
        m.put("stage0.rbr_reparam.bias", Tensor.randn(2, 4));
        m.put("bn.num_batches_tracked", Tensor.full(100f, new int[0]));
        m.put("odd \"name\"/x", Tensor.of(new float[] {Float.NaN, -0f, Float.MIN_VALUE}, 3));
        return m;
    }

    static void assertSame(Map<String, Tensor> want, StateDict got) {
        assertThat(got.keys()).containsExactlyElementsOf(want.keySet());
        want.forEach((k, t) -> {
            assertThat(got.get(k).shape()).as(k).isEqualTo(t.shape());
            for (int i = 0; i < t.numel(); i++) {
                assertThat(Float.floatToRawIntBits(got.get(k).data()[i])).as(k + "[" + i + "]").isEqualTo(Float.floatToRawIntBits(t.data()[i]));
            }
        });
    }

    @Test
    void safetensors_written_here_read_back_bit_for_bit(@TempDir Path tmp) {
        Path p = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(p, sample());
        assertSame(sample(), StateDict.load(p));
    }

    @Test
    void npz_written_here_reads_back_bit_for_bit(@TempDir Path tmp) {
        Path p = tmp.resolve("w.npz");
        NpzWriter.write(p, sample());
        assertSame(sample(), StateDict.load(p));
    }
}
