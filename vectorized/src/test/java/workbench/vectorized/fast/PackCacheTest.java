/*
 * Packed weights are reused between calls, and weights changed in place are repacked: the op-by-op
 * conv must never compute with stale weights.
 */
package workbench.vectorized.fast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.NaiveKernels;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

class PackCacheTest {
    @Test
    void the_same_weights_reuse_their_packing_and_changed_weights_are_repacked() {
        Tensor w = Tensor.randn(1, 32, 16, 3, 3), b = Tensor.randn(2, 32);
        Conv2dSpec spec = Conv2dSpec.of(1, 1);
        PackedConv first = PackCache.packed(w, b, spec, 16);
        assertThat(PackCache.packed(w, b, spec, 16)).isSameAs(first);
        w.data()[100] += 1f;                                         // a checkpoint loaded in place
        assertThat(PackCache.packed(w, b, spec, 16)).isNotSameAs(first);
        b.data()[3] -= 1f;
        PackedConv afterBias = PackCache.packed(w, b, spec, 16);
        assertThat(afterBias.bias[3]).isEqualTo(b.data()[3]);
        assertThat(PackCache.packed(w, b, Conv2dSpec.of(2, 1), 16)).isNotSameAs(afterBias);
    }

    @Test
    void a_conv_after_an_in_place_weight_change_uses_the_new_weights() {
        Tensor x = Tensor.randn(3, 1, 16, 12, 12), w = Tensor.randn(4, 32, 16, 3, 3);
        Conv2dSpec spec = Conv2dSpec.of(1, 1);
        VectorKernels k = new VectorKernels();
        k.conv2d(x, w, null, spec);
        for (int i = 0; i < w.numel(); i++) w.data()[i] *= -0.5f;
        Tensor ref = NaiveKernels.INSTANCE.conv2d(x, w, null, spec);
        assertThat((double) k.conv2d(x, w, null, spec).maxAbsDiff(ref)).isLessThan(1e-4 * Math.max(1, ref.maxAbs()));
    }
}
