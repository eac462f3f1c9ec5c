/*
 * A visualizer on a free port of 127.0.0.1 for tests, over the checkout's golden data and with
 * small upload limits (so the 413 path is cheap to reach). One server per test class.
 * Not here: assertions (the test classes).
 */
package workbench.web;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

final class TestServer implements AutoCloseable {
    static final long IMAGE_LIMIT = 2L << 20, CHECKPOINT_LIMIT = 8L << 20;

    final Workbench wb;
    final Javalin app;
    final HttpClient http = HttpClient.newHttpClient();

    TestServer() {
        this(defaults());
    }

    /** A server over {@code options}, e.g. defaults() with VGGish weights. */
    TestServer(Workbench.Options options) {
        wb = new Workbench(options);
        app = VisualizerApp.create(wb).start("127.0.0.1", 0);
    }

    /** The checkout's golden data and the small test limits. */
    static Workbench.Options defaults() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        return Workbench.Options.defaults(root).withLimits(IMAGE_LIMIT, CHECKPOINT_LIMIT);
    }

    String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> postJson(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST /api/upload with one multipart field "file". */
    HttpResponse<String> upload(String filename, byte[] content) throws Exception {
        String boundary = "----wb" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return http.send(HttpRequest.newBuilder(URI.create(url("/api/upload")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        app.stop();
        wb.close();
    }
}
