/*
 * The choices that make one ResNet differ from another (ResNet, He et al. 2015, Sec. 3.3, Table 1;
 * torchvision resnet.py: the ResNet constructor's arguments).
 *   block       BasicBlock (two 3x3) or Bottleneck (1x1, 3x3, 1x1; Sec. 4.1)
 *   layers      blocks per stage, e.g. [3, 4, 6, 3] for ResNet-50
 *   layout      where a Bottleneck's stride sits: V1_5 (torchvision, on the 3x3) or PAPER (on the first 1x1)
 *   shortcut    A zero-padding identity, B projection where shapes change, C projection everywhere
 *               (Sec. 3.2 and Sec. 4.1, Table 3), or NONE for the plain nets of Sec. 3.3
 *   groups / widthPerGroup   torchvision's ResNeXt knobs (1 and 64 for ResNet)
 *   replaceStrideWithDilation   per stage 2..4: dilate instead of striding (DeepLab's output stride)
 *   basePlanes  planes of layer1 (64 in Table 1 and torchvision; layer2..4 have 2, 4, 8 times as many);
 *               smaller only for tiny test models, which shrink every stage alike
 */
package workbench.resnet;

import java.util.Arrays;

public record ResNetConfig(String name, BlockType block, int[] layers, Layout layout, Shortcut shortcut,
                           int numClasses, int groups, int widthPerGroup, boolean[] replaceStrideWithDilation, int basePlanes) {

    public enum BlockType { BASIC, BOTTLENECK }

    /** Where a Bottleneck puts its stride. BasicBlock has only one place for it (conv1). */
    public enum Layout {
        /** torchvision: stride on the 3x3 conv2 ("ResNet V1.5"). */
        V1_5,
        /** the paper (and Caffe's release): stride on the first 1x1, conv1. */
        PAPER
    }

    /** Shortcut options of Sec. 3.2 / Sec. 4.1 Table 3, and NONE for plain nets. */
    public enum Shortcut { A, B, C, NONE }

    public ResNetConfig {
        if (layers.length != 4) throw new IllegalArgumentException(name + ": layers must have 4 stages, got " + Arrays.toString(layers));
        if (replaceStrideWithDilation == null) replaceStrideWithDilation = new boolean[3];
        if (replaceStrideWithDilation.length != 3) {
            throw new IllegalArgumentException(name + ": replace_stride_with_dilation must have 3 entries, got "
                    + replaceStrideWithDilation.length);
        }
        if (basePlanes < 1) throw new IllegalArgumentException(name + ": basePlanes must be >= 1, got " + basePlanes);
        layers = layers.clone();
    }

    /** torchvision's widths: layer1 has 64 planes. */
    public ResNetConfig(String name, BlockType block, int[] layers, Layout layout, Shortcut shortcut,
                        int numClasses, int groups, int widthPerGroup, boolean[] replaceStrideWithDilation) {
        this(name, block, layers, layout, shortcut, numClasses, groups, widthPerGroup, replaceStrideWithDilation, 64);
    }

    public static ResNetConfig torchvision(String name, BlockType block, int... layers) {
        return new ResNetConfig(name, block, layers, Layout.V1_5, Shortcut.B, 1000, 1, 64, null);
    }

    public ResNetConfig withLayout(Layout l) {
        return new ResNetConfig(name, block, layers, l, shortcut, numClasses, groups, widthPerGroup, replaceStrideWithDilation, basePlanes);
    }

    public ResNetConfig withShortcut(Shortcut s) {
        return new ResNetConfig(name, block, layers, layout, s, numClasses, groups, widthPerGroup, replaceStrideWithDilation, basePlanes);
    }

    public ResNetConfig withNumClasses(int n) {
        return new ResNetConfig(name, block, layers, layout, shortcut, n, groups, widthPerGroup, replaceStrideWithDilation, basePlanes);
    }

    public ResNetConfig withDilation(boolean layer2, boolean layer3, boolean layer4) {
        return new ResNetConfig(name, block, layers, layout, shortcut, numClasses, groups, widthPerGroup,
                new boolean[] {layer2, layer3, layer4}, basePlanes);
    }

    /** layer1 with {@code planes} planes (torchvision: 64), layer2..4 with 2, 4, 8 times as many (tiny test models). */
    public ResNetConfig withBasePlanes(int planes) {
        return new ResNetConfig(name, block, layers, layout, shortcut, numClasses, groups, widthPerGroup, replaceStrideWithDilation, planes);
    }

    public int expansion() { return block == BlockType.BASIC ? BasicBlock.EXPANSION : Bottleneck.EXPANSION; }
}
