/*
 * Golden cases of chapter 04 (DeepLabv3+), recognised by provenance.function:
 *   interpolate          F.interpolate(bilinear) to a size, align_corners False or True -> Bilinear.resize
 *   ASPP                 torchvision ASPP(in_channels, atrous_rates, out_channels)       -> portrait.ASPP
 *   DeepLabHeadV3Plus    the VainF head on torchvision's ASPP, inputs `out` and `low_level` -> DeepLabHeadV3Plus
 *   deeplabv3plus        a whole model on a torchvision (dilated) ResNet, weights in model.pth -> DeepLabV3Plus
 *   deeplabv3_checkpoint, deeplabv3plus_checkpoint   a checkpoint file as users have them (torchvision DeepLabV3,
 *                        VainF v3+ under model_state), loaded by DeepLabCheckpoints from its keys alone; "aux" traced
 * Results: "output" and every traced module output under its qualified name. The generator is
 * golden-tests/generate/portrait.py; nothing here computes an expected value.
 */
package workbench.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import workbench.io.StateDict;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.nn.StateDictLoader;
import workbench.nn.Trace;
import workbench.portrait.ASPP;
import workbench.portrait.Bilinear;
import workbench.portrait.DeepLabCheckpoints;
import workbench.portrait.DeepLabConfig;
import workbench.portrait.DeepLabHeadV3Plus;
import workbench.portrait.DeepLabV3Plus;
import workbench.resnet.ResNetConfig;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;

public final class PortraitCases implements CaseRunner {
    @Override
    public String chapter() { return "portrait"; }

    @Override
    public Set<String> functions() {
        return Set.of("interpolate", "ASPP", "DeepLabHeadV3Plus", "deeplabv3plus", "deeplabv3_checkpoint", "deeplabv3plus_checkpoint");
    }

    @Override
    public Set<String> inputs(GoldenCase c) { return Set.of("input", "input_out", "input_low_level"); }

    @Override
    public Map<String, Tensor> run(GoldenCase c, Kernels kernels) {
        Trace trace = Trace.all();
        Context ctx = new Context(kernels, trace);
        Tensor y;
        switch (c.function()) {
            case "interpolate" -> {
                int[] size = c.intArray(c.arguments().path("size"));
                y = Bilinear.resize(c.tensor("input"), size[0], size[1], c.arguments().path("align_corners").asBoolean());
            }
            case "ASPP" -> {
                ASPP aspp = new ASPP(c.intArg("in_channels"), c.intArray(c.arguments().path("atrous_rates")), c.intArg("out_channels"));
                StateDictLoader.load(aspp, c.params(), c.dir().toString(), "ASPP", null);
                y = kernels.prepare(aspp).call(c.tensor("input"), ctx);
            }
            case "DeepLabHeadV3Plus" -> {
                DeepLabHeadV3Plus head = new DeepLabHeadV3Plus(c.intArg("in_channels"), c.intArg("low_level_channels"),
                        c.intArg("num_classes"), c.intArray(c.arguments().path("atrous_rates")), c.intArg("decoder_convs"),
                        c.arguments().path("align_corners").asBoolean(), c.intArg("aspp_out"), c.intArg("low_out"));
                StateDictLoader.load(head, c.params(), c.dir().toString(), "DeepLabHeadV3Plus", null);
                y = head.forward(c.tensor("input_out"), c.tensor("input_low_level"), ctx);
            }
            case "deeplabv3plus" -> {
                DeepLabV3Plus model = new DeepLabV3Plus(config(c));
                StateDict sd = StateDict.load(c.path("model.pth"));
                StateDictLoader.load(model, sd.asMap(), c.path("model.pth").toString(), model.config.name(), null);
                y = model.call(c.tensor("input"), ctx);
                // the implementation's prepared form (vectorized: FastDeepLab, one NHWC plan) must agree
                // too: every tensor it records is compared as "<name>@prepared"
                Module prepared = kernels.prepare(model);
                if (prepared != model) {
                    Trace fast = Trace.all();
                    Tensor yFast = prepared.call(c.tensor("input"), new Context(kernels, fast));
                    Map<String, Tensor> out = new LinkedHashMap<>(trace.tensors());
                    out.put("output", y);
                    fast.tensors().forEach((name, t) -> out.put(name + "@prepared", t));
                    out.put("output@prepared", yFast);
                    return out;
                }
            }
            case "deeplabv3_checkpoint", "deeplabv3plus_checkpoint" -> {
                DeepLabCheckpoints.Loaded loaded = DeepLabCheckpoints.load(c.path("model.pth"), c.intArg("output_stride"));
                y = kernels.prepare(loaded.model()).call(c.tensor("input"), ctx);
            }
            default -> throw new IllegalArgumentException(c.dir() + ": chapter portrait has no function '" + c.function() + "'");
        }
        Map<String, Tensor> out = new LinkedHashMap<>(trace.tensors());
        out.put("output", y);
        return out;
    }

    /** The model a deeplabv3plus case describes: a torchvision ResNet by name, or the mini Bottleneck net. */
    static DeepLabConfig config(GoldenCase c) {
        String arch = c.textArg("arch");
        ResNetConfig backbone = arch.equals("mini")
                ? new ResNetConfig("mini", ResNetConfig.BlockType.BOTTLENECK, c.intArray(c.arguments().path("layers")),
                        ResNetConfig.Layout.V1_5, ResNetConfig.Shortcut.B, 1000, 1, c.intArg("width_per_group"), null)
                : ResNets.config(arch);
        return new DeepLabConfig("deeplabv3plus_" + arch, backbone, c.intArg("output_stride"), c.intArg("num_classes"),
                c.intArg("decoder_convs"), c.arguments().path("align_corners").asBoolean(), c.intArg("aspp_out"), c.intArg("low_out"));
    }
}
