/*
 * Priming: the Vector API is fast only once C2 has compiled a method (in the interpreter and C1
 * every vector is a boxed object), and C2 compiles what it has seen run often, along the branches it
 * has seen taken. So before the first real call, run every fast kernel on small shapes along every
 * path: six-pixel tiles (rows6, and tile6 for the stem), planes of fewer than six pixels, with and without
 * residual and ReLU, stride 1 and 2,
 * 1x1, 3x3 and 7x7, BasicBlock and Bottleneck nets, SSD's shapes; 24 passes each, so C2 has finished compiling
 * before the first real call. The op-by-op path (conv2d version 3 with its packing and layout
 * conversions, ReLU, add, pooling) that models without a prepared form run goes first: its dilated
 * shapes take branches of tile6 the nets never take, and a branch C2 has not seen costs the compiled
 * method (an uncommon trap sends it back to C1 until it is compiled again). Once per JVM.
 */
package workbench.vectorized.fast;

import workbench.kernels.Conv2dSpec;
import workbench.kernels.Pool2dSpec;
import workbench.nn.Context;
import workbench.nn.Conv2d;
import workbench.nn.Init;
import workbench.resnet.ResNet;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

public final class Priming {
    private Priming() {}

    private static volatile boolean done;
    private static long nanos;

    /** Primes the fast kernels the first time it is called; later calls return at once. */
    public static synchronized void primeOnce() {
        if (done) return;
        long t0 = System.nanoTime();
        // the op-by-op path other models take: conv2d version 3 with fresh weights (packing, NHWC
        // conversion both ways), and the element-wise and pooling kernels around it
        VectorKernels k = new VectorKernels();
        for (int i = 0; i < 64; i++) {
            Tensor w = Tensor.randn(100 + i, 32, 16, 3, 3), in = Tensor.randn(200 + i, 1, 16, 14, 14);
            Tensor y = k.relu(k.conv2d(in, w, null, Conv2dSpec.of(1 + i % 2, 1, 1 + i % 3 / 2, 1)));
            k.add(y, y);
            k.maxPool2d(y, Pool2dSpec.of(2, 2, 0, true));
        }
        // the shapes SSD's plan adds (FastSsd): rows6 on a 3-channel input (conv1_1), tile6 with a
        // dilated width (fc6, dilation 6), the 3x3 stride-1 and ceil-mode max pools, heads without
        // ReLU, and maps of fewer than 6 pixels
        for (int i = 0; i < 12; i++) {
            FastPlan ssdLike = new FastPlan(3);
            FastPlan.Value v = ssdLike.conv(Init.randomize(new Conv2d(3, 16, 3, 1, 1, true), 4), null, ssdLike.input(), null, true);
            v = ssdLike.maxPool(Pool2dSpec.of(2, 2, 0, true), v, "pool");
            v = ssdLike.maxPool(Pool2dSpec.of(3, 1, 1, false), v, "pool5");
            v = ssdLike.conv(Init.randomize(new Conv2d(16, 32, 3, 3, Conv2dSpec.of(1, 6, 6, 1), true), 5), null, v, null, true);
            v = ssdLike.conv(Init.randomize(new Conv2d(32, 16, 3, 2, 1, true), 6), null, v, null, true);        // extras, 8x8
            for (int j = 0; j < 3; j++) {                                                                   // 6x6, 4x4, 2x2
                ssdLike.conv(Init.randomize(new Conv2d(16, 24, 3, 1, 1, true), 7 + j), null, v, null, false);   // a head
                v = ssdLike.conv(Init.randomize(new Conv2d(16, 16, 3, 1, 0, true), 10 + j), null, v, null, true);
            }
            ssdLike.load(Tensor.randn(6, 1, 3, 30 + i % 3, 30));
            ssdLike.run(Workers.shared(1), Context.of(k));
        }
        Context ctx = Context.of(new VectorKernels());
        Tensor x = Tensor.randn(1, 1, 3, 64, 72);
        for (String arch : new String[] {"resnet18", "resnet50"}) {
            ResNet net = ResNets.randomize((ResNet) ResNets.create(arch), 1);
            FastResNet fast = new FastResNet(net, Workers.shared(1));
            for (int i = 0; i < 24; i++) fast.call(x, ctx);
        }
        // tile6 (the 7x7 stem, padded channels) sees only a few hundred tiles per pass above: without
        // this loop its C2 form was compiled during the first full-size image while the stem ran in
        // C1 code, and that first 224x224 call took 2.2-4x the steady state (1.0-1.3x with it).
        Conv2d stem = new Conv2d(3, 64, 7, 2, 3, false);
        Init.randomize(stem, 2);
        FastConv stemConv = new FastConv(stem, null, true, 3, Workers.shared(1));
        Nhwc stemIn = stemConv.newInput(1, 40, 46, 3);
        stemIn.fill(Tensor.randn(3, 1, 3, 40, 46));
        Nhwc stemOut = stemConv.newOutput(stemIn);
        for (int i = 0; i < 400; i++) stemConv.run(stemIn, stemOut, null);
        nanos = System.nanoTime() - t0;
        done = true;
    }

    /** Time the priming took, in milliseconds (0 before it ran). */
    public static double millis() { return nanos / 1e6; }
}
