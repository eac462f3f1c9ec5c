/*
 * The command line behind ./workbench: run, golden, table, bench. (build, test and serve are the
 * launcher script's own.) Errors print one line naming what was wrong, plus a HINT where one
 * helps; the stack trace only with --verbose.
 */
package workbench.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "workbench", mixinStandardHelpOptions = true, version = "workbench 0.1.0",
        description = "Deep-learning code bases, read and run: naive and Vector API twins checked against the official code.",
        subcommands = {RunCommand.class, GoldenCommand.class, TableCommand.class, BenchCommand.class,
                ReparamCommand.class})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            boolean verbose = parsed.matchedOption("--verbose") != null
                    || (parsed.subcommand() != null && hasVerbose(parsed));
            PrintWriter err = line.getErr();
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            err.println("error: " + msg);
            if (verbose) ex.printStackTrace(err);
            else if (!(ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof java.io.UncheckedIOException)) {
                err.println("  (" + ex.getClass().getSimpleName() + "; run with --verbose for the stack trace)");
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    private static boolean hasVerbose(CommandLine.ParseResult p) {
        for (CommandLine.ParseResult r = p; r != null; r = r.subcommand()) {
            if (r.matchedOption("--verbose") != null) return true;
        }
        return false;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
