/*
 * ./workbench run <model> --weights FILE --input X.npy --output Y.npy [--impl ...] [--trace DIR]
 * Runs a chapter-01 model from a torchvision-format state_dict (.pth, .safetensors, .npz) on an
 * NCHW float32 input and writes the logits; --trace writes every named module's output as .npy.
 */
package workbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import workbench.io.NpyReader;
import workbench.io.NpyWriter;
import workbench.io.StateDict;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.nn.StateDictLoader;
import workbench.nn.Trace;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model on an input: resnet18, resnet34, resnet50, resnet101, resnet152, ssd300, ssd512 (torchvision state_dicts), vggish (a WAV file), portrait (background replacement in a video or picture).")
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "resnet18 | resnet34 | resnet50 | resnet101 | resnet152 | ssd300 | ssd512 | vggish | portrait")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = "state_dict: .pth, .safetensors or .npz (required except for vggish)")
    Path weights;

    @Option(names = "--input", paramLabel = "X.npy", description = "NCHW float32 input, H and W >= 32; for vggish an audio file")
    Path input;

    @Option(names = "--output", paramLabel = "Y.npy", description = "where to write the logits (N, classes); for ssd300/ssd512 the detections JSON (default: printed)")
    Path output;

    @Option(names = "--impl", defaultValue = "vectorized", description = "naive | vectorized (default: ${DEFAULT-VALUE})")
    Impl impl;

    @Option(names = "--trace", paramLabel = "DIR", description = "write every named module's output as DIR/<name>.npy")
    Path traceDir;

    @Option(names = "--threads", paramLabel = "N", description = "threads of the vectorized fast path (default: all cores)")
    Integer threads;

    @picocli.CommandLine.Mixin
    SsdRun.Options ssd = new SsdRun.Options();

    @picocli.CommandLine.Mixin
    VggishRun.Options vggish = new VggishRun.Options();

    @picocli.CommandLine.Mixin
    PortraitRun.Options portrait = new PortraitRun.Options();

    @Override
    public Integer call() {
        if (impl == Impl.both) throw new IllegalArgumentException("--impl: choose naive or vectorized for run");
        if (VggishRun.handles(model)) {
            return VggishRun.run(input, weights, output, impl.kernels(threads).get(0), vggish, spec.commandLine().getOut());
        }
        if (PortraitRun.handles(model)) {
            return PortraitRun.run(weights, impl.kernels(threads).get(0), portrait, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (weights == null || input == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option"
                    + (weights == null && input == null ? "s: '--weights=FILE', '--input=X.npy'" : weights == null ? ": '--weights=FILE'" : ": '--input=X.npy'"));
        }
        if (SsdRun.handles(model)) {
            return SsdRun.run(model, weights, input, output, impl.kernels(threads).get(0), ssd, spec.commandLine().getOut());
        }
        if (!ResNets.TORCHVISION.containsKey(model)) {
            throw new IllegalArgumentException("unknown model '" + model + "'; run takes " + String.join(", ", ResNets.TORCHVISION.keySet())
                    + ", ssd300, ssd512, vggish, portrait");
        }
        if (output == null) throw new IllegalArgumentException("--output Y.npy is required for " + model);
        Module net = ResNets.create(model);
        StateDict sd = StateDict.load(weights);
        StateDictLoader.load(net, sd.asMap(), weights.toString(), model, ResNets::guessArchitecture);
        Tensor x = NpyReader.readTensor(input);
        if (x.rank() != 4 || x.dim(1) != 3 || x.dim(2) < 32 || x.dim(3) < 32) {
            throw new IllegalArgumentException(input + ": expected an input (N, 3, H, W) with H, W >= 32, got " + x.shapeString()
                    + "\n  ---> HINT: save the image batch as NCHW float32, e.g. np.save(path, x.astype(np.float32)) with x of shape (1, 3, 224, 224).");
        }
        Kernels kernels = impl.kernels(threads).get(0);
        Trace trace = traceDir == null ? Trace.NONE : Trace.all();
        // --trace wants every named tensor, fused ones included: run the module tree op by op then
        Module runnable = traceDir == null ? kernels.prepare(net) : net;
        long t0 = System.nanoTime();
        Tensor y = runnable.call(x, new Context(kernels, trace));
        long t1 = System.nanoTime();
        NpyWriter.write(output, y);
        if (traceDir != null) writeTrace(trace.tensors(), traceDir);
        spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s: input %s -> logits %s in %.1f ms; wrote %s%s%n", model, kernels.name(),
                x.shapeString(), y.shapeString(), (t1 - t0) / 1e6, output,
                traceDir == null ? "" : " and " + trace.tensors().size() + " traced tensors to " + traceDir);
        return 0;
    }

    static void writeTrace(Map<String, Tensor> tensors, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the trace folder (" + e.getMessage() + ")", e);
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) NpyWriter.write(dir.resolve(e.getKey() + ".npy"), e.getValue());
    }
}
