/*
 * JMH: whole ResNets at 224 x 224 and SSD300 at 300 x 300, batch 1, on the fast path (FastResNet,
 * FastSsd: BN folded, NHWC, fused epilogues) with 1 or 2 threads; Setup checks the output (logits,
 * SSD's class logits) against the naive twin first (for SSD300 that alone takes about 2 minutes).
 * Run: java -jar benchmarks/target/benchmarks.jar ModelBench -p model=resnet50 -p threads=1
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
import workbench.kernels.NaiveKernels;
import workbench.nn.Context;
import workbench.nn.Init;
import workbench.nn.Module;
import workbench.resnet.ResNets;
import workbench.ssd.SSD;
import workbench.ssd.SsdConfig;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class ModelBench {
    @Param({"resnet18", "resnet50", "ssd300"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    Module fast;
    Tensor x;
    Context ctx;

    @Setup
    public void setup() {
        Module net = model.equals("ssd300")
                ? Init.randomize(new SSD(SsdConfig.ssd300(SsdConfig.COCO_CLASSES)), 42)
                : ResNets.randomize(ResNets.create(model), 42);
        int size = model.equals("ssd300") ? 300 : 224;
        x = Tensor.randn(7, 1, 3, size, size);
        VectorKernels k = new VectorKernels().withThreads(threads);
        fast = k.prepare(net);
        ctx = Context.of(k);
        Validation.check(model, fast.call(x, ctx), net.call(x, Context.of(NaiveKernels.INSTANCE)));
    }

    @Benchmark
    public Tensor vectorized() {
        return fast.call(x, ctx);
    }
}
