/*
 * JMH: whole ResNets at 224 x 224, batch 1, on the fast path (BN folded, NHWC, fused epilogues)
 * with 1 or 2 threads; Setup checks the logits against the naive twin first.
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
import workbench.nn.Module;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class ModelBench {
    @Param({"resnet18", "resnet50"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    Module fast;
    Tensor x;
    Context ctx;

    @Setup
    public void setup() {
        Module net = ResNets.randomize(ResNets.create(model), 42);
        x = Tensor.randn(7, 1, 3, 224, 224);
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
