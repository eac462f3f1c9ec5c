/*
 * The two predictors of SSD side by side (SSD, Liu et al. 2016, Sec. 2.1; torchvision ssd.py: SSDHead):
 * `classification_head` (num_classes scores per default box) and `regression_head` (4 offsets per box).
 * The child names are torchvision's, so keys read `head.classification_head.module_list.0.weight`.
 */
package workbench.ssd;

import java.util.List;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

public final class SSDHead extends Module {
    /** torchvision's dict: "bbox_regression" (N, D, 4) and "cls_logits" (N, D, num_classes), D default boxes. */
    public record Outputs(Tensor bboxRegression, Tensor clsLogits) {}

    public final SSDScoringHead classification_head;
    public final SSDScoringHead regression_head;

    public SSDHead(int[] inChannels, int[] numAnchors, int numClasses) {
        this.classification_head = register("classification_head", SSDScoringHead.classification(inChannels, numAnchors, numClasses));
        this.regression_head = register("regression_head", SSDScoringHead.regression(inChannels, numAnchors));
    }

    public Outputs apply(List<Tensor> features, Context ctx) {
        Tensor reg = regression_head.apply(features, ctx);
        Tensor cls = classification_head.apply(features, ctx);
        return new Outputs(reg, cls);
    }

    public int numClasses() { return classification_head.numColumns; }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        throw new IllegalStateException(name() + ": SSDHead reads a list of feature maps; call apply(List<Tensor>, ctx)");
    }

    @Override
    public String describe() { return "SSDHead(" + numClasses() + " classes)"; }
}
