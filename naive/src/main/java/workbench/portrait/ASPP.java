/*
 * Atrous Spatial Pyramid Pooling (DeepLabv3, Chen et al. 2017, lesson Sec. 1.3; used unchanged by
 * DeepLabv3+; torchvision models/segmentation/deeplabv3.py: ASPP, ASPPConv, ASPPPooling).
 *
 *   x --convs.0: 1x1 -> BN -> ReLU ----------------------------\
 *     --convs.1: 3x3 dilation r1 -> BN -> ReLU ----------------+
 *     --convs.2: 3x3 dilation r2 -> BN -> ReLU ----------------+-- concat (5 * out) --project: 1x1 -> BN -> ReLU -> Dropout
 *     --convs.3: 3x3 dilation r3 -> BN -> ReLU ----------------+
 *     --convs.4: global avg pool -> 1x1 -> BN -> ReLU -> broadcast/
 *
 * Rates (6, 12, 18) at output stride 16, doubled to (12, 24, 36) at output stride 8 (Sec. 1.2;
 * DeepLabv3: "the rates are doubled when output_stride = 8"). Children carry torchvision's names,
 * so the state_dict keys are `convs.1.0.weight`, `convs.4.1.weight`, `project.0.weight`, ...
 * Branch order is torchvision's and VainF's (pooling last); TF's model.py puts the pooling branch
 * first, which only permutes the 5 * out input channels of project.0 (see the ledger, Sec. 1.6).
 * Naive reference; the convolutions run on whatever Kernels the Context carries.
 * Not here: TF's separable ASPP convs and its crop-sized pooling window (Sec. 1.6).
 */
package workbench.portrait;

import workbench.kernels.Conv2dSpec;
import workbench.nn.AdaptiveAvgPool2d;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.tensor.Tensor;

public final class ASPP extends Module {
    public final int inChannels, outChannels;
    public final int[] atrousRates;
    /** torchvision's nn.ModuleList: held in a Sequential for the names "0".."4", never called as a chain. */
    public final Sequential convs;
    public final Sequential project;

    public ASPP(int inChannels, int[] atrousRates, int outChannels) {
        if (atrousRates.length != 3) {
            throw new IllegalArgumentException("ASPP: expected 3 atrous rates (6, 12, 18 or 12, 24, 36), got " + atrousRates.length);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.atrousRates = atrousRates.clone();
        Sequential branches = new Sequential();
        // Sec. 1.3: one 1x1 conv and three atrous 3x3 convs, all with BN and ReLU
        branches.add(new Sequential(new Conv2d(inChannels, outChannels, 1, 1, Conv2dSpec.of(1, 0), false),
                new BatchNorm2d(outChannels), new ReLU()));
        for (int rate : atrousRates) {
            // ASPPConv: padding = dilation keeps H x W; a rate larger than the map reads mostly padding
            branches.add(new Sequential(new Conv2d(inChannels, outChannels, 3, 3, Conv2dSpec.of(1, rate, rate, 1), false),
                    new BatchNorm2d(outChannels), new ReLU()));
        }
        // Sec. 1.3: image-level features: global average pooling, 1x1 conv, BN, then bilinear upsampling
        branches.add(new ASPPPooling(inChannels, outChannels));
        this.convs = register("convs", branches);
        this.project = register("project", new Sequential(new Conv2d(5 * outChannels, outChannels, 1, 1, Conv2dSpec.of(1, 0), false),
                new BatchNorm2d(outChannels), new ReLU(), new Dropout(0.5)));
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException(name() + ": expected input (N, " + inChannels + ", H, W), got " + x.shapeString()
                    + "\n  ---> HINT: ASPP sits on layer4 of the backbone (2048 channels for ResNet-50/101).");
        }
        Tensor[] res = new Tensor[convs.size()];
        for (int i = 0; i < res.length; i++) res[i] = convs.get(i).call(x, ctx);
        return project.call(Tensors.cat(res), ctx);       // torch.cat(res, dim=1)
    }

    @Override
    public String describe() {
        return "ASPP(" + inChannels + " -> " + outChannels + ", rates=" + java.util.Arrays.toString(atrousRates) + ")";
    }

    /**
     * torchvision's ASPPPooling (an nn.Sequential subclass): 0 AdaptiveAvgPool2d(1), 1 conv 1x1,
     * 2 BN, 3 ReLU, then F.interpolate back to H x W. From a 1 x 1 map, bilinear resizing is a
     * broadcast whatever align_corners says.
     */
    public static final class ASPPPooling extends Module {
        public final Sequential body;

        ASPPPooling(int inChannels, int outChannels) {
            this.body = new Sequential(new AdaptiveAvgPool2d(1, 1),
                    new Conv2d(inChannels, outChannels, 1, 1, Conv2dSpec.of(1, 0), false), new BatchNorm2d(outChannels), new ReLU());
            for (int i = 0; i < body.size(); i++) register(Integer.toString(i), body.get(i));
        }

        @Override
        protected Tensor forward(Tensor x, Context ctx) {
            Tensor y = x;
            for (int i = 0; i < body.size(); i++) y = body.get(i).call(y, ctx);
            return Bilinear.resize(y, x.dim(2), x.dim(3), false);
        }

        @Override
        public String describe() { return "ASPPPooling"; }
    }
}
