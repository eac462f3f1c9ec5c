/*
 * What `./workbench bench` measures, by name (the names pytorch_reference.py uses too):
 *   sgemm-1024                 (1024 x 1024) . (1024 x 1024), as a 1x1 conv over 1024 "pixels"
 *   convKxK[sS][dD]-C-K-H      one conv + bias + ReLU on an H x H input (ResNet/VGG/SSD shapes)
 *   resnet18, resnet50         whole models at 224 x 224, batch 1, seeded random weights
 *   ssd300                     SSD300-VGG16 backbone + heads at 300 x 300 (91 classes, torchvision's), batch 1;
 *                              only with --only ssd300: its naive reference alone takes minutes
 * Each workload checks the vectorized result against the naive twin before anything is timed.
 */
package workbench.cli.bench;

import java.util.ArrayList;
import java.util.List;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.NaiveKernels;
import workbench.nn.Conv2d;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;

public final class Workloads {
    private Workloads() {}

    /** A conv workload: C -> K channels, H x H input, k x k kernel, stride, dilation (padding keeps 'same'). */
    public record ConvShape(String name, int C, int K, int H, int k, int stride, int dilation) {
        public Conv2d conv() {
            Conv2d c = new Conv2d(C, K, k, k, Conv2dSpec.of(stride, dilation * (k / 2), dilation, 1), true);
            return ResNets.randomize(c, 17);
        }

        public Tensor input() { return Tensor.randn(23, 1, C, H, H); }
    }

    public static final List<ConvShape> CONVS = List.of(
            new ConvShape("conv3x3-64-64-56", 64, 64, 56, 3, 1, 1),
            new ConvShape("conv3x3s2-64-128-56", 64, 128, 56, 3, 2, 1),
            new ConvShape("conv1x1-256-64-56", 256, 64, 56, 1, 1, 1),
            new ConvShape("conv3x3-512-512-7", 512, 512, 7, 3, 1, 1),
            new ConvShape("conv7x7s2-3-64-224", 3, 64, 224, 7, 2, 1),
            new ConvShape("conv3x3d6-512-1024-19", 512, 1024, 19, 3, 1, 6));

    public static final List<String> MODELS = List.of("resnet18", "resnet50", "ssd300");

    /** A model workload with seeded random weights (BN statistics randomised). */
    public static workbench.nn.Module model(String name) {
        workbench.nn.Module m = name.equals("ssd300")
                ? new workbench.ssd.SSD(workbench.ssd.SsdConfig.ssd300(workbench.ssd.SsdConfig.COCO_CLASSES))
                : ResNets.create(name);
        return workbench.nn.Init.randomize(m, 42);
    }

    /** Input height and width of a model workload. */
    public static int size(String name) {
        return name.equals("ssd300") ? 300 : 224;
    }

    /** The rows a plain `bench` runs. */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        n.add("sgemm-1024");
        for (ConvShape c : CONVS) n.add(c.name());
        n.addAll(MODELS.stream().filter(m -> !m.equals("ssd300")).toList());
        return n;
    }

    /** Every row name `--only` accepts. */
    public static List<String> allNames() {
        List<String> n = new ArrayList<>(names());
        n.add("ssd300");
        return n;
    }

    /** The naive reference of a conv workload: conv2d then ReLU, op by op. */
    static Tensor naiveConv(ConvShape s, Conv2d conv, Tensor x) {
        return NaiveKernels.INSTANCE.relu(NaiveKernels.INSTANCE.conv2d(x, conv.weight, conv.bias, conv.spec));
    }
}
