/*
 * Entry point of the kernel process that Jupyter starts from kernel.json:
 *   java --add-modules jdk.incubator.vector -cp {resource_dir}/lib/* workbench.notebook.KernelMain {connection_file}
 * Mirrors JJava's JJava.main (dflib/jjava 1.0-a6, jjava-distro): read the connection file, connect
 * the five ZeroMQ channels (jjava-jupyter does the protocol), serve until shutdown.
 * Like JJava's launcher, a non-empty JJAVA_JVM_OPTS starts the kernel in a second JVM with those
 * options (same class path and module options); the first one waits for it and follows it out.
 */
package workbench.notebook;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

public final class KernelMain {
    private KernelMain() {}

    /** Set on the second JVM started for JJAVA_JVM_OPTS. */
    static final String CHILD = "workbench.kernel.child";

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE   (Jupyter passes it; see notebooks/README.md)");
            System.exit(2);
        }
        String jvmOpts = System.getenv().getOrDefault("JJAVA_JVM_OPTS", "").trim();
        if (!jvmOpts.isEmpty() && System.getProperty(CHILD) == null) {
            System.exit(runInSecondJvm(jvmOpts, args[0]));
        }
        if (System.getProperty(CHILD) != null) {
            // the first JVM is gone (killed by Jupyter): do not outlive it
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        }
        // jjava-jupyter logs every channel start and stop at INFO; keep Jupyter's log for problems
        Logger.getLogger("").setLevel(Level.WARNING);
        for (var h : Logger.getLogger("").getHandlers()) h.setLevel(Level.WARNING);

        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(props);
        WorkbenchKernel kernel = WorkbenchKernel.builder().environment(System.getenv()).build();
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }

    /** Starts this kernel again with {@code jvmOpts} added; returns its exit code. */
    static int runInSecondJvm(String jvmOpts, String connectionFile) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());   // --add-modules, -D..., -X...
        cmd.addAll(Arrays.asList(jvmOpts.split("\\s+")));
        cmd.add("-D" + CHILD + "=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KernelMain.class.getName());
        cmd.add(connectionFile);
        Process child = new ProcessBuilder(cmd).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
        return child.waitFor();
    }
}
