/*
 * /ssd page API (chapter 05): torchvision's SSD300 default boxes per feature-map level (JSON counts and
 * labels, boxes as float32), matching of a user-drawn ground-truth box with caffe's rule and
 * torchvision's rule plus the hard negatives (torchvision's mining on the model's background loss),
 * and detections after NMS. The model is SSD300-VGG16 with seeded random-initialised weights (seed 0)
 * or the user's uploaded SSD checkpoint; its forward pass runs once per input (SSE /api/ssd/run
 * reports progress) and is cached.
 * Not here: caffe's PriorBox geometry (the page shows torchvision's boxes and both matching rules on them).
 */
package workbench.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import workbench.nn.Trace;
import workbench.nn.StateDictMismatchException;
import workbench.resnet.ResNets;
import workbench.ssd.Boxes;
import workbench.ssd.DefaultBoxGenerator;
import workbench.ssd.Detections;
import workbench.ssd.Matcher;
import workbench.ssd.SSD;
import workbench.ssd.SsdCheckpoints;
import workbench.ssd.SsdConfig;
import workbench.tensor.Tensor;

public final class SsdController {
    static final int SIZE = 300;
    static final int[] MAPS = {38, 19, 10, 5, 3, 1};
    static final String[] VOC = {"background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair",
        "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor"};

    /** One forward pass: class logits (D, K), detections after NMS, in 300x300 pixels. */
    record Forward(Tensor clsLogits, Detections detections, int numClasses, double millis) {}

    private final Workbench wb;
    private final Inputs inputs;
    private final SsdConfig config = SsdConfig.ssd300(SsdConfig.VOC_CLASSES);
    private final Tensor anchors;                                  // (8732, 4) x1, y1, x2, y2 in pixels
    private final Memo<String, SSD> models = new Memo<>(3);
    private final Memo<String, Forward> forwards = new Memo<>(8);
    private final ObjectMapper json = new ObjectMapper();

    SsdController(Workbench wb, Inputs inputs) {
        this.wb = wb;
        this.inputs = inputs;
        int[][] grids = new int[MAPS.length][];
        for (int i = 0; i < MAPS.length; i++) grids[i] = new int[] {MAPS[i], MAPS[i]};
        this.anchors = config.anchorGenerator().anchors(grids, SIZE, SIZE);
    }

    public void priors(Context ctx) {
        checkSize(ctx);
        DefaultBoxGenerator g = config.anchorGenerator();
        int[] a = g.numAnchorsPerLocation();
        List<Map<String, Object>> levels = new ArrayList<>();
        int offset = 0, total = 0;
        for (int k = 0; k < MAPS.length; k++) {
            List<String> kinds = new ArrayList<>(List.of("1:1 s_k", "1:1 s'_k"));
            for (int r : config.aspectRatios()[k]) {
                kinds.add(r + ":1");
                kinds.add("1:" + r);
            }
            int count = MAPS[k] * MAPS[k] * a[k];
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", k);
            m.put("fmap", MAPS[k]);
            m.put("step", config.steps()[k]);
            m.put("scale", config.scales()[k]);
            m.put("anchorsPerLocation", a[k]);
            m.put("kinds", kinds);
            m.put("count", count);
            m.put("offset", offset);
            levels.add(m);
            offset += count;
            total += count;
        }
        ctx.json(Map.of("size", SIZE, "total", total, "levels", levels, "order", "level, then y, then x, then kind"));
    }

    /** Boxes (x1, y1, x2, y2) in pixels as float32 (D, 4); `level=k` gives one level's rows only. */
    public void priorBoxes(Context ctx) {
        checkSize(ctx);
        String lv = ctx.queryParam("level");
        int from = 0, count = anchors.dim(0);
        if (lv != null && !lv.isBlank()) {
            int k = VisualizerApp.parseInt(lv, "level", 0, MAPS.length - 1);
            int[] a = config.numAnchors();
            for (int i = 0; i < k; i++) from += MAPS[i] * MAPS[i] * a[i];
            count = MAPS[k] * MAPS[k] * a[k];
        }
        ctx.contentType("application/octet-stream");
        ctx.header("X-Shape", count + ",4");
        ctx.result(ResnetController.floats(anchors.data(), 4 * from, 4 * count));
    }

    static void checkSize(Context ctx) {
        String size = ctx.queryParam("size");
        if (size != null && !size.equals(String.valueOf(SIZE))) {
            throw ApiError.badRequest("size " + size + " is not shown here", "this page shows SSD300 (size=300); SSD512 is in the chapter's command line");
        }
    }

