/*
 * Names are the contract: our SSD300 must list torchvision's ssd300_vgg16 state_dict keys, in torchvision's
 * order, with its shapes (key lists written by golden-tests/generate/ssd.py), for COCO's 91 and VOC's 21 classes;
 * both SSD512 geometries against an SSD built on torchvision's highres extractor.
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
import workbench.ssd.SSD;
import workbench.ssd.SsdConfig;
import workbench.tensor.Shape;
import workbench.tensor.Tensor;

class SsdStructureTest {
    @ParameterizedTest
    @ValueSource(ints = {91, 21})
    void ssd300_state_dict_keys_and_shapes_equal_torchvisions_in_order(int numClasses) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(Path.of("data/ssd_keys", "ssd300_vgg16_" + numClasses + ".json").toFile());
        List<String> theirs = new ArrayList<>();
        for (JsonNode e : doc.path("keys")) {
            int[] shape = new int[e.get(1).size()];
            for (int i = 0; i < shape.length; i++) shape[i] = e.get(1).get(i).asInt();
            theirs.add(e.get(0).asText() + " " + Shape.str(shape));
        }
        List<String> ours = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : new SSD(SsdConfig.ssd300(numClasses)).stateDict().entrySet()) {
            ours.add(e.getKey() + " " + e.getValue().shapeString());
        }
        assertThat(theirs).hasSize(71);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssd512", "ssd512-torchvision"})
    void both_ssd512_geometries_have_the_keys_of_torchvisions_highres_extractor(String name) throws IOException {
        List<String> theirs = keys("ssd512_vgg16_highres_21");
        List<String> ours = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : new SSD(SsdConfig.byName(name, 21)).stateDict().entrySet()) {
            ours.add(e.getKey() + " " + e.getValue().shapeString());
        }
        assertThat(theirs).hasSize(79);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    private static List<String> keys(String file) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(Path.of("data/ssd_keys", file + ".json").toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode e : doc.path("keys")) {
            int[] shape = new int[e.get(1).size()];
            for (int i = 0; i < shape.length; i++) shape[i] = e.get(1).get(i).asInt();
            out.add(e.get(0).asText() + " " + Shape.str(shape));
        }
        return out;
    }
}
