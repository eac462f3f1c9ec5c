/*
 * Parameters and multiply-adds of the chapter's models (ResNet Table 1's "FLOPs" row, Sec. 3.3's
 * VGG-19 and plain-34 figures, Sec. 4.2's CIFAR parameter counts). Counted, not typed in: each
 * model runs once on CountingKernels, which tallies conv and linear multiply-adds.
 * The paper's "FLOPs" are multiply-adds; it rounds to one decimal (3.8 for ResNet-50, which in its
 * own stride-on-1x1 layout is 3.858 G; torchvision's V1.5 layout costs 4.089 G).
 */
package workbench.resnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workbench.kernels.CountingKernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class ResNetComplexity {
    private ResNetComplexity() {}

    /** One row of the table. paperLayoutMacs is -1 where the layout makes no difference or does not apply. */
    public record Row(String model, long parameters, long macs, long paperLayoutMacs, int inputSize, String paperFigure) {}

    /** Multiply-adds of one forward pass of a batch-1 input of size x size. */
    public static long macs(Module model, int size) {
        CountingKernels counter = new CountingKernels();
        model.call(Tensor.zeros(1, 3, size, size), Context.of(counter));
        return counter.macs();
    }

    /** The rows `./workbench table resnet` prints. */
    public static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        String[] paper = {"1.8 GFLOPs", "3.6 GFLOPs", "3.8 GFLOPs", "7.6 GFLOPs", "11.3 GFLOPs"};
        int i = 0;
        for (String name : ResNets.TORCHVISION.keySet()) {
            ResNet v15 = new ResNet(ResNets.config(name));
            long paperMacs = v15.config.block() == ResNetConfig.BlockType.BOTTLENECK
                    ? macs(new ResNet(ResNets.config(name + "-paper")), 224) : -1;
            rows.add(new Row(name, v15.parameterCount(), macs(v15, 224), paperMacs, 224, "Table 1: " + paper[i++]));
        }
        ResNet plain34 = new ResNet(ResNets.config("plain34"));
        rows.add(new Row("plain34", plain34.parameterCount(), macs(plain34, 224), -1, 224, "Sec. 3.3: 3.6 GFLOPs"));
        Vgg19 vgg = new Vgg19();
        rows.add(new Row("vgg19", vgg.parameterCount(), macs(vgg, 224), -1, 224, "Sec. 3.3: 19.6 GFLOPs"));
        String[] cifarParams = {"0.27M", "0.46M", "0.66M", "0.85M", "1.7M"};
        for (int d = 0; d < ResNets.CIFAR_DEPTHS.length; d++) {
            Module m = ResNets.create("resnet" + ResNets.CIFAR_DEPTHS[d] + "_cifar");
            rows.add(new Row("resnet" + ResNets.CIFAR_DEPTHS[d] + "_cifar", m.parameterCount(), macs(m, 32), -1, 32,
                    "Table 6: " + cifarParams[d] + " params"));
        }
        return rows;
    }

    /** The table as text, one row per model. */
    public static String format(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-16s %5s %14s %14s %16s   %s%n", "model", "input", "parameters",
                "GMACs (v1.5)", "GMACs (paper)", "paper"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-16s %5d %,14d %14.3f %16s   %s%n", r.model(), r.inputSize(), r.parameters(),
                    r.macs() / 1e9, r.paperLayoutMacs() < 0 ? "-" : String.format(Locale.ROOT, "%.3f", r.paperLayoutMacs() / 1e9),
                    r.paperFigure()));
        }
        sb.append("GMACs: multiply-adds of conv and linear layers for one image (the paper's \"FLOPs\");\n");
        sb.append("v1.5 = torchvision's layout (stride on the 3x3); paper = stride on the first 1x1 of a Bottleneck.\n");
        return sb.toString();
    }
}
