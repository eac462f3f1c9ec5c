/*
 * Postprocessor: the two npz layouts of pca_means, the truncating uint8 cast at the clip edges,
 * and the message for PCA files of the wrong shape.
 */
package workbench.vggish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.io.NpzWriter;
import workbench.tensor.Tensor;

class PostprocessorTest {
    @TempDir Path tmp;

    private Path npz(String name, Tensor eigen, Tensor means) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(VggishParams.PCA_EIGEN_VECTORS_NAME, eigen);
        m.put(VggishParams.PCA_MEANS_NAME, means);
        Path p = tmp.resolve(name);
        NpzWriter.write(p, m);
        return p;
    }

    @Test
    void means_as_128_or_as_128_by_1_give_the_same_bytes() {
        Tensor eigen = Tensor.randn(1, 128, 128), means = Tensor.randn(2, 128);
        Tensor e = Tensor.randn(3, 4, 128);
        Postprocessor flat = Postprocessor.load(npz("flat.npz", eigen, means));
        Postprocessor column = Postprocessor.load(npz("col.npz", eigen, means.reshape(128, 1)));
        assertThat(flat.postprocess(e).bytes()).containsExactly(column.postprocess(e).bytes());
    }

    @Test
    void quantisation_truncates_and_clips_to_0_and_255() {
        // identity PCA, zero means: the byte is floor((clip(x, -2, 2) + 2) * 63.75)
        double[] eye = new double[128 * 128];
        for (int i = 0; i < 128; i++) eye[i * 128 + i] = 1;
        Postprocessor p = new Postprocessor(eye, new double[128], 128, true);
        Tensor e = Tensor.zeros(1, 128);
        float[] x = {-5f, -2f, 0f, 0.9999f, 1.99f, 2f, 7f};
        System.arraycopy(x, 0, e.data(), 0, x.length);
        int[] b = p.postprocess(e).bytes();
        // 0.9999 -> 191.24 -> 191 (a rounding cast would give the same); 1.99 -> 254.36 -> 254; 0 -> 127.5 -> 127, not 128
        assertThat(new int[] {b[0], b[1], b[2], b[3], b[4], b[5], b[6]}).containsExactly(0, 0, 127, 191, 254, 255, 255);
    }

    @Test
    void a_pca_file_of_the_wrong_shape_names_both_arrays_and_the_expected_shapes() {
        Path p = npz("bad.npz", Tensor.zeros(64, 128), Tensor.zeros(128));
        assertThatThrownBy(() -> Postprocessor.load(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.npz").hasMessageContaining("[64, 128]").hasMessageContaining("[128, 128]")
                .hasMessageContaining("HINT");
        Path q = npz("badmeans.npz", Tensor.zeros(128, 128), Tensor.zeros(128, 2));
        assertThatThrownBy(() -> Postprocessor.load(q)).hasMessageContaining("pca_means [128, 2]");
    }

    @Test
    void a_pca_file_without_the_official_keys_lists_what_it_holds() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("matrix", Tensor.zeros(128, 128));
        Path p = tmp.resolve("keys.npz");
        NpzWriter.write(p, m);
        assertThatThrownBy(() -> Postprocessor.load(p)).hasMessageContaining("pca_eigen_vectors").hasMessageContaining("[matrix]");
    }

    @Test
    void embeddings_of_another_width_are_refused_with_the_expected_shape() {
        Postprocessor p = SmokeTest.seededPca(1);
        assertThatThrownBy(() -> p.postprocess(Tensor.zeros(2, 64))).hasMessageContaining("(N, 128)").hasMessageContaining("(2, 64)");
    }
}
