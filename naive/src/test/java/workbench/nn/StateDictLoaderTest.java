/*
 * Loading by name: every missing, unexpected and mis-shaped key is reported by name, nothing is
 * copied unless all fit, and keys of another ResNet are recognised as such.
 */
package workbench.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;

class StateDictLoaderTest {
    @Test
    void loads_every_key_and_accepts_a_missing_num_batches_tracked() {
        Module src = ResNets.randomize(ResNets.create("resnet18"), 1);
        Map<String, Tensor> sd = new LinkedHashMap<>(src.stateDict());
        sd.keySet().removeIf(k -> k.endsWith("num_batches_tracked"));
        Module dst = ResNets.create("resnet18");
        LoadReport r = StateDictLoader.load(dst, sd, "test.pth", "resnet18", ResNets::guessArchitecture);
        assertThat(r.ok()).isTrue();
        assertThat(dst.stateDict().get("layer3.1.bn2.running_var").data()).containsExactly(sd.get("layer3.1.bn2.running_var").data());
    }

    @Test
    void a_resnet18_checkpoint_in_a_resnet50_says_which_architecture_it_is() {
        Map<String, Tensor> sd = ResNets.create("resnet18").stateDict();
        assertThatThrownBy(() -> StateDictLoader.load(ResNets.create("resnet50"), sd, "weights.pth", "resnet50", ResNets::guessArchitecture))
                .isInstanceOf(StateDictMismatchException.class)
                .hasMessageContaining("weights.pth")
                .hasMessageContaining("missing (")
                .hasMessageContaining("layer1.0.conv3.weight")
                .hasMessageContaining("shape mismatch")
                .hasMessageContaining("these keys look like resnet18, not resnet50");
    }

    @Test
    void a_mismatched_shape_is_named_and_nothing_is_copied() {
        Module model = ResNets.create("resnet18");
        Map<String, Tensor> sd = new LinkedHashMap<>(ResNets.randomize(ResNets.create("resnet18"), 2).stateDict());
        sd.put("fc.weight", Tensor.zeros(10, 512));
        sd.put("fc.bias", Tensor.zeros(10));
        float before = model.stateDict().get("conv1.weight").data()[0];
        assertThatThrownBy(() -> StateDictLoader.load(model, sd, "ft.pth", "resnet18", ResNets::guessArchitecture))
                .hasMessageContaining("fc.weight: model expects (1000, 512), file has (10, 512)");
        assertThat(model.stateDict().get("conv1.weight").data()[0]).isEqualTo(before);
    }

    @Test
    void data_parallel_prefixes_get_their_own_hint() {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        ResNets.create("resnet18").stateDict().forEach((k, v) -> sd.put("module." + k, v));
        assertThatThrownBy(() -> StateDictLoader.load(ResNets.create("resnet18"), sd, "dp.pth", "resnet18", ResNets::guessArchitecture))
                .hasMessageContaining("unexpected (").hasMessageContaining("module.conv1.weight").hasMessageContaining("HINT");
    }

    @Test
    void keys_of_something_else_are_not_called_a_resnet() {
        Map<String, Tensor> sd = Map.of("features.0.weight", Tensor.zeros(64, 3, 3, 3));
        assertThat(ResNets.guessArchitecture(sd)).isEmpty();
        assertThat(ResNets.guessArchitecture(ResNets.create("resnet152").stateDict())).contains("resnet152");
        assertThat(ResNets.guessArchitecture(ResNets.create("resnet56_cifar").stateDict())).contains("resnet56_cifar");
    }
}