    public void inputs(Context ctx) {
        List<Map<String, Object>> models = new ArrayList<>();
        models.add(Map.of("id", "random", "label", "SSD300-VGG16, VOC classes (random-initialised, seed 0)"));
        for (Uploads.Upload u : wb.uploads().all()) {
            if (u.kind().equals("ssd")) models.add(Map.of("id", u.id(), "label", "SSD300-VGG16 (" + u.filename() + ")"));
        }
        List<Map<String, Object>> in = new ArrayList<>();
        for (String d : DemoImages.NAMES) in.add(Map.of("id", d, "label", d + " (built-in)"));
        for (Uploads.Upload u : wb.uploads().all()) if (u.kind().equals("image")) in.add(Map.of("id", u.id(), "label", u.filename()));
        ctx.json(Map.of("models", models, "inputs", in));
    }

    SSD model(String id) {
        String key = id == null || id.isBlank() ? "random" : id;
        if (key.equals("random")) return models.get(key, () -> ResNets.randomize(new SSD(config), 0));
        Uploads.Upload u = wb.uploads().get(key);
        if (!u.kind().equals("ssd")) {
            throw ApiError.badRequest(key + " (" + u.filename() + ") is a " + u.kind() + " upload, not an SSD checkpoint",
                    "upload torchvision's ssd300_vgg16 state_dict");
        }
        return models.get(key, () -> {
            int k = SsdCheckpoints.numClasses(u.stateDict().asMap(), config).orElse(SsdConfig.VOC_CLASSES);
            SSD m = new SSD(config.withNumClasses(k));
            try {
                SsdCheckpoints.load(m, u.stateDict().asMap(), u.filename());
            } catch (StateDictMismatchException e) {
                throw ApiError.unprocessable(VisualizerApp.firstLine(e.getMessage()), "upload an unmodified ssd300_vgg16 state_dict");
            }
            return m;
        });
    }

    Forward forward(String modelId, String input, DoubleConsumer progress) {
        SSD net = model(modelId);
        Tensor rgb = inputs.image(input, SIZE);
        return forwards.get((modelId == null ? "random" : modelId) + "|" + (input == null ? "shapes" : input), () -> {
            int expected = net.namedModules().size();
            AtomicInteger seen = new AtomicInteger();
            Trace t = new Trace(n -> false) {
                @Override
                public boolean wants(String name) { return false; }

                @Override
                public void record(String name, Tensor x) {
                    if (progress != null) progress.accept(Math.min(0.99, seen.incrementAndGet() / (double) expected));
                }
            };
            long t0 = System.nanoTime();
            Tensor x = net.transform(rgb);
            SSD.Outputs o = net.run(x, new workbench.nn.Context(wb.vectorized(), t));
            Detections d = net.postProcess.apply(o.bboxRegression(), o.clsLogits(), 0, o.anchors(), SIZE, SIZE);
            int k = o.clsLogits().dim(2);
            return new Forward(o.clsLogits().reshape(o.clsLogits().dim(1), k), d, k, (System.nanoTime() - t0) / 1e6);
        });
    }

    public void run(SseClient client) {
        Context ctx = client.ctx();
        String model = ctx.queryParam("model"), input = ctx.queryParam("input");
        try {
            Forward f = forward(model, input, p -> client.sendEvent("progress", Map.of("fraction", p)));
            client.sendEvent("done", Map.of("millis", f.millis(), "detections", f.detections().size()));
        } catch (ApiError e) {
            client.sendEvent("failed", Map.of("error", e.getMessage(), "hint", e.hint()));
        } catch (RuntimeException | Error e) {
            System.err.println("workbench serve: " + ctx.path() + " failed: " + e);
            client.sendEvent("failed", Map.of("error", VisualizerApp.firstLine(String.valueOf(e.getMessage())), "hint", "the server log has the details"));
        }
        client.close();
    }

