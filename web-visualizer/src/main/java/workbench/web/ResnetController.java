/*
 * /resnet page API (chapter 01): the models on offer (seeded random-initialised ResNets, and the user's
 * uploaded ResNet checkpoints), the layer list of a model on an input, and one layer's feature map as
 * little-endian float32 (C, H, W) - or one channel with `channel=` - with its shape in the X-Shape header.
 * Inputs are small (64x64 for ImageNet models, 32x32 for CIFAR models) and results are cached.
 * Not here: the rendering (resnet.js), whole-model speed (the /golden page's bench table).
 */
package workbench.web;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import workbench.nn.Module;
import workbench.nn.StateDictLoader;
import workbench.nn.StateDictMismatchException;
import workbench.resnet.CifarResNet;
import workbench.resnet.ResNets;
import workbench.tensor.Tensor;

public final class ResnetController {
    /** Built-in models, all with seeded random weights (seed 0). */
    static final List<String> BUILT_IN = List.of("resnet18", "resnet34", "resnet50", "resnet20_cifar", "plain18");

    private final Workbench wb;
    private final Inputs inputs;
    private final Memo<String, Module> models = new Memo<>(8);
    private final Memo<String, ResnetAnalysis> analyses = new Memo<>(12);

    ResnetController(Workbench wb, Inputs inputs) {
        this.wb = wb;
        this.inputs = inputs;
    }

