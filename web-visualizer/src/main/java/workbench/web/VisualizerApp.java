/*
 * VisualizerApp.create(Workbench): the configured Javalin server of the web visualizer - static pages
 * and assets from the jar (public/), the API route groups per page (/api/resnet, /api/ssd,
 * /api/reparam, /api/golden, /api/vggish, /api/portrait, uploads and images; the lessons at /lesson/NN-slug), SSE
 * for long jobs, and the mapping of every exception to JSON {error, hint} with the right status
 * (never a stack trace).
 * `VisualizerMain` only starts it; tests call create() with a small workbench.
 * Not here: computations (the controllers and their analysis classes).
 */
package workbench.web;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

public final class VisualizerApp {
    private VisualizerApp() {}

    /** Pages served at their own paths, from public/<name>.html. */
    static final String[] PAGES = {"resnet", "ssd", "reparam", "golden", "vggish", "portrait"};

    public static Javalin create(Workbench wb) {
        Inputs inputs = new Inputs(wb);
        UploadController uploads = new UploadController(wb);
        ResnetController resnet = new ResnetController(wb, inputs);
        SsdController ssd = new SsdController(wb, inputs);
        ReparamController reparam = new ReparamController(wb);
        GoldenController golden = new GoldenController(wb);
        VggishController vggish = new VggishController(wb);
        PortraitController portrait = new PortraitController(wb);
        LessonController lessons = new LessonController(wb);
        String staticDir = System.getenv("WB_WEB_STATIC");         // live editing: serve public/ from a folder
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            if (staticDir != null && !staticDir.isBlank()) cfg.staticFiles.add(staticDir, Location.EXTERNAL);
            else cfg.staticFiles.add("/public", Location.CLASSPATH);
            cfg.http.maxRequestSize = 1L << 20;                    // JSON bodies; uploads are multipart, limited below
            cfg.jetty.multipartConfig.cacheDirectory(wb.tempRoot().toString());
            cfg.jetty.multipartConfig.maxFileSize(UploadController.readLimit(wb), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(UploadController.readLimit(wb), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(8, SizeUnit.MB);
            cfg.routes.apiBuilder(() -> {
                for (String page : PAGES) get(page, ctx -> page(ctx, page));
                get("lesson/{chapter}", safe(lessons::page));
                path("api", () -> {
                    get("images", ctx -> ctx.json(Map.of("inputs", resnet.inputList())));
                    get("images/{id}", safe(ctx -> image(ctx, inputs)));
                    post("upload", safe(ctx -> { uploads.limit(ctx); uploads.upload(ctx); }));
                    get("uploads", safe(uploads::list));
                    path("resnet", () -> {
                        get("models", safe(resnet::models));
                        get("layers", safe(resnet::layers));
                        get("featuremap", safe(resnet::featureMap));
                        get("input.png", safe(resnet::input));
                    });
                    path("ssd", () -> {
                        get("priors", safe(ssd::priors));
                        get("priors.bin", safe(ssd::priorBoxes));
                        post("match", safe(ssd::match));
                        get("detections", safe(ssd::detections));
                        get("inputs", safe(ssd::inputs));
                    });
                    path("reparam", () -> {
                        get("kernels", safe(reparam::kernels));
                        get("blocks", safe(reparam::blocks));
                        get("timing", safe(reparam::timing));
                    });
                    path("vggish", () -> {
                        get("inputs", safe(vggish::inputs));
                        get("analysis", safe(vggish::analysis));
                        get("stft.bin", safe(vggish::stft));
                        get("logmel.bin", safe(vggish::logMel));
                        get("examples.bin", safe(vggish::examples));
                        get("mel-matrix.bin", safe(vggish::melMatrix));
                        get("demo.wav", safe(vggish::demoWav));
                    });
                    path("portrait", () -> {
                        get("inputs", safe(portrait::inputs));
                        get("structure", safe(portrait::structure));
                        get("complexity", safe(portrait::complexity));
                        get("edge", safe(portrait::edge));
                        get("edge.png", safe(portrait::edgePng));
                        get("blend", safe(portrait::blendJson));
                        get("blend.png", safe(portrait::blendPng));
                        get("identity", safe(portrait::identityJson));
                        get("identity.png", safe(portrait::identityPng));
                        get("temporal", safe(portrait::temporalJson));
                        get("temporal.png", safe(portrait::temporalPng));
                    });
                    path("golden", () -> {
                        get("cases", safe(golden::cases));
                        get("results", safe(golden::results));
                        get("bench", safe(golden::bench));
                    });
                });
            });
            cfg.routes.sse("/api/golden/run", golden::run);
            cfg.routes.sse("/api/resnet/run", resnet::run);
            cfg.routes.sse("/api/ssd/run", ssd::run);
            cfg.routes.sse("/api/golden/bench/run", golden::runBench);
            cfg.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.hint()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(),
                    e.getStatus() == 404 ? "pages: /, /resnet, /ssd, /reparam, /golden, /vggish, /portrait; the API lives under /api" : "check the request"));
            cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 422, firstLine(e.getMessage()), hintOf(e.getMessage())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                System.err.println("workbench serve: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                error(ctx, 500, "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())),
                        "this is a bug in the visualizer; the server log has the details");
            });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, 404, "nothing at " + ctx.path(), "pages: /, /resnet, /ssd, /reparam, /golden, /vggish, /portrait; the API lives under /api");
                }
            });
        });
    }

    /**
     * A handler whose Errors (out of memory on a huge checkpoint, a class missing from a rebuilt jar)
     * reach the exception mapping as exceptions, so they too answer JSON rather than Jetty's page.
     */
    static Handler safe(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (OutOfMemoryError e) {
                throw ApiError.unprocessable("the server ran out of memory for this request",
                        "use a smaller checkpoint, or start the server with more heap (JAVA_TOOL_OPTIONS=-Xmx8g)");
            } catch (Error e) {
                throw new IllegalStateException(e.toString(), e);
            }
        };
    }

    static void error(Context ctx, int status, String error, String hint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error == null ? "error" : error);
        body.put("hint", hint == null ? "" : hint);
        ctx.status(status).json(body);
    }

    static String firstLine(String s) {
        return s == null ? "error" : s.lines().findFirst().orElse(s);
    }

    static String hintOf(String s) {
        if (s == null) return "";
        int i = s.indexOf("HINT:");
        return i < 0 ? "check the request's parameters" : s.substring(i + 5).trim();
    }

    static void page(Context ctx, String page) {
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(resource("public/" + page + ".html"));
    }

    static byte[] resource(String name) {
        try (InputStream in = VisualizerApp.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw ApiError.notFound("missing page " + name, "the jar was built without its pages; rebuild with ./workbench build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void image(Context ctx, Inputs inputs) {
        String id = ctx.pathParam("id");
        if (id.endsWith(".png")) id = id.substring(0, id.length() - 4);
        String s = ctx.queryParam("size");
        int size = s == null ? 256 : parseInt(s, "size", 8, 1024);
        ctx.contentType("image/png");
        ctx.result(Inputs.png(inputs.image(id, size)));
    }

    static int parseInt(String s, String name, int lo, int hi) {
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + name + "' is '" + s + "', not a whole number", name + " takes a whole number in [" + lo + ", " + hi + "]");
        }
        if (v < lo || v > hi) throw ApiError.badRequest(name + " = " + v + " is out of range", name + " takes a whole number in [" + lo + ", " + hi + "]");
        return v;
    }
}
