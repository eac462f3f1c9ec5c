/*
 * The VGGish network as vggish_slim.py defines it (Hershey et al. 2017, Sec. 4.1: a VGG variant,
 * "configuration A" cut down to four conv groups and a 128-d embedding layer):
 *   conv 3x3 64, pool 2x2 | conv 128, pool | conv 256 x2, pool | conv 512 x2, pool |
 *   fc 4096, fc 4096, fc 128 (the embedding)
 * All convolutions are 3x3 stride 1 "SAME" (padding 1), all pools 2x2 stride 2 (on 96x64 input
 * every map size is even, so TF's SAME pooling adds no padding), every layer but the last is
 * followed by a ReLU.
 * Names follow torchvggish (harritaylor/torchvggish), the state_dict PyTorch users have:
 * features.{0,3,6,8,11,13} (convs) and embeddings.{0,2,4} (linears); VggishCheckpoints maps the
 * TF variable names (vggish/conv1/weights, ...) onto them.
 * Two pitfalls live here:
 *   - Channels-last flatten (Sec. 4.1): TF flattens the (N, 6, 4, 512) NHWC map, so fc1's 12288
 *     inputs are ordered (h, w, c). Our maps are NCHW, so we permute to NHWC before flattening, as
 *     torchvggish does with its two transposes; flattening NCHW directly feeds fc1 scrambled inputs.
 *   - Embedding before the last ReLU (Sec. 4.4): the current official code has activation_fn=None
 *     on fc2, so the embedding is pre-activation and can be negative. torchvggish (and the TF code
 *     before 2020) apply a ReLU there; reluOnEmbedding = true reproduces that.
 * Input: examples (N, 1, 96, 64) or (N, 96, 64) log-mel patches. Output: (N, embeddingSize).
 */
package workbench.vggish;

import workbench.kernels.Conv2dSpec;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Linear;
import workbench.nn.MaxPool2d;
import workbench.nn.Module;
import workbench.nn.ReLU;
import workbench.nn.Sequential;
import workbench.tensor.Tensor;

public final class VGGish extends Module {
    /** Widths of the network: conv groups 1-4, the two fc layers, the embedding. */
    public record Config(int conv1, int conv2, int conv3, int conv4, int fc1, int embeddingSize, boolean reluOnEmbedding) {
        /** vggish_slim.py: 64, 128, 256, 512, 4096, 128, embedding pre-activation. */
        public static Config official() {
            return new Config(64, 128, 256, 512, 4096, VggishParams.EMBEDDING_SIZE, false);
        }

        public Config withReluOnEmbedding(boolean relu) {
            return new Config(conv1, conv2, conv3, conv4, fc1, embeddingSize, relu);
        }
    }

    /** Map size after the four 2x2 pools: 96 x 64 -> 6 x 4. */
    public static final int FINAL_H = VggishParams.NUM_FRAMES / 16, FINAL_W = VggishParams.NUM_BANDS / 16;

    /** Trace name of the channels-last flattened features (the input of fc1). */
    public static final String FLATTEN = "flatten";

    public final Config config;
    public final Sequential features, embeddings;

    public VGGish() {
        this(Config.official());
    }

    public VGGish(Config config) {
        this.config = config;
        Sequential f = new Sequential();
        int in = 1;
        // (width, then how many 3x3 convs before the pool): the "conv1 | conv2 | conv3 x2 | conv4 x2" stack
        int[][] groups = {{config.conv1(), 1}, {config.conv2(), 1}, {config.conv3(), 2}, {config.conv4(), 2}};
        for (int[] g : groups) {
            for (int r = 0; r < g[1]; r++) {
                f.add(new Conv2d(in, g[0], 3, 3, Conv2dSpec.of(1, 1), true));   // 3x3, stride 1, SAME
                f.add(new ReLU());
                in = g[0];
            }
            f.add(new MaxPool2d(2, 2, 0));                                       // 2x2, stride 2
        }
        this.features = register("features", f);
        Sequential e = new Sequential(
                new Linear(config.conv4() * FINAL_H * FINAL_W, config.fc1()), new ReLU(),   // fc1/fc1_1
                new Linear(config.fc1(), config.fc1()), new ReLU(),                          // fc1/fc1_2
                new Linear(config.fc1(), config.embeddingSize()));                           // fc2: the embedding
        if (config.reluOnEmbedding()) e.add(new ReLU());                                     // torchvggish's embeddings.5
        this.embeddings = register("embeddings", e);
    }

    @Override
    protected Tensor forward(Tensor x, Context ctx) {
        if (x.rank() == 3) x = x.reshape(x.dim(0), 1, x.dim(1), x.dim(2));   // (N, 96, 64) as vggish_input gives it
        if (x.rank() != 4 || x.dim(1) != 1 || x.dim(2) != VggishParams.NUM_FRAMES || x.dim(3) != VggishParams.NUM_BANDS) {
            throw new IllegalArgumentException("vggish: expected examples (N, 1, 96, 64) or (N, 96, 64), got " + x.shapeString()
                    + "\n  ---> HINT: make the examples with VggishInput (96 frames of 10 ms x 64 mel bands each).");
        }
        Tensor maps = features.call(x, ctx);                   // (N, conv4, 6, 4)
        Tensor flat = channelsLastFlatten(maps);               // (N, 6 * 4 * conv4), (h, w, c) order as TF
        ctx.trace().record(FLATTEN, flat);
        return embeddings.call(flat, ctx);
    }

    /**
     * NCHW (N, C, H, W) -> NHWC -> (N, H*W*C): element (n, c, h, w) lands at n, (h*W + w)*C + c.
     * This is slim.flatten of TF's channels-last map, and torchvggish's transpose(1,3), transpose(1,2).
     */
    public static Tensor channelsLastFlatten(Tensor x) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        float[] src = x.data(), dst = new float[src.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        dst[((b * h + y) * w + xx) * c + ch] = src[((b * c + ch) * h + y) * w + xx];
                    }
                }
            }
        }
        return Tensor.of(dst, n, h * w * c);
    }

    @Override
    public String describe() {
        return "VGGish(" + config.conv1() + ", " + config.conv2() + ", " + config.conv3() + "x2, " + config.conv4() + "x2, fc "
                + config.fc1() + "x2, embedding " + config.embeddingSize() + (config.reluOnEmbedding() ? " + ReLU" : ", pre-activation") + ")";
    }
}
