/*
 * Entry point of the kernel process that Jupyter starts from kernel.json:
 *   java --add-modules jdk.incubator.vector -cp {resource_dir}/lib/* workbench.notebook.KernelMain {connection_file}
 * Mirrors JJava's JJava.main (dflib/jjava 1.0-a6, jjava-distro): read the connection file, connect
 * the five ZeroMQ channels (jjava-jupyter does the protocol), serve until shutdown.
 * Not here: JJava's launcher JVM and JJAVA_JVM_OPTS; put JVM options in JDK_JAVA_OPTIONS instead.
 */
package workbench.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE   (Jupyter passes it; see notebooks/README.md)");
            System.exit(2);
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
}
