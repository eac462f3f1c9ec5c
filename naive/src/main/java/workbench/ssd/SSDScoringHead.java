/*
 * One kind of SSD predictor applied to every feature map (SSD, Liu et al. 2016, Sec. 2.1 "Convolutional
 * predictors for detection"; torchvision ssd.py: SSDScoringHead, SSDClassificationHead, SSDRegressionHead;
 * caffe: the mbox_conf / mbox_loc convolutions followed by Permute, Flatten and Concat).
 *
 * For map i, a 3x3 conv (padding 1) gives (N, A_i * K, H_i, W_i); K = num_classes for the classification
 * head, 4 for the regression head. torchvision then views it as (N, A_i, K, H_i, W_i), permutes to
 * (N, H_i, W_i, A_i, K) and flattens to (N, H_i W_i A_i, K); the levels are concatenated along dim 1.
 * Row r of the result is therefore: level, then y, then x, then anchor - the order of the default boxes
 * (DefaultBoxGenerator, caffe's PriorBox), which is what lets row r be matched to default box r.
 * caffe's Permute(0, 2, 3, 1) + Flatten + Concat gives the same order for the same channel layout.
 * Naive reference: the permutation is a plain index loop.
 */
package workbench.ssd;

import java.util.List;
import workbench.kernels.Conv2dSpec;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.tensor.Tensor;

public final class SSDScoringHead extends workbench.nn.Module {
    public final ModuleList module_list;
    /** K: values per default box (num_classes or 4). */
    public final int numColumns;
    private final int[] numAnchors;

    public SSDScoringHead(int[] inChannels, int[] numAnchors, int numColumns) {
        if (inChannels.length != numAnchors.length) {
            throw new IllegalArgumentException("SSDScoringHead: " + inChannels.length + " input maps but " + numAnchors.length
                    + " anchor counts");
        }
        this.numColumns = numColumns;
        this.numAnchors = numAnchors.clone();
        ModuleList list = new ModuleList();
        for (int i = 0; i < inChannels.length; i++) {
            list.add(new Conv2d(inChannels[i], numColumns * numAnchors[i], 3, 3, Conv2dSpec.of(1, 1), true));
        }
        this.module_list = register("module_list", list);
    }

    /** torchvision SSDClassificationHead: K = num_classes. */
    public static SSDScoringHead classification(int[] inChannels, int[] numAnchors, int numClasses) {
        return new SSDScoringHead(inChannels, numAnchors, numClasses);
    }

    /** torchvision SSDRegressionHead: K = 4 box offsets. */
    public static SSDScoringHead regression(int[] inChannels, int[] numAnchors) {
        return new SSDScoringHead(inChannels, numAnchors, 4);
    }

    /** (N, sum_i H_i W_i A_i, K) for feature maps x_0 .. x_{m-1}. */
    public Tensor apply(List<Tensor> x, Context ctx) {
        if (x.size() != module_list.size()) {
            throw new IllegalArgumentException(name() + ": expected " + module_list.size() + " feature maps, got " + x.size());
        }
        int n = x.get(0).dim(0);
        Tensor[] perLevel = new Tensor[x.size()];
        int rows = 0;
        for (int i = 0; i < x.size(); i++) {
            Tensor y = module_list.get(i).call(x.get(i), ctx);        // (N, A*K, H, W)
            perLevel[i] = permuteToRows(y, numAnchors[i], numColumns); // (N, H*W*A, K)
            rows += perLevel[i].dim(1);
        }
        // torch.cat(all_results, dim=1)
        Tensor out = Tensor.zeros(n, rows, numColumns);
        int rowStart = 0;
        for (Tensor t : perLevel) {
            int r = t.dim(1);
            for (int b = 0; b < n; b++) {
                System.arraycopy(t.data(), b * r * numColumns, out.data(), (b * rows + rowStart) * numColumns, r * numColumns);
            }
            rowStart += r;
        }
        ctx.trace().record(name(), out);
        return out;
    }

    /** (N, A*K, H, W) viewed as (N, A, K, H, W), permuted to (N, H, W, A, K), flattened to (N, H*W*A, K). */
    static Tensor permuteToRows(Tensor y, int a, int k) {
        int n = y.dim(0), h = y.dim(2), w = y.dim(3);
        if (y.dim(1) != a * k) {
            throw new IllegalArgumentException("SSDScoringHead: expected " + a + " x " + k + " channels, got " + y.shapeString());
        }
        Tensor out = Tensor.zeros(n, h * w * a, k);
        float[] src = y.data(), dst = out.data();
        for (int b = 0; b < n; b++) {
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    for (int anchor = 0; anchor < a; anchor++) {
                        int row = (yy * w + xx) * a + anchor;
                        for (int col = 0; col < k; col++) {
                            int channel = anchor * k + col;
                            dst[(b * h * w * a + row) * k + col] = src[((b * a * k + channel) * h + yy) * w + xx];
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        throw new IllegalStateException(name() + ": a scoring head reads a list of feature maps; call apply(List<Tensor>, ctx)");
    }

    @Override
    public String describe() {
        return "SSDScoringHead(" + module_list.size() + " levels, " + numColumns + " values per default box)";
    }
}
