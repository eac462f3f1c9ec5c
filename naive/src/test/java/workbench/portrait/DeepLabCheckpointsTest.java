/*
 * Sec. 1.9: the two checkpoint layouts are told apart by their keys, the model is built from the shapes the
 * file holds, and every other file gets a message saying what it is, what was expected and how to fix it.
 * The files are the tiny torch.save checkpoints of golden-tests/generate/portrait_checkpoints.py (their
 * outputs against torch are checked by PortraitGoldenTest on both twins).
 */
package workbench.portrait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import workbench.io.StateDict;
import workbench.tensor.Tensor;

class DeepLabCheckpointsTest {
    static final Path DATA = Path.of("../golden-tests/data/portrait");
    static final Path V3 = DATA.resolve("ckpt_deeplabv3_torchvision_tiny/model.pth");
    static final Path V3PLUS = DATA.resolve("ckpt_deeplabv3plus_vainf_tiny/model.pth");

    static Map<String, Tensor> keys(String... names) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String n : names) m.put(n, Tensor.zeros(4, 4, 1, 1));
        return m;
    }

    @Test
    void a_torchvision_file_is_recognised_with_its_aux_head_and_output_stride_8() {
        DeepLabCheckpoints.Loaded l = DeepLabCheckpoints.load(V3, 0);
        assertThat(l.kind()).isEqualTo(DeepLabCheckpoints.Kind.TORCHVISION_DEEPLABV3);
        assertThat(l.model()).isInstanceOf(DeepLabV3.class);
        assertThat(l.outputStride()).isEqualTo(8);
        assertThat(l.numClasses()).isEqualTo(21);
        assertThat(l.inspection().aux()).isTrue();
        assertThat(l.inspection().backbone().layers()).containsExactly(1, 2, 2, 1);
        assertThat(l.inspection().backbone().basePlanes()).isEqualTo(4);
        assertThat(l.wrapperKey()).isEmpty();
        assertThat(l.describe()).contains("torchvision DeepLabV3").contains("output stride 8").contains("aux head");
    }

    @Test
    void a_vainf_file_is_recognised_under_model_state_with_output_stride_16() {
        DeepLabCheckpoints.Loaded l = DeepLabCheckpoints.load(V3PLUS, 0);
        assertThat(l.kind()).isEqualTo(DeepLabCheckpoints.Kind.VAINF_DEEPLABV3PLUS);
        assertThat(l.model()).isInstanceOf(DeepLabV3Plus.class);
        assertThat(l.wrapperKey()).contains("model_state");
        assertThat(l.outputStride()).isEqualTo(16);
        assertThat(l.inspection().decoderConvs()).isEqualTo(1);
        assertThat(l.inspection().lowOut()).isEqualTo(4);
        assertThat(DeepLabCheckpoints.load(V3PLUS, 8).outputStride()).isEqualTo(8);
        // the same weights saved bare (torch.save(model.state_dict())) load the same way
        DeepLabCheckpoints.Loaded bare = DeepLabCheckpoints.load(StateDict.load(V3PLUS).asMap(), "best_deeplabv3plus_os8.pth", 0, Optional.empty());
        assertThat(bare.kind()).isEqualTo(DeepLabCheckpoints.Kind.VAINF_DEEPLABV3PLUS);
        assertThat(bare.wrapperKey()).isEmpty();
        assertThat(bare.outputStride()).as("'os8' in the file name").isEqualTo(8);
    }

    @Test
    void a_missing_or_extra_key_is_named() {
        Map<String, Tensor> sd = new LinkedHashMap<>(StateDict.load(V3PLUS).asMap());
        sd.remove("classifier.aspp.convs.2.1.running_var");
        sd.put("classifier.extra.weight", Tensor.zeros(1));
        assertThatThrownBy(() -> DeepLabCheckpoints.load(sd, "edited.pth", 0, Optional.empty()))
                .hasMessageContaining("missing (1): classifier.aspp.convs.2.1.running_var")
                .hasMessageContaining("unexpected (1): classifier.extra.weight");
    }

    @Test
    void files_of_other_kinds_say_what_they_are_and_what_to_do() {
        assertThatThrownBy(() -> DeepLabCheckpoints.inspect(keys("conv1.weight", "layer1.0.conv1.weight", "fc.weight"), "r50.pth"))
                .hasMessageContaining("image classifier's state_dict").hasMessageContaining("expected a torchvision deeplabv3_resnet50")
                .hasMessageContaining("HINT").hasMessageContaining("run resnet50");
        assertThatThrownBy(() -> DeepLabCheckpoints.inspect(keys("backbone.features.0.0.weight", "classifier.aspp.convs.0.0.weight",
                "classifier.project.0.weight"), "mobilenet.pth"))
                .hasMessageContaining("VainF DeepLabv3+ head on a backbone that is not a torchvision ResNet")
                .hasMessageContaining("MobileNet");
        assertThatThrownBy(() -> DeepLabCheckpoints.inspect(keys("backbone.conv1.weight", "classifier.0.weight", "classifier.4.weight"), "fcn.pth"))
                .hasMessageContaining("torchvision FCN");
        assertThatThrownBy(() -> DeepLabCheckpoints.inspect(keys("backbone.layer1.0.conv1.weight", "classifier.0.convs.0.0.weight",
                "classifier.4.weight"), "r18.pth"))
                .hasMessageContaining("BasicBlocks").hasMessageContaining("ResNet-50/101");
        assertThatThrownBy(() -> DeepLabCheckpoints.inspect(keys("module.backbone.conv1.weight"), "dp.pth"))
                .hasMessageContaining("'module.'").hasMessageContaining("strip");
    }

    @Test
    void the_person_class_is_15_for_voc_and_must_be_given_otherwise() {
        assertThat(DeepLabCheckpoints.personClass(21, null, "f.pth")).isEqualTo(15);
        assertThat(DeepLabCheckpoints.personClass(19, 11, "f.pth")).isEqualTo(11);
        assertThatThrownBy(() -> DeepLabCheckpoints.personClass(19, null, "city.pth"))
                .hasMessageContaining("city.pth: the checkpoint has 19 classes, not VOC's 21").hasMessageContaining("--person-class");
        assertThatThrownBy(() -> DeepLabCheckpoints.personClass(21, 21, "f.pth")).hasMessageContaining("outside the checkpoint's 21 classes");
    }
}
