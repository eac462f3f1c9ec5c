/*
 * Structure facts of chapter 01 that do not need the official code: where the stride sits,
 * which shortcut each option builds, what a plain net lacks, and what the trace records.
 */
package workbench.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Trace;
import workbench.tensor.Tensor;

class ResNetModelTest {
    @Test
    void v1_5_strides_the_3x3_and_the_paper_layout_strides_the_first_1x1() {
        Bottleneck v15 = (Bottleneck) ((ResNet) ResNets.create("resnet50")).layer2.get(0);
        Bottleneck paper = (Bottleneck) ((ResNet) ResNets.create("resnet50-paper")).layer2.get(0);
        assertThat(v15.conv1.spec.strideH()).isEqualTo(1);
        assertThat(v15.conv2.spec.strideH()).isEqualTo(2);
        assertThat(paper.conv1.spec.strideH()).isEqualTo(2);
        assertThat(paper.conv2.spec.strideH()).isEqualTo(1);
    }

    @Test
    void shortcut_options_build_zero_padding_projection_where_needed_or_projection_everywhere() {
        assertThat(ResNets.create("resnet34-A").stateDict().keySet()).noneMatch(k -> k.contains("downsample"));
        assertThat(ResNets.create("resnet34").stateDict().keySet().stream().filter(k -> k.endsWith("downsample.0.weight")))
                .containsExactly("layer2.0.downsample.0.weight", "layer3.0.downsample.0.weight", "layer4.0.downsample.0.weight");
        assertThat(ResNets.create("resnet34-C").stateDict().keySet().stream().filter(k -> k.endsWith("downsample.0.weight")))
                .hasSize(3 + 4 + 6 + 3);
        assertThat(ResNets.create("plain34").stateDict().keySet()).noneMatch(k -> k.contains("downsample"));
    }

    @Test
    void option_a_subsamples_and_pads_zero_channels_on_both_sides() {
        Tensor x = Tensor.randn(1, 1, 2, 4, 5);
        Tensor y = new ShortcutA(2, 6, 2).call(x, Context.of(NaiveKernels.INSTANCE));
        assertThat(y.shape()).containsExactly(1, 6, 2, 3);
        assertThat(y.get(0, 2, 1, 2)).isEqualTo(x.get(0, 0, 2, 4));
        assertThat(y.get(0, 3, 0, 1)).isEqualTo(x.get(0, 1, 0, 2));
        for (int c : new int[] {0, 1, 4, 5}) for (int i = 0; i < 6; i++) assertThat(y.data()[c * 6 + i]).isZero();
    }

    @Test
    void the_trace_names_every_block_like_torchvision_hooks() {
        ResNet net = ResNets.randomize((ResNet) ResNets.create("resnet18"), 3);
        Trace trace = Trace.all();
        Tensor logits = net.call(Tensor.randn(2, 1, 3, 33, 35), new Context(NaiveKernels.INSTANCE, trace));
        assertThat(logits.shape()).containsExactly(1, 1000);
        assertThat(trace.tensors().keySet()).contains("conv1", "maxpool", "layer1.0", "layer1.0.conv1", "layer2.0.downsample",
                "layer2.0.downsample.0", "layer4", "avgpool", "fc");
        assertThat(trace.get("layer1").shape()).containsExactly(1, 64, 9, 9);
        assertThat(trace.get("fc")).isSameAs(logits);
    }

    @Test
    void a_wrong_channel_count_names_the_model_and_both_shapes() {
        assertThatThrownBy(() -> ResNets.create("resnet18").call(Tensor.zeros(1, 4, 64, 64), Context.of(NaiveKernels.INSTANCE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resnet18").hasMessageContaining("(N, 3, H, W)").hasMessageContaining("(1, 4, 64, 64)");
    }

    @Test
    void a_cifar_net_runs_on_32x32_and_has_6n_plus_2_weighted_layers() {
        var net = ResNets.randomize((CifarResNet) ResNets.create("resnet20_cifar"), 5);
        Tensor y = net.call(Tensor.randn(9, 2, 3, 32, 32), Context.of(NaiveKernels.INSTANCE));
        assertThat(y.shape()).containsExactly(2, 10);
        long convs = net.namedModules().values().stream().filter(m -> m instanceof workbench.nn.Conv2d).count();
        assertThat(convs + 1).isEqualTo(20);   // 19 convolutions + the fc layer
        assertThatThrownBy(() -> ResNets.create("resnet21_cifar")).hasMessageContaining("6n+2");
    }
}
