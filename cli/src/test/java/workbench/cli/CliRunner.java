/* Runs the command line in-process and captures what it prints. */
package workbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

record CliRunner(int exit, String out, String err) {
    static CliRunner run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRunner(exit, out.toString(), err.toString());
    }
}
