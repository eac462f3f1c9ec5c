/*
 * ./workbench golden check DIR [--impl naive|vectorized|both] [--write-outputs OUTDIR]
 * Runs one golden case (manifest.json + .npy files), prints the per-tensor report and exits 0 when
 * every tensor holds, 1 otherwise. The case is recognised by its manifest, not its folder name.
 */
package workbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import workbench.golden.GoldenCase;
import workbench.golden.GoldenChecker;
import workbench.golden.GoldenTolerances;
import workbench.kernels.Kernels;

@Command(name = "golden", mixinStandardHelpOptions = true, description = "Golden cases: `golden check DIR` compares our code with the official output.",
        subcommands = GoldenCommand.Check.class)
final class GoldenCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Run one golden case and report every tensor.")
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "a case folder holding manifest.json")
        Path dir;

        @Option(names = "--impl", defaultValue = "both", description = "naive | vectorized | both (default: ${DEFAULT-VALUE})")
        Impl impl;

        @Option(names = "--write-outputs", paramLabel = "OUTDIR", description = "write every tensor we computed under the manifest's file names")
        Path writeOutputs;

        @Override
        public Integer call() {
            GoldenCase c = GoldenCase.open(dir);
            boolean ok = true;
            for (Kernels k : impl.kernels()) {
                Path out = writeOutputs == null ? null : (impl == Impl.both ? writeOutputs.resolve(k.name().replaceAll("[^a-z0-9-]", "")) : writeOutputs);
                GoldenChecker.Result r = GoldenChecker.check(c, k, GoldenTolerances.CONV_F32, out);
                spec.commandLine().getOut().println(r.text());
                ok &= r.ok();
            }
            spec.commandLine().getOut().flush();
            return ok ? 0 : 1;
        }
    }
}
