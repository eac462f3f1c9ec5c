/*
 * What makes one torchvision DeepLabV3 differ from another (DeepLabv3, Chen et al. 2017; lesson Sec. 1.9;
 * torchvision models/segmentation/deeplabv3.py: _deeplabv3_resnet, DeepLabHead, and fcn.py: FCNHead).
 *   backbone       a torchvision ResNet config (Bottleneck); torchvision dilates layer3 and layer4: output stride 8
 *   numClasses     21 for the COCO-trained checkpoints (VOC's categories; person = 15)
 *   headChannels   ASPP width and the 3x3 conv after it: 256 in torchvision (smaller only for tiny test models)
 *   aux            whether the FCNHead on layer3 (`aux_classifier`) is there, as in checkpoints trained with aux_loss
 * The ASPP rates are DeepLabHead's fixed 12/24/36 (torchvision hard-codes them for its output stride 8).
 * Not here: torchvision's MobileNetV3 DeepLabV3, FCN and LR-ASPP models.
 */
package workbench.portrait;

import workbench.resnet.ResNetConfig;
import workbench.resnet.ResNets;

public record DeepLabV3Config(String name, ResNetConfig backbone, int outputStride, int numClasses, int headChannels, boolean aux) {

    public DeepLabV3Config {
        if (outputStride != 8 && outputStride != 16) {
            throw new IllegalArgumentException(name + ": output stride must be 8 or 16, got " + outputStride);
        }
        if (backbone.block() != ResNetConfig.BlockType.BOTTLENECK) {
            throw new IllegalArgumentException(name + ": a dilated backbone needs Bottleneck blocks, got " + backbone.block()
                    + "\n  ---> HINT: torchvision builds DeepLabV3 on resnet50 or resnet101.");
        }
        backbone = backbone.withDilation(false, outputStride == 8, true);
    }

    /** torchvision's deeplabv3_resnet50 / deeplabv3_resnet101: output stride 8, 256-wide head. */
    public static DeepLabV3Config torchvision(String resnet, int numClasses, boolean aux) {
        return new DeepLabV3Config("deeplabv3_" + resnet, ResNets.config(resnet), 8, numClasses, 256, aux);
    }

    /** DeepLabHead: ASPP(in, [12, 24, 36]) whatever the output stride. */
    public int[] atrousRates() { return new int[] {12, 24, 36}; }
}
