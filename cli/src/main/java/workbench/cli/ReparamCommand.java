/*
 * ./workbench reparam convert IN OUT [--impl naive|vectorized] [--seed N]
 * Structural re-parameterization of a checkpoint (RepVGG Sec. 3.3; DBB; ACNet), what the official
 * convert.py scripts do: reads a training-time state_dict (.pth, .npz or .safetensors), fuses every
 * RepVGG / DBB / ACNet block it finds, checks on a seeded random input that both forms agree
 * (ReparamCheckpoint.CONVERSION_TOLERANCE x max(1, max|y|)), and only then writes OUT
 * (.safetensors or .npz, by extension). Other keys are copied unchanged.
 */
package workbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import workbench.io.NpzWriter;
import workbench.io.SafetensorsWriter;
import workbench.io.StateDict;
import workbench.reparam.ReparamCheckpoint;
import workbench.tensor.Tensor;

@Command(name = "reparam", mixinStandardHelpOptions = true,
        description = "Structural re-parameterization: `reparam convert IN OUT` fuses a RepVGG / DBB / ACNet checkpoint.",
        subcommands = ReparamCommand.Convert.class)
final class ReparamCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Convert a training-time checkpoint to deploy form; both forms are checked on a random input first.")
    static final class Convert implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN", description = "training-time state_dict: .pth, .npz or .safetensors")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "deploy state_dict to write: .safetensors or .npz")
        Path out;

        @Option(names = "--impl", defaultValue = "vectorized", description = "kernels for the check: naive | vectorized (default: ${DEFAULT-VALUE})")
        Impl impl;

        @Option(names = "--seed", defaultValue = "7", description = "seed of the random check input (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            if (impl == Impl.both) throw new IllegalArgumentException("--impl: choose naive or vectorized for convert");
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean safetensors = name.endsWith(".safetensors");
            if (!safetensors && !name.endsWith(".npz")) {
                throw new IllegalArgumentException(out + ": unknown output format; write .safetensors or .npz"
                        + "\n  ---> HINT: e.g. `reparam convert " + in.getFileName() + " deploy.safetensors`.");
            }
            StateDict sd = StateDict.load(in);
            ReparamCheckpoint.Result r = ReparamCheckpoint.convert(sd.asMap(), in.toString(), impl.kernels().get(0), seed);
            PrintWriter o = spec.commandLine().getOut();
            if (r.alreadyDeployed()) {
                o.printf(Locale.ROOT, "%s is already in deploy form (%d fused block%s: %s); nothing to convert, %s not written.%n",
                        in, r.deployedPrefixes().size(), r.deployedPrefixes().size() == 1 ? "" : "s", summary(r), out);
                o.flush();
                return 0;
            }
            for (ReparamCheckpoint.Converted c : r.converted()) {
                o.printf(Locale.ROOT, "  %-24s %-60s max|train - deploy| = %.1e  (allowed %.1e)%n",
                        c.prefix().isEmpty() ? "(root)" : c.prefix().substring(0, c.prefix().length() - 1), c.description(),
                        c.maxAbsDiff(), c.bound());
            }
            if (out.toAbsolutePath().getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
                throw new IllegalArgumentException(out + ": the folder " + out.toAbsolutePath().getParent() + " does not exist");
            }
            if (safetensors) SafetensorsWriter.write(out, r.deploy());
            else NpzWriter.write(out, r.deploy());
            o.printf(Locale.ROOT, "converted %d unit%s with %s: %d keys, %,d values -> %d keys, %,d values; wrote %s%n",
                    r.converted().size(), r.converted().size() == 1 ? "" : "s", impl.kernels().get(0).name(), sd.size(), values(sd.asMap()),
                    r.deploy().size(), values(r.deploy()), out);
            o.flush();
            return 0;
        }

        private static String summary(ReparamCheckpoint.Result r) {
            var p = r.deployedPrefixes().stream().map(s -> s.isEmpty() ? "(root)" : s.substring(0, s.length() - 1)).limit(4).toList();
            return String.join(", ", p) + (r.deployedPrefixes().size() > 4 ? ", ..." : "");
        }

        private static long values(java.util.Map<String, Tensor> m) {
            return m.values().stream().mapToLong(Tensor::numel).sum();
        }
    }
}
