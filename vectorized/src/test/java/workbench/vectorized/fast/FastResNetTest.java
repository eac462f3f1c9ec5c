/*
 * The fast path against its twin, the module tree run op by op on NaiveKernels: whole ResNets
 * (both layouts, plain, dilated), odd sizes, batch 2, one and two threads; the names it traces; and
 * the models it must refuse.
 */
package workbench.vectorized.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.nn.Trace;
import workbench.resnet.ResNet;
import workbench.resnet.ResNetConfig;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

class FastResNetTest {
    /** Whole-network twin tolerance: |d| <= 1e-4 * max(1, max|ref|), the golden rule for ResNets. */
    static final double WHOLE_NET_ATOL = 1e-4;

    static ResNet model(String name, boolean dilate) {
        ResNetConfig c = ResNets.config(name);
        if (dilate) c = c.withDilation(false, true, true);
        return ResNets.randomize(new ResNet(c), 11);
    }

    @ParameterizedTest(name = "{0} dilated={1} {2}x{3} batch {4}, {5} thread(s)")
    @CsvSource({
        "resnet18, false, 67, 45, 2, 1",
        "resnet18, false, 32, 32, 1, 2",
        "resnet50, false, 97, 131, 1, 2",
        "resnet50-paper, false, 61, 77, 1, 1",
        "plain34, false, 45, 51, 1, 2",
        "resnet50, true, 65, 71, 1, 2",
        "resnet34-C, false, 40, 36, 2, 2",
    })
    void fast_path_equals_the_module_tree_run_op_by_op(String name, boolean dilate, int h, int w, int n, int threads) {
        ResNet net = model(name, dilate);
        Tensor x = Tensor.randn(5, n, 3, h, w);
        Trace ref = Trace.all();
        Tensor expected = net.call(x, new Context(NaiveKernels.INSTANCE, ref));
        Module fast = new VectorKernels().withThreads(threads).prepare(net);
        assertThat(fast).isInstanceOf(FastResNet.class);
        Trace got = Trace.all();
        Tensor y = fast.call(x, new Context(new VectorKernels(), got));
        double tol = WHOLE_NET_ATOL * Math.max(1, expected.maxAbs());
        assertThat((double) y.maxAbsDiff(expected)).as("logits").isLessThanOrEqualTo(tol);
        for (String traced : got.tensors().keySet()) {
            Tensor r = ref.get(traced);
            double t = WHOLE_NET_ATOL * Math.max(1, r.maxAbs());
            assertThat((double) got.get(traced).maxAbsDiff(r)).as(traced).isLessThanOrEqualTo(t);
        }
        assertThat(got.tensors().keySet()).contains("relu", "maxpool", "layer1.0", "layer1", "layer4", "avgpool", "fc");
    }

    @Test
    void a_second_input_shape_gets_its_own_buffers_and_the_same_answers() {
        ResNet net = model("resnet18", false);
        Module fast = new VectorKernels().withThreads(2).prepare(net);
        Context ctx = Context.of(new VectorKernels());
        for (int[] s : new int[][] {{40, 40}, {33, 57}, {40, 40}}) {
            Tensor x = Tensor.randn(s[1], 1, 3, s[0], s[1]);
            Tensor ref = net.call(x, Context.of(NaiveKernels.INSTANCE));
            assertThat((double) fast.call(x, ctx).maxAbsDiff(ref)).isLessThanOrEqualTo(WHOLE_NET_ATOL * Math.max(1, ref.maxAbs()));
        }
    }

    @Test
    void models_without_a_fast_form_run_op_by_op() {
        for (String name : new String[] {"resnet18-A", "resnet20_cifar"}) {
            Module m = ResNets.create(name);
            assertThat(new VectorKernels().prepare(m)).as(name).isSameAs(m);
            assertThat(FastResNet.supports(m)).isFalse();
        }
        Module plain = ResNets.create("resnet18");
        assertThat(NaiveKernels.INSTANCE.prepare(plain)).isSameAs(plain);
    }

    @Test
    void the_fast_path_records_only_tensors_that_exist_after_fusion() {
        FastResNet fast = (FastResNet) new VectorKernels().prepare(model("resnet50", false));
        Trace t = Trace.all();
        fast.call(Tensor.randn(1, 1, 3, 64, 64), new Context(new VectorKernels(), t));
        Set<String> names = t.tensors().keySet();
        assertThat(names).contains("layer2.0.downsample").doesNotContain("conv1", "bn1", "layer1.0.conv1");
        assertThat(t.get("layer3").shape()).containsExactly(1, 1024, 4, 4);
    }
}