    public void detections(Context ctx) {
        Forward f = forward(ctx.queryParam("model"), ctx.queryParam("input"), null);
        Detections d = f.detections();
        List<Map<String, Object>> out = new ArrayList<>();
        float[] b = d.boxes().data();
        for (int i = 0; i < d.size(); i++) {
            int label = d.labels()[i];
            out.add(Map.of("box", new float[] {b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3]}, "score", d.scores()[i],
                    "label", label, "name", f.numClasses() == VOC.length && label < VOC.length ? VOC[label] : "class " + label));
        }
        ctx.json(Map.of("size", SIZE, "count", d.size(), "millis", f.millis(), "detections", out,
                "note", "after torchvision's post-processing: score > 0.01, NMS IoU 0.45, at most 200"));
    }

    /**
     * Body: {"boxes": [[x1, y1, x2, y2], ...]} (or one "box") in 300x300 pixels, "input": id, "model": id.
     * With one box both rules pick the same priors; with several, caffe's greedy bipartite step and
     * torchvision's per-box best prior can disagree, and the answer lists where.
     */
    public void match(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (Exception e) {
            throw ApiError.badRequest("the body is not JSON", "send {\"boxes\": [[x1, y1, x2, y2]]} in 300x300 pixels");
        }
        List<JsonNode> given = new ArrayList<>();
        if (body != null && body.get("boxes") != null && body.get("boxes").isArray()) body.get("boxes").forEach(given::add);
        else if (body != null && body.get("box") != null) given.add(body.get("box"));
        if (given.isEmpty() || given.size() > 16) {
            throw ApiError.badRequest("send one to 16 boxes as 'boxes': [[x1, y1, x2, y2], ...]", "coordinates are pixels of the 300x300 input");
        }
        float[] gt = new float[4 * given.size()];
        for (int b = 0; b < given.size(); b++) {
            JsonNode box = given.get(b);
            if (!box.isArray() || box.size() != 4) {
                throw ApiError.badRequest("box " + b + " is not [x1, y1, x2, y2]", "coordinates are pixels of the 300x300 input");
            }
            for (int i = 0; i < 4; i++) {
                if (!box.get(i).isNumber()) throw ApiError.badRequest("box " + b + "[" + i + "] is not a number", "coordinates are pixels of the 300x300 input");
                gt[4 * b + i] = (float) box.get(i).asDouble();
            }
            if (gt[4 * b + 2] - gt[4 * b] < 1 || gt[4 * b + 3] - gt[4 * b + 1] < 1) {
                throw ApiError.unprocessable("box " + b + " " + box + " is empty", "x2 must exceed x1 and y2 exceed y1 by at least a pixel");
            }
        }
        String model = body.path("model").asText("random"), input = body.path("input").asText("shapes");
        float[][] q = Boxes.iou(Tensor.of(gt, given.size(), 4), anchors);
        int[] tv = Matcher.ssdMatch(q, 0.5f);
        int[] caffe = Matcher.caffeMatch(q, 0.5f);
        int d = anchors.dim(0);
        List<Integer> tvPos = new ArrayList<>(), caffePos = new ArrayList<>(), tvGt = new ArrayList<>(), caffeGt = new ArrayList<>(), differ = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            if (tv[j] >= 0) { tvPos.add(j); tvGt.add(tv[j]); }
            if (caffe[j] >= 0) { caffePos.add(j); caffeGt.add(caffe[j]); }
            if (tv[j] != caffe[j]) differ.add(j);
        }
        // torchvision's hard negative mining: background cross-entropy of every negative, the 3 x positives largest
        Forward f = forward(model, input, null);
        float[] logits = f.clsLogits().data();
        int k = f.numClasses();
        List<Integer> negatives = new ArrayList<>();
        for (int j = 0; j < d; j++) if (tv[j] < 0) negatives.add(j);
        double[] loss = new double[d];
        for (int j : negatives) loss[j] = backgroundLoss(logits, j * k, k);
        negatives.sort((a, b) -> Double.compare(loss[b], loss[a]));
        List<Integer> hard = negatives.subList(0, Math.min(negatives.size(), 3 * tvPos.size()));
        List<Map<String, Object>> perBox = new ArrayList<>();
        for (int b = 0; b < given.size(); b++) {
            int best = argmax(q[b]);
            perBox.add(Map.of("box", Arrays.copyOfRange(gt, 4 * b, 4 * b + 4), "bestPrior", best, "bestIou", q[b][best]));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("boxes", perBox);
        out.put("torchvision", Map.of("rule", "SSDMatcher: IoU >= 0.5, then each box's best prior forced to it", "positives", tvPos, "gt", tvGt));
        out.put("caffe", Map.of("rule", "MatchBBox: greedy bipartite (largest overlap first, one prior per box), then per prediction IoU >= 0.5",
                "positives", caffePos, "gt", caffeGt));
        out.put("differ", differ);
        out.put("hardNegatives", Map.of("rule", "torchvision: negatives with the largest background loss, 3 per positive", "indices", List.copyOf(hard)));
        out.put("bestPrior", perBox.get(0).get("bestPrior"));
        out.put("bestIou", perBox.get(0).get("bestIou"));
        ctx.json(out);
    }

    static double backgroundLoss(float[] logits, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) max = Math.max(max, logits[off + i]);
        double s = 0;
        for (int i = 0; i < k; i++) s += Math.exp(logits[off + i] - max);
        return Math.log(s) + max - logits[off];
    }

    private static int argmax(float[] q) {
        int best = 0;
        for (int j = 1; j < q.length; j++) if (q[j] > q[best]) best = j;
        return best;
    }

    static int[] maps() { return Arrays.copyOf(MAPS, MAPS.length); }
}
