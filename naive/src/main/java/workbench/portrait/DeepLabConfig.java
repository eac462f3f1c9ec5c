/*
 * What makes one DeepLabv3+ differ from another (DeepLabv3+, Chen et al. 2018; lesson Sec. 1.2 output
 * stride, Sec. 1.4 decoder and its design choices; the ledger, Sec. 1.6).
 *   backbone       a torchvision ResNet config (ResNet-50/101 Bottleneck; BasicBlock cannot dilate)
 *   outputStride   16 (layer4 dilated) or 8 (layer3 and layer4 dilated); rates follow: 6/12/18 or 12/24/36
 *   decoderConvs   3x3 convs after the concat: 1 in VainF's port, 2 in the paper and TF (Sec. 1.4)
 *   alignCorners   bilinear resizing: false in VainF/torchvision, true in TF
 *   asppOut, lowOut  256 and 48 in every official layout; smaller only for tiny test models
 */
package workbench.portrait;

import workbench.resnet.ResNetConfig;
import workbench.resnet.ResNets;

public record DeepLabConfig(String name, ResNetConfig backbone, int outputStride, int numClasses, int decoderConvs,
                            boolean alignCorners, int asppOut, int lowOut) {

    /** The two layouts of the ledger: VainF's port (the default) and the TF reference's switches. */
    public enum Layout { VAINF, TF }

    public DeepLabConfig {
        if (outputStride != 8 && outputStride != 16) {
            throw new IllegalArgumentException(name + ": output stride must be 8 or 16, got " + outputStride);
        }
        if (backbone.block() != ResNetConfig.BlockType.BOTTLENECK) {
            throw new IllegalArgumentException(name + ": a dilated backbone needs Bottleneck blocks, got " + backbone.block()
                    + "\n  ---> HINT: torchvision raises NotImplementedError('Dilation > 1 not supported in BasicBlock') too;"
                    + " use resnet50 or resnet101.");
        }
        if (decoderConvs < 1) throw new IllegalArgumentException(name + ": decoder needs at least one 3x3 conv, got " + decoderConvs);
        // torchvision replace_stride_with_dilation: OS16 dilates layer4, OS8 dilates layer3 and layer4
        backbone = backbone.withDilation(false, outputStride == 8, true);
    }

    /** DeepLabv3+ on a torchvision ResNet ("resnet50", "resnet101") in the given layout. */
    public static DeepLabConfig of(String resnet, int outputStride, int numClasses, Layout layout) {
        boolean tf = layout == Layout.TF;
        return new DeepLabConfig("deeplabv3plus_" + resnet + (tf ? "_tf" : ""), ResNets.config(resnet), outputStride, numClasses,
                tf ? 2 : 1, tf, 256, 48);
    }

    /** ASPP rates (Sec. 1.3), doubled at output stride 8 (Sec. 1.2). */
    public int[] atrousRates() {
        return outputStride == 16 ? new int[] {6, 12, 18} : new int[] {12, 24, 36};
    }

    public DeepLabConfig withOutputStride(int os) {
        return new DeepLabConfig(name, backbone, os, numClasses, decoderConvs, alignCorners, asppOut, lowOut);
    }
}
