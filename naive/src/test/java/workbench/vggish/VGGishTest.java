/*
 * The VGGish module tree: torchvggish's keys and the parameter count of vggish_slim's layers, the
 * optional ReLU on the embedding, and the loader's handling of the layouts users have.
 */
package workbench.vggish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.tensor.Tensor;

class VGGishTest {
    static final VGGish.Config TINY = new VGGish.Config(2, 4, 4, 8, 16, 128, false);

    @Test
    void the_official_network_has_torchvggish_keys_and_72_141_184_parameters() {
        VGGish v = new VGGish();
        assertThat(v.stateDict().keySet()).containsExactly(
                "features.0.weight", "features.0.bias", "features.3.weight", "features.3.bias", "features.6.weight", "features.6.bias",
                "features.8.weight", "features.8.bias", "features.11.weight", "features.11.bias", "features.13.weight", "features.13.bias",
                "embeddings.0.weight", "embeddings.0.bias", "embeddings.2.weight", "embeddings.2.bias", "embeddings.4.weight",
                "embeddings.4.bias");
        assertThat(v.parameterCount()).isEqualTo(72_141_184L);
        assertThat(v.stateDict().get("embeddings.0.weight").shape()).containsExactly(4096, 512 * 6 * 4);
    }

    @Test
    void the_relu_on_the_embedding_is_torchvggish_s_extra_layer_and_only_clamps_the_output() {
        VGGish pre = VggishCheckpoints.seeded(new VGGish(TINY), 9);
        VGGish post = new VGGish(TINY.withReluOnEmbedding(true));
        assertThat(post.stateDict().keySet()).isEqualTo(pre.stateDict().keySet());
        VggishCheckpoints.load(post, pre.stateDict(), "memory");
        Tensor x = Tensor.randn(1, 2, 96, 64);
        Tensor a = pre.call(x, Context.of(NaiveKernels.INSTANCE)), b = post.call(x, Context.of(NaiveKernels.INSTANCE));
        boolean anyNegative = false;
        for (int i = 0; i < a.numel(); i++) {
            anyNegative |= a.data()[i] < 0;
            assertThat(b.data()[i]).isEqualTo(Math.max(0f, a.data()[i]));
        }
        assertThat(anyNegative).as("a pre-activation embedding has negative entries").isTrue();
    }

    @Test
    void the_loader_strips_module_and_sets_aside_torchvggish_s_pca_entries() {
        VGGish src = VggishCheckpoints.seeded(new VGGish(TINY), 3);
        Map<String, Tensor> file = new LinkedHashMap<>();
        src.stateDict().forEach((k, v) -> file.put("module." + k, v));
        file.put("pproc.pca_eigen_vectors", Tensor.zeros(128, 128));
        VGGish dst = new VGGish(TINY);
        VggishCheckpoints.load(dst, file, "wrapped.pth");
        assertThat(dst.stateDict().get("features.13.weight").data()).containsExactly(src.stateDict().get("features.13.weight").data());
    }

    @Test
    void a_tf_file_missing_a_variable_names_it_and_how_to_save_all_of_them() {
        Map<String, Tensor> tf = new LinkedHashMap<>();
        tf.put("vggish/conv1/weights:0", Tensor.zeros(3, 3, 1, 2));
        tf.put("vggish/conv1/biases:0", Tensor.zeros(2));
        assertThatThrownBy(() -> VggishCheckpoints.load(new VGGish(TINY), tf, "partial.npz"))
                .hasMessageContaining("partial.npz").hasMessageContaining("vggish/conv2/weights").hasMessageContaining("HINT");
    }

    @Test
    void examples_of_the_wrong_size_are_refused_with_the_expected_shape() {
        VGGish v = new VGGish(TINY);
        assertThatThrownBy(() -> v.call(Tensor.zeros(1, 1, 95, 64), Context.of(NaiveKernels.INSTANCE)))
                .hasMessageContaining("(N, 1, 96, 64)").hasMessageContaining("(1, 1, 95, 64)");
    }
}
