/*
 * Parameters and multiply-adds of DeepLabv3+ at 513x513 (lesson Sec. 1.7; the paper's output stride
 * and decoder choices, lesson Sec. 1.2 and Sec. 1.4; the 513 crop of its experiments). Counted, not typed in:
 * each model runs once on CountingKernels, which tallies conv multiply-adds (there is no linear
 * layer in DeepLab). Bilinear resizing, BN, ReLU and pooling are not counted - the usual "conv MACs"
 * convention of torchvision's GFLOPS metadata and of the ResNet table.
 * Output stride 8 costs about three times OS16: layer3 and layer4 run at 65x65 instead of 33x33
 * (and 17x17), and ASPP with them: denser features at a higher cost (Sec. 1.2).
 */
package workbench.portrait;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workbench.kernels.CountingKernels;
import workbench.nn.Context;
import workbench.nn.Trace;
import workbench.tensor.Tensor;

public final class DeepLabComplexity {
    private DeepLabComplexity() {}

    /** One row: a model at one output stride, its counts, the encoder output's size, and the figure it is checked against. */
    public record Row(String model, int outputStride, long parameters, long macs, int layer4Size, String fact) {}

    /** The input size of the DeepLab experiments (16k + 1, so align_corners=True grids line up, Sec. 1.5). */
    public static final int SIZE = 513;

    /** Conv multiply-adds of one forward pass of a batch-1 input of size x size; also reports layer4's height. */
    public static long[] macsAndLayer4(DeepLabV3Plus model, int size) {
        CountingKernels counter = new CountingKernels();
        Trace trace = new Trace(name -> name.equals("backbone.layer4"));
        model.call(Tensor.zeros(1, 3, size, size), new Context(counter, trace));
        return new long[] {counter.macs(), trace.tensors().get("backbone.layer4").dim(2)};
    }

    /** The rows `./workbench table deeplab` prints. */
    public static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        // model, layout, the figure checked at OS16, at OS8 (torchvision-built model, measured)
        String[][] models = {
                {"resnet50", "VAINF", "39,761,845 params, 62.38 G", "178.09 G"},
                {"resnet50", "TF", "40,352,181 params, 72.19 G", "187.90 G"},
                {"resnet101", "VAINF", "58,753,973 params", ""}};
        for (String[] m : models) {
            for (int os : new int[] {16, 8}) {
                DeepLabConfig cfg = DeepLabConfig.of(m[0], os, 21, DeepLabConfig.Layout.valueOf(m[1]));
                DeepLabV3Plus model = new DeepLabV3Plus(cfg);
                long[] counted = macsAndLayer4(model, SIZE);
                rows.add(new Row(cfg.name(), os, model.parameterCount(), counted[0], (int) counted[1], os == 16 ? m[2] : m[3]));
            }
        }
        return rows;
    }

    /** The table as text, one row per model and output stride. */
    public static String format(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-28s %3s %5s %13s %12s %8s   %s%n", "model (21 classes)", "OS", "input", "parameters",
                "conv GMACs", "layer4", "fact"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-28s %3d %5d %,13d %12.2f %8s   %s%n", r.model(), r.outputStride(), SIZE, r.parameters(),
                    r.macs() / 1e9, r.layer4Size() + "x" + r.layer4Size(), r.fact()));
        }
        sb.append("conv GMACs: multiply-adds of the convolutions for one 513x513 image (BN, ReLU, pooling and bilinear resizing not counted).\n");
        sb.append("_tf = the TF reference's switches: 2 decoder 3x3 convs, align_corners=True. Parameters do not depend on the output stride.\n");
        return sb.toString();
    }
}
