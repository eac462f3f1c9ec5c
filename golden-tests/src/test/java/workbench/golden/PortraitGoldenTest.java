/*
 * Chapter 04 (DeepLabv3+) against torchvision: every committed case (bilinear resizing in both corner
 * modes, ASPP at both rate sets, the v3+ head in the VainF and TF layouts) and, when generated, the
 * whole models of the cache, on both twins (the vectorized twin's prepared FastDeepLab as well). Each
 * tensor is compared by name: the output and every traced module output. The state_dict keys and shapes of the full-size models are compared with
 * the listing torchvision's modules produced (structure.json).
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import workbench.portrait.DeepLabConfig;
import workbench.portrait.DeepLabV3Plus;
import workbench.tensor.Tensor;

class PortraitGoldenTest {
    static final Path DATA = Path.of("data/portrait");
    static final Path CACHE = Path.of("cache/portrait");

    @Test
    void committed_cases_are_present_so_the_suite_cannot_pass_by_skipping() {
        assertThat(GoldenCases.under(DATA)).as("committed portrait golden cases in " + DATA.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(8);
    }

    @TestFactory
    List<DynamicTest> committed_cases_match_torchvision_on_both_twins() {
        return GoldenCases.onBothTwins(GoldenCases.under(DATA).stream().filter(p -> !PortraitBlendGoldenTest.isBlendCase(p)).toList());
    }

    @TestFactory
    List<DynamicTest> whole_models_match_torchvision_on_both_twins() {
        List<Path> cases = GoldenCases.under(CACHE);
        String missing = "whole-model DeepLabv3+ goldens missing in golden-tests/" + CACHE
                + "; make them with: /usr/bin/python3 golden-tests/generate/portrait.py --set full --out golden-tests/cache/portrait"
                + " (add --only mini_os16_vainf,mini_os8_tf,r50_os16 for the full-size ResNet-50 as well)";
        GoldenCases.requireGenerated(!cases.isEmpty(), missing);
        return GoldenCases.onBothTwins(cases, PortraitGoldenTest::preparedPathCompared);
    }

    /** On whole models the vectorized twin's prepared form (FastDeepLab) must have been compared, not only its op-by-op path. */
    static void preparedPathCompared(GoldenCase c, workbench.kernels.Kernels k, GoldenChecker.Result r) {
        if (c.function().equals("deeplabv3plus") && !(k instanceof workbench.kernels.NaiveKernels)) {
            assertThat(r.reports().stream().map(TensorReport::name))
                    .contains("output@prepared", "backbone.layer4@prepared", "classifier.aspp@prepared", "classifier@prepared");
        }
    }

    @Test
    void state_dict_keys_and_shapes_of_the_full_models_equal_the_torchvision_built_ones() throws IOException {
        JsonNode models = new ObjectMapper().readTree(DATA.resolve("structure.json").toFile()).path("models");
        Map<String, DeepLabConfig> ours = Map.of(
                "resnet50_vainf", DeepLabConfig.of("resnet50", 16, 21, DeepLabConfig.Layout.VAINF),
                "resnet50_tf", DeepLabConfig.of("resnet50", 16, 21, DeepLabConfig.Layout.TF),
                "resnet101_vainf", DeepLabConfig.of("resnet101", 16, 21, DeepLabConfig.Layout.VAINF));
        assertThat(models.size()).isEqualTo(ours.size());
        for (var e : ours.entrySet()) {
            JsonNode ref = models.path(e.getKey());
            DeepLabV3Plus model = new DeepLabV3Plus(e.getValue());
            List<String> expected = new ArrayList<>();
            for (JsonNode k : ref.path("keys")) expected.add(k.get(0).asText() + " " + k.get(1));
            List<String> got = new ArrayList<>();
            for (Map.Entry<String, Tensor> p : model.stateDict().entrySet()) {
                got.add(p.getKey() + " " + Arrays.toString(p.getValue().shape()).replace(" ", ""));
            }
            assertThat(got).as(e.getKey() + ": state_dict keys and shapes, in order").containsExactlyElementsOf(expected);
            assertThat(model.parameterCount()).as(e.getKey() + ": parameters").isEqualTo(ref.path("parameters").asLong());
        }
    }

}
