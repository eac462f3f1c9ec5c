/*
 * Why the port must flatten channels-last (chapters/02-vggish, "4.1 Architecture comparison"):
 * TF's slim.flatten reads the (N, 6, 4, C) NHWC map in (h, w, c) order, so fc1's weight columns
 * are in that order, in the TF checkpoint and in torchvggish alike. Our maps are NCHW. Flattening
 * them as torch.flatten would gives the same numbers in (c, h, w) order: every fc1 input lands on
 * the wrong weight column. The expected values come from golden-tests/generate/vggish.py (torch).
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Linear;
import workbench.tensor.Tensor;
import workbench.vggish.VGGish;
import workbench.vggish.VggishCheckpoints;

class VggishFlattenOrderTest {
    static final Path CASE = Path.of("data/vggish/network_tiny");
    static final Kernels K = NaiveKernels.INSTANCE;

    private static VGGish tinyFromTf(GoldenCase c) {
        var a = c.arguments();
        VGGish m = new VGGish(new VGGish.Config(a.path("conv1").asInt(), a.path("conv2").asInt(), a.path("conv3").asInt(),
                a.path("conv4").asInt(), a.path("fc1").asInt(), a.path("embedding_size").asInt(), false));
        VggishCheckpoints.load(m, c.path("tf_variables.npz"));
        return m;
    }

    /** The rest of the network after the features, fed with a given flattening of the final map. */
    private static Tensor embeddingsFrom(VGGish m, Tensor flat) {
        return m.embeddings.call(flat, Context.of(K));
    }

    @Test
    void tf_weights_with_a_channels_last_flatten_match_the_reference_embedding() {
        GoldenCase c = GoldenCase.open(CASE);
        VGGish m = tinyFromTf(c);
        Tensor y = m.call(c.tensor("input"), Context.of(K));
        TensorReport r = TensorReport.compare("output", c.tensor("output"), y, GoldenTolerances.CONV_F32);
        assertThat(r.ok()).as(r.text()).isTrue();
    }

    @Test
    void flattening_nchw_as_torch_flatten_does_scrambles_fc1_and_misses_the_reference_by_far() {
        GoldenCase c = GoldenCase.open(CASE);
        VGGish m = tinyFromTf(c);
        Tensor maps = m.features.call(c.tensor("input").reshape(-1, 1, 96, 64), Context.of(K));     // (N, C, 6, 4)
        Tensor nchwFlat = K.flatten(maps, 1);                                                      // (c, h, w) order
        Tensor wrong = embeddingsFrom(m, nchwFlat);
        TensorReport r = TensorReport.compare("output", c.tensor("output"), wrong, GoldenTolerances.CONV_F32);
        assertThat(r.ok()).isFalse();
        assertThat(r.maxAbs()).as("the scrambled embedding is not a small numerical error").isGreaterThan(1.0);
        assertThat(r.bad()).as("most entries are off").isGreaterThan(r.total() / 2);
    }

    @Test
    void permuting_fc1_columns_to_chw_order_makes_the_torch_style_flatten_correct_again() {
        GoldenCase c = GoldenCase.open(CASE);
        VGGish m = tinyFromTf(c);
        Tensor maps = m.features.call(c.tensor("input").reshape(-1, 1, 96, 64), Context.of(K));
        int ch = maps.dim(1), h = maps.dim(2), w = maps.dim(3);
        Linear fc1 = (Linear) m.embeddings.get(0);
        int out = fc1.outFeatures, in = fc1.inFeatures;
        // column (h*W + w)*C + c of the TF-ordered weight moves to column (c*H + h)*W + w
        float[] src = fc1.weight.data().clone(), dst = fc1.weight.data();
        for (int o = 0; o < out; o++)
            for (int cc = 0; cc < ch; cc++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) dst[o * in + (cc * h + y) * w + x] = src[o * in + (y * w + x) * ch + cc];
        Tensor y = embeddingsFrom(m, K.flatten(maps, 1));
        TensorReport r = TensorReport.compare("output", c.tensor("output"), y, GoldenTolerances.CONV_F32);
        assertThat(r.ok()).as(r.text()).isTrue();
    }

    @Test
    void the_channels_last_flatten_puts_element_c_h_w_at_h_w_c() {
        Tensor x = Tensor.zeros(1, 3, 2, 2);
        for (int i = 0; i < x.numel(); i++) x.data()[i] = i;      // value = (c*2 + h)*2 + w
        Tensor f = VGGish.channelsLastFlatten(x);
        assertThat(f.shape()).containsExactly(1, 12);
        // (h, w, c) order: [c0h0w0, c1h0w0, c2h0w0, c0h0w1, ...]
        assertThat(f.data()).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    }
}
