/*
 * JMH: one convolution (+ bias + ReLU) on the fast path, per ResNet/VGG/SSD shape, against the
 * naive twin. Setup checks the fast result against NaiveKernels before any timing.
 * Run: java -jar benchmarks/target/benchmarks.jar ConvBench   (after ./workbench build)
 */
package workbench.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.NaiveKernels;
import workbench.nn.Conv2d;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;
import workbench.vectorized.fast.FastConv;
import workbench.vectorized.fast.Nhwc;
import workbench.vectorized.fast.Workers;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class ConvBench {
    /** C-K-H-k-stride-dilation */
    @Param({"64-64-56-3-1-1", "64-128-56-3-2-1", "256-64-56-1-1-1", "512-512-7-3-1-1", "3-64-224-7-2-1", "512-1024-19-3-1-6"})
    public String shape;

    @Param({"1"})
    public int threads;

    FastConv fast;
    Nhwc in, out;
    Tensor x;
    Conv2d conv;

    @Setup
    public void setup() {
        String[] p = shape.split("-");
        int C = Integer.parseInt(p[0]), K = Integer.parseInt(p[1]), H = Integer.parseInt(p[2]), k = Integer.parseInt(p[3]);
        int s = Integer.parseInt(p[4]), d = Integer.parseInt(p[5]);
        conv = ResNets.randomize(new Conv2d(C, K, k, k, Conv2dSpec.of(s, d * (k / 2), d, 1), true), 17);
        x = Tensor.randn(23, 1, C, H, H);
        fast = new FastConv(conv, null, true, C, Workers.shared(threads));
        in = fast.newInput(1, H, H, C);
        in.fill(x);
        out = fast.newOutput(in);
        fast.run(in, out, null);
        Tensor ref = NaiveKernels.INSTANCE.relu(NaiveKernels.INSTANCE.conv2d(x, conv.weight, conv.bias, conv.spec));
        Validation.check("conv " + shape, out.toNchw(), ref);
    }

    @Benchmark
    public float[] vectorized() {
        fast.run(in, out, null);
        return out.data;
    }
}
