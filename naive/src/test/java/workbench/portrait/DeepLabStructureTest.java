/*
 * The structural claims of chapters/04-portrait/ (Sec. 1.1, 1.2, 1.4, 1.5) checked on our models:
 * torchvision's first-block dilation rule at output stride 16 and 8, the 368 VainF state_dict
 * entries without backbone.fc, the exact stride-4 grid of align_corners=True at 16k + 1 sizes, and
 * the degeneration of an atrous 3x3 wider than its map into a 1x1 conv. The torchvision goldens
 * live in golden-tests/ (PortraitGoldenTest); these need no data.
 */
package workbench.portrait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.tensor.Tensor;

class DeepLabStructureTest {
    /** Only the centre tap is non-zero in both sums, so they add the same terms in the same order. */
    private static final double SAME_TERMS = 0.0;

    private static Conv2d conv(Map<String, Module> modules, String name) {
        return (Conv2d) modules.get(name);
    }

    @Test
    void a_dilated_stage_keeps_the_previous_dilation_in_its_first_block_at_output_stride_16() {
        Map<String, Module> m = new DeepLabV3Plus(DeepLabConfig.of("resnet50", 16, 21, DeepLabConfig.Layout.VAINF)).namedModules();
        assertThat(conv(m, "backbone.layer3.0.conv2").spec.strideH()).isEqualTo(2);
        assertThat(conv(m, "backbone.layer4.0.conv2").spec.dilationH()).isEqualTo(1);
        assertThat(conv(m, "backbone.layer4.0.conv2").spec.strideH()).isEqualTo(1);
        assertThat(conv(m, "backbone.layer4.1.conv2").spec.dilationH()).isEqualTo(2);
        assertThat(conv(m, "backbone.layer4.2.conv2").spec.dilationH()).isEqualTo(2);
        assertThat(conv(m, "backbone.layer4.0.downsample.0").spec.strideH()).isEqualTo(1);
    }

    @Test
    void a_dilated_stage_keeps_the_previous_dilation_in_its_first_block_at_output_stride_8() {
        Map<String, Module> m = new DeepLabV3Plus(DeepLabConfig.of("resnet50", 8, 21, DeepLabConfig.Layout.VAINF)).namedModules();
        assertThat(conv(m, "backbone.layer3.0.conv2").spec.dilationH()).isEqualTo(1);
        assertThat(conv(m, "backbone.layer3.0.conv2").spec.strideH()).isEqualTo(1);
        for (int i = 1; i < 6; i++) assertThat(conv(m, "backbone.layer3." + i + ".conv2").spec.dilationH()).isEqualTo(2);
        assertThat(conv(m, "backbone.layer4.0.conv2").spec.dilationH()).isEqualTo(2);
        assertThat(conv(m, "backbone.layer4.1.conv2").spec.dilationH()).isEqualTo(4);
        assertThat(conv(m, "backbone.layer4.2.conv2").spec.dilationH()).isEqualTo(4);
    }

    @Test
    void the_resnet50_model_has_vainfs_368_state_dict_entries_and_no_fc() {
        var sd = new DeepLabV3Plus(DeepLabConfig.of("resnet50", 16, 21, DeepLabConfig.Layout.VAINF)).stateDict();
        assertThat(sd).hasSize(368);
        assertThat(sd.keySet().stream().filter(k -> k.startsWith("backbone."))).hasSize(318);
        assertThat(sd).doesNotContainKey("backbone.fc.weight");
        assertThat(sd.get("classifier.aspp.convs.4.1.weight").shape()).containsExactly(256, 2048, 1, 1);
        assertThat(sd.get("classifier.classifier.0.weight").shape()).containsExactly(256, 304, 3, 3);
        assertThat(sd.get("classifier.classifier.3.bias").shape()).containsExactly(21);
    }

    @Test
    void align_corners_true_samples_33_to_129_exactly_at_every_fourth_output() {
        Tensor x = Tensor.randn(11, 1, 2, 33, 33);
        Tensor y = Bilinear.resize(x, 129, 129, true);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 33; i++) {
                for (int j = 0; j < 33; j++) assertThat(y.get(0, c, 4 * i, 4 * j)).isEqualTo(x.get(0, c, i, j));
            }
        }
    }

    @Test
    void resizing_a_1x1_map_is_a_broadcast_in_both_corner_modes() {
        Tensor x = Tensor.randn(12, 1, 3, 1, 1);
        for (boolean corners : new boolean[] {false, true}) {
            Tensor y = Bilinear.resize(x, 5, 7, corners);
            for (int c = 0; c < 3; c++) assertThat(y.get(0, c, 4, 6)).isEqualTo(x.get(0, c, 0, 0));
        }
    }

    @Test
    void an_atrous_3x3_wider_than_its_map_computes_the_1x1_conv_of_its_centre_tap() {
        Tensor x = Tensor.randn(13, 1, 4, 9, 11);
        Tensor w = Tensor.randn(14, 5, 4, 3, 3);
        Tensor centre = Tensor.zeros(5, 4, 1, 1);
        for (int k = 0; k < 5; k++) for (int c = 0; c < 4; c++) centre.set(w.get(k, c, 1, 1), k, c, 0, 0);
        var kernels = NaiveKernels.INSTANCE;
        Tensor atrous = kernels.conv2d(x, w, null, Conv2dSpec.of(1, 12, 12, 1));   // rate 12 > 11 columns, > 9 rows
        Tensor pointwise = kernels.conv2d(x, centre, null, Conv2dSpec.of(1, 0));
        assertThat((double) atrous.maxAbsDiff(pointwise)).isLessThanOrEqualTo(SAME_TERMS);
    }

    @Test
    void the_head_refuses_a_single_input_and_says_what_it_needs() {
        DeepLabHeadV3Plus head = new DeepLabHeadV3Plus(16, 12, 3, new int[] {6, 12, 18}, 1, false, 8, 6);
        assertThatThrownBy(() -> head.call(Tensor.zeros(1, 16, 9, 11), Context.of(NaiveKernels.INSTANCE)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("low_level");
    }

    @Test
    void a_basicblock_backbone_is_refused_as_torchvision_refuses_it() {
        assertThatThrownBy(() -> DeepLabConfig.of("resnet18", 16, 21, DeepLabConfig.Layout.VAINF))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bottleneck");
    }
}
