/*
 * `./workbench serve` entry point: parses --port, --host, --root and the /vggish page's
 * --vggish-weights / --vggish-pca, starts VisualizerApp on 127.0.0.1:7070 by default and prints the
 * URL. Binding to another address needs --host.
 * Not here: routes (VisualizerApp).
 */
package workbench.web;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

public final class VisualizerMain {
    private VisualizerMain() {}

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");   // the URL line should stand out
        }
        String host = "127.0.0.1";
        int port = 7070;
        Path root = Path.of("").toAbsolutePath();
        Path vggishWeights = null, vggishPca = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> { port = Integer.parseInt(need(a, v)); i++; }
                case "--host" -> { host = need(a, v); i++; }
                case "--root" -> { root = Path.of(need(a, v)).toAbsolutePath(); i++; }
                case "--vggish-weights" -> { vggishWeights = existing(a, need(a, v)); i++; }
                case "--vggish-pca" -> { vggishPca = existing(a, need(a, v)); i++; }
                case "-h", "--help" -> {
                    System.out.println("Usage: ./workbench serve [--port 7070] [--host 127.0.0.1] [--root DIR] [--vggish-weights W --vggish-pca P]\n"
                            + "  Starts the web visualizer; open the printed URL. --root is the checkout (golden-tests/data, bench.json).\n"
                            + "  --vggish-weights (torchvggish .pth or TF-Slim .npz) and --vggish-pca (vggish_pca_params.npz): the /vggish\n"
                            + "  page's network and post-processor; without them it runs seeded stand-ins and says so.");
                    return;
                }
                default -> {
                    System.err.println("error: unknown option '" + a + "'\n  ---> HINT: ./workbench serve --help");
                    System.exit(2);
                }
            }
        }
        Workbench wb = new Workbench(Workbench.Options.defaults(root).withVggish(vggishWeights, vggishPca));
        Javalin app = VisualizerApp.create(wb);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { app.stop(); wb.close(); }));
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            wb.close();
            System.err.println("error: cannot listen on " + host + ":" + port + " (" + VisualizerApp.firstLine(String.valueOf(e.getMessage())) + ")"
                    + "\n  ---> HINT: another server may be using the port; pick another with --port N (0 picks a free one).");
            System.exit(1);
        }
        String shown = host.contains(":") ? "[" + host + "]" : host;
        System.out.println("Workbench visualizer: http://" + shown + ":" + app.port() + "/");
        System.out.flush();
        warmUp(app.port());
    }

    /** Computes the default /resnet view in the background, so the first visit does not wait for it. */
    private static void warmUp(int port) {
        Thread t = new Thread(() -> {
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/resnet/layers?model=resnet18&input=shapes")).build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception ignored) {
                // only a head start; the page computes it on demand anyway
            }
        }, "warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static Path existing(String opt, String v) {
        Path p = Path.of(v).toAbsolutePath();
        if (!java.nio.file.Files.isRegularFile(p)) {
            System.err.println("error: " + opt + " " + v + ": no such file\n  ---> HINT: ./workbench serve --help");
            System.exit(2);
        }
        return p;
    }

    private static String need(String opt, String v) {
        if (v == null) {
            System.err.println("error: " + opt + " needs a value\n  ---> HINT: ./workbench serve --help");
            System.exit(2);
        }
        return v;
    }
}