    public void models(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : BUILT_IN) {
            out.add(Map.of("id", name, "label", name + " (random-initialised, seed 0)", "weights", "random-initialised"));
        }
        for (Uploads.Upload u : wb.uploads().all()) {
            if (u.kind().equals("resnet")) {
                out.add(Map.of("id", u.id(), "label", u.model() + " (" + u.filename() + ")", "weights", "checkpoint " + u.filename()));
            }
        }
        ctx.json(Map.of("models", out, "inputs", inputList()));
    }

    List<Map<String, Object>> inputList() {
        List<Map<String, Object>> in = new ArrayList<>();
        for (String d : DemoImages.NAMES) in.add(Map.of("id", d, "label", d + " (built-in)"));
        for (Uploads.Upload u : wb.uploads().all()) if (u.kind().equals("image")) in.add(Map.of("id", u.id(), "label", u.filename()));
        return in;
    }

    Module model(String id) {
        if (id == null || id.isBlank()) id = "resnet18";
        String key = id;
        if (BUILT_IN.contains(id)) return models.get(key, () -> ResNets.randomize(ResNets.create(key), 0));
        if (id.startsWith("upload-")) {
            Uploads.Upload u = wb.uploads().get(id);
            if (!u.kind().equals("resnet")) {
                throw ApiError.badRequest(id + " (" + u.filename() + ") is a " + u.kind() + " upload, not a ResNet checkpoint",
                        "upload a torchvision ResNet state_dict (resnet18 ... resnet152) or a CIFAR ResNet");
            }
            return models.get(key, () -> {
                Module m = ResNets.create(u.model());
                try {
                    StateDictLoader.load(m, u.stateDict().asMap(), u.filename(), u.model(), ResNets::guessArchitecture);
                } catch (StateDictMismatchException e) {
                    throw ApiError.unprocessable(e.getMessage().lines().findFirst().orElse("checkpoint does not fit"),
                            "the keys look like " + u.model() + " but some shapes or keys differ; save the state_dict of an unmodified model");
                }
                return m;
            });
        }
        throw ApiError.notFound("no model '" + id + "'", "models: " + String.join(", ", BUILT_IN) + ", or an uploaded ResNet checkpoint's id");
    }

    ResnetAnalysis analysis(Context ctx) {
        return analysis(ctx.queryParam("model"), ctx.queryParam("input"), null);
    }

    ResnetAnalysis analysis(String model, String in, DoubleConsumer progress) {
        String modelId = model == null ? "resnet18" : model;
        String input = in == null ? "shapes" : in;
        Module net = model(modelId);
        int size = net instanceof CifarResNet ? 32 : 64;
        Tensor rgb = inputs.image(input, size);
        return analyses.get(modelId + "|" + input, () -> new ResnetAnalysis(modelId, net, rgb, wb.naive(), wb.vectorized(), progress));
    }

    /** SSE: runs (or finds cached) the analysis, with "progress" events, then "done". */
    public void run(SseClient client) {
        Context ctx = client.ctx();
        try {
            long[] last = {0};
            analysis(ctx.queryParam("model"), ctx.queryParam("input"), f -> {
                long now = System.nanoTime();
                if (now - last[0] > 100_000_000L || f >= 1) {             // at most ten events a second
                    last[0] = now;
                    client.sendEvent("progress", Map.of("fraction", f));
                }
            });
            client.sendEvent("done", Map.of("ready", true));
        } catch (ApiError e) {
            client.sendEvent("failed", Map.of("error", e.getMessage(), "hint", e.hint()));
        } catch (RuntimeException | Error e) {
            System.err.println("workbench serve: " + ctx.path() + " failed: " + e);
            client.sendEvent("failed", Map.of("error", VisualizerApp.firstLine(String.valueOf(e.getMessage())), "hint", "the server log has the details"));
        }
        client.close();
    }

    public void layers(Context ctx) {
        ResnetAnalysis a = analysis(ctx);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (ResnetAnalysis.Layer l : a.layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("type", l.type());
            m.put("shape", l.shape());
            m.put("min", l.min());
            m.put("max", l.max());
            m.put("featureMap", l.shape().length == 4);
            if (l.rf() != null) m.put("rf", Map.of("size", l.rf().size(), "jump", l.rf().jump(), "start", l.rf().start()));
            m.put("maxDiff", Double.isNaN(l.maxDiff()) ? null : l.maxDiff());
            m.put("naiveMs", l.naiveMs());
            m.put("vectorizedMs", l.vectorizedMs());
            layers.add(m);
        }
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (ResnetAnalysis.Block b : a.blocks) {
            blocks.add(Map.of("name", b.name(), "residualRms", b.residualRms(), "shortcutRms", b.shortcutRms(), "projection", b.projection()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", a.model);
        out.put("inputSize", a.size);
        out.put("globalMin", a.globalMin);
        out.put("globalMax", a.globalMax);
        out.put("layers", layers);
        out.put("blocks", blocks);
        out.put("naive", wb.naive().name());
        out.put("vectorized", wb.vectorized().name());
        ctx.json(out);
    }

    public void featureMap(Context ctx) {
        ResnetAnalysis a = analysis(ctx);
        String layer = ctx.queryParam("layer");
        if (layer == null || layer.isBlank()) throw ApiError.badRequest("missing query parameter 'layer'", "pass a layer name from /api/resnet/layers, e.g. layer1.0.conv1");
        Tensor t = a.trace.get(layer);
        if (t == null) throw ApiError.notFound("no layer '" + layer + "' in " + a.model, "pick a name from /api/resnet/layers");
        if (t.rank() != 4) throw ApiError.badRequest("layer '" + layer + "' has shape " + t.shapeString() + ", not a feature map", "pick a layer with an (N, C, H, W) output");
        String ch = ctx.queryParam("channel");
        ctx.header("X-Min", Float.toString(t.min()));          // the layer's range, also for one channel
        ctx.header("X-Max", Float.toString(t.max()));
        ctx.contentType("application/octet-stream");
        int plane = t.dim(2) * t.dim(3);
        if (ch == null || ch.isBlank()) {
            ctx.header("X-Shape", t.dim(1) + "," + t.dim(2) + "," + t.dim(3));
            ctx.result(floats(t.data(), 0, t.dim(1) * plane));
        } else {
            int c = VisualizerApp.parseInt(ch, "channel", 0, t.dim(1) - 1);
            ctx.header("X-Shape", "1," + t.dim(2) + "," + t.dim(3));
            ctx.result(floats(t.data(), c * plane, plane));
        }
    }

    public void input(Context ctx) {
        ResnetAnalysis a = analysis(ctx);
        ctx.contentType("image/png");
        ctx.result(Inputs.png(a.input));
    }

    static byte[] floats(float[] d, int from, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putFloat(d[from + i]);
        return b.array();
    }
}
