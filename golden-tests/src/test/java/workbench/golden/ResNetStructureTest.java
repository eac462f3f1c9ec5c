/*
 * Names are the contract: our ResNets must list torchvision's state_dict keys, in torchvision's
 * order, with its shapes (key lists written by golden-tests/generate/resnet.py).
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import workbench.resnet.ResNets;
import workbench.tensor.Shape;
import workbench.tensor.Tensor;

class ResNetStructureTest {
    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet34", "resnet50", "resnet101", "resnet152"})
    void state_dict_keys_and_shapes_equal_torchvisions_in_order(String arch) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(Path.of("data/resnet_keys", arch + ".json").toFile());
        List<String> theirs = new ArrayList<>();
        for (JsonNode e : doc.path("keys")) {
            int[] shape = new int[e.get(1).size()];
            for (int i = 0; i < shape.length; i++) shape[i] = e.get(1).get(i).asInt();
            theirs.add(e.get(0).asText() + " " + Shape.str(shape));
        }
        List<String> ours = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : ResNets.create(arch).stateDict().entrySet()) {
            ours.add(e.getKey() + " " + e.getValue().shapeString());
        }
        assertThat(theirs).hasSizeGreaterThan(100);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }
}
