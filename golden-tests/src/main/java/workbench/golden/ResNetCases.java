/*
 * Golden cases of chapter 01, recognised by provenance.function:
 *   BasicBlock, Bottleneck   one block (inplanes, planes, stride, downsample, groups, base_width, dilation)
 *   stem                     conv1 -> bn1 -> relu -> maxpool of a torchvision ResNet
 *   _make_layer              one stage (block, inplanes, planes, blocks, stride, dilate, dilation)
 *   resnet                   a whole model (arch), weights in model.pth as a user would have them
 * Results: "output" and every traced module output under its qualified name.
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
import workbench.resnet.BasicBlock;
import workbench.resnet.Bottleneck;
import workbench.resnet.LayerBuilder;
import workbench.resnet.ResNet;
import workbench.resnet.ResNetConfig;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;

public final class ResNetCases implements CaseRunner {
    @Override
    public String chapter() { return "resnet"; }

    @Override
    public Set<String> functions() { return Set.of("BasicBlock", "Bottleneck", "stem", "_make_layer", "resnet"); }

    @Override
    public Map<String, Tensor> run(GoldenCase c, Kernels kernels) {
        Tensor x = c.tensor("input");
        Trace trace = Trace.all();
        Context ctx = new Context(kernels, trace);
        Tensor y;
        switch (c.function()) {
            case "BasicBlock", "Bottleneck" -> {
                Module block = block(c);
                StateDictLoader.load(block, c.params(), c.dir().toString(), c.function(), null);
                y = block.call(x, ctx);
            }
            case "stem" -> {
                ResNet model = new ResNet(ResNets.config("resnet18"));
                StateDictLoader.loadSubset(model, c.params(), c.dir().toString());
                y = model.stem(x, ctx);
            }
            case "_make_layer" -> {
                ResNetConfig.BlockType type = switch (c.textArg("block")) {
                    case "BasicBlock" -> ResNetConfig.BlockType.BASIC;
                    case "Bottleneck" -> ResNetConfig.BlockType.BOTTLENECK;
                    default -> throw new IllegalArgumentException(c.dir() + ": unknown block '" + c.textArg("block") + "'");
                };
                ResNetConfig cfg = ResNetConfig.torchvision("layer", type, 1, 1, 1, 1);
                LayerBuilder builder = new LayerBuilder(cfg, c.intArg("inplanes"), c.intArg("dilation"));
                Module layer = builder.makeLayer(c.intArg("planes"), c.intArg("blocks"), c.intArg("stride"),
                        c.arguments().path("dilate").asBoolean(false));
                StateDictLoader.load(layer, c.params(), c.dir().toString(), "_make_layer", null);
                y = layer.call(x, ctx);
            }
            case "resnet" -> {
                String arch = c.textArg("arch");
                Module model = ResNets.create(arch);
                StateDict sd = StateDict.load(c.path("model.pth"));
                StateDictLoader.load(model, sd.asMap(), c.path("model.pth").toString(), arch, ResNets::guessArchitecture);
                y = model.call(x, ctx);
                // the implementation's prepared form (vectorized: BN folded, NHWC, fused epilogues)
                // must agree too: every tensor it records is compared as "<name>@prepared"
                Module prepared = kernels.prepare(model);
                if (prepared != model) {
                    Trace fast = Trace.all();
                    Tensor yFast = prepared.call(x, new Context(kernels, fast));
                    Map<String, Tensor> out = new LinkedHashMap<>(trace.tensors());
                    out.put("output", y);
                    fast.tensors().forEach((name, t) -> out.put(name + "@prepared", t));
                    out.put("output@prepared", yFast);
                    return out;
                }
            }
            default -> throw new IllegalArgumentException(c.dir() + ": chapter resnet has no function '" + c.function() + "'");
        }
        Map<String, Tensor> out = new LinkedHashMap<>(trace.tensors());
        out.put("output", y);
        return out;
    }

    private static Module block(GoldenCase c) {
        int inplanes = c.intArg("inplanes"), planes = c.intArg("planes"), stride = c.intArg("stride");
        int groups = c.arguments().path("groups").asInt(1), baseWidth = c.arguments().path("base_width").asInt(64);
        int dilation = c.arguments().path("dilation").asInt(1);
        boolean bottleneck = c.function().equals("Bottleneck");
        int expansion = bottleneck ? Bottleneck.EXPANSION : BasicBlock.EXPANSION;
        Module down = c.arguments().path("downsample").asBoolean(false)
                ? LayerBuilder.projection(inplanes, planes * expansion, stride) : null;
        return bottleneck
                ? new Bottleneck(inplanes, planes, stride, down, groups, baseWidth, dilation, ResNetConfig.Layout.V1_5, true)
                : new BasicBlock(inplanes, planes, stride, down, groups, baseWidth, dilation, true);
    }
}
