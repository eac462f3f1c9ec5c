/*
 * /portrait page API (chapter 04, portrait background replacement). Every number is computed by the
 * chapter's classes; this file parses parameters, caches results (Memo) and answers small JSON or PNG:
 *   /api/portrait/inputs          pictures (built-in synthetic portrait, uploaded pictures), backgrounds, twins,
 *                                 blend modes with their definitions, the panels and their lesson links
 *   /api/portrait/structure       DeepLabv3+ (ResNet-50) at output stride 16 or 8, read from the model tree: each
 *                                 stage's blocks (stride, dilation, padding of conv2), the ASPP branches, the
 *                                 tensor shapes of a pass at ?size= (CountingKernels: shapes, no arithmetic)
 *   /api/portrait/complexity      DeepLabComplexity.table(): parameters and conv multiply-adds at 513x513
 *   /api/portrait/edge(.png)      EdgeCorrection.run on a picture and a probability: threshold, largest component,
 *                                 holes filled, opening, closing (= cleaned mask), guided-filter matte, outline band
 *   /api/portrait/blend(.png)     Blender P0..P6 of that matte onto a background; one frame, so P6 equals its base
 *   /api/portrait/identity(.png)  SeamlessClone of the picture onto itself in a w x h rectangle: OpenCV precision
 *                                 (float32 eigenvalues, truncation) against TEXTBOOK (double, rounding)
 *   /api/portrait/temporal(.png)  the smoothers of Sec. 5.2 and TemporalMetrics on the committed noisy clip
 *                                 golden-tests/data/portrait_video/temporal_noisy_64x48 (the lesson's table)
 * Not here: drawing (portrait.js), the chapter's algorithms, video files (./workbench run portrait).
 */
package workbench.web;

import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import workbench.io.NpyReader;
import workbench.kernels.CountingKernels;
import workbench.nn.Conv2d;
import workbench.nn.MaxPool2d;
import workbench.nn.Module;
import workbench.nn.Trace;
import workbench.portrait.DeepLabComplexity;
import workbench.portrait.DeepLabConfig;
import workbench.portrait.DeepLabV3Plus;
import workbench.portrait.blend.BlendMode;
import workbench.portrait.blend.BlendOptions;
import workbench.portrait.blend.Blender;
import workbench.portrait.blend.CloneFlag;
import workbench.portrait.blend.NaivePoisson;
import workbench.portrait.blend.PoissonOps;
import workbench.portrait.blend.SeamlessClone;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;
import workbench.portrait.matte.EdgeCorrection;
import workbench.portrait.matte.GuidedFilterOps;
import workbench.portrait.matte.NaiveGuidedFilter;
import workbench.portrait.temporal.EmaSmoother;
import workbench.portrait.temporal.GatedEmaSmoother;
import workbench.portrait.temporal.HysteresisSmoother;
import workbench.portrait.temporal.MaskSmoother;
import workbench.portrait.temporal.TemporalMetrics;
import workbench.tensor.Tensor;
import workbench.vectorized.portrait.PanamaGuidedFilter;
import workbench.vectorized.portrait.PanamaPoisson;

public final class PortraitController {
    static final String LESSON = "04-portrait";
    static final List<String> IMPLS = List.of("vectorized", "naive");
    static final List<String> EDGE_STAGES = List.of("picture", "truth", "probability", "threshold", "largest", "filled", "opened", "mask", "matte", "band");
    /** The committed clip of the temporal panel (lesson Sec. 5.3 measures on it). */
    static final String CLIP = "portrait_video/temporal_noisy_64x48";
    /** The noise seed of the built-in portrait unless ?seed= says otherwise. */
    static final long DEMO_SEED = 4;

    /** One panel of the page: what it shows, the Java it calls, where the lesson explains it. */
    record Panel(String id, String title, String java, List<String> lessonHeadings) {}

    static final List<Panel> PANELS = List.of(
            new Panel("structure", "Output stride, dilations and ASPP rates", "DeepLabConfig, DeepLabV3Plus (model tree), ASPP, DeepLabComplexity",
                    List.of("1.2", "1.3", "1.7")),
            new Panel("edge", "Mask edge correction: probability, cleaned mask, matte, outline band",
                    "EdgeCorrection.run (MaskCleanup, GuidedFilterOps: NaiveGuidedFilter / PanamaGuidedFilter), Result.band",
                    List.of("2.2", "2.3", "2.4")),
            new Panel("blend", "Blending variants P0-P6, and the identity clone", "Blender.create(mode, BlendOptions, PoissonOps).blend, SeamlessClone.solve",
                    List.of("3.4", "3.5")),
            new Panel("temporal", "Temporal smoothing: IoU, naive flicker and dtSSD", "EmaSmoother, GatedEmaSmoother, HysteresisSmoother, TemporalMetrics",
                    List.of("5.2", "5.3")));

    record EdgeParams(String input, String mask, long seed, float threshold, int kernel, int radius, double eps, String impl) {
        String key() { return String.join("|", input, String.valueOf(mask), Long.toString(seed), Float.toString(threshold), Integer.toString(kernel),
                Integer.toString(radius), Double.toString(eps), impl); }
    }

    record EdgeRun(PortraitInputs.Source source, EdgeCorrection.Options options, EdgeCorrection.Result result, Image8 band, String ops, double ms) {}

    record BlendRun(EdgeRun edge, Image8 background, Map<BlendMode, Image8> out, Map<BlendMode, Double> ms, String ops) {}

    record IdentityRun(Image8 picture, int x, int y, int w, int h, Image8 opencv, Image8 textbook) {}

    record Method(String id, String label, List<Matte> mattes, TemporalMetrics metrics) {}

    private final Workbench wb;
    private final PortraitInputs inputs;
    private final Memo<String, Map<String, Object>> structures = new Memo<>(8);
    private final Memo<String, List<DeepLabComplexity.Row>> complexity = new Memo<>(1);
    private final Memo<String, EdgeRun> edges = new Memo<>(12);
    private final Memo<String, BlendRun> blends = new Memo<>(4);
    private final Memo<String, IdentityRun> identities = new Memo<>(6);
    private final Memo<String, List<Method>> temporals = new Memo<>(6);

    PortraitController(Workbench wb) {
        this.wb = wb;
        this.inputs = new PortraitInputs(wb);
    }

    // ---- parameters ----

    static double number(Context ctx, String name, double dflt, double lo, double hi) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) return dflt;
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + name + "' is '" + s + "', not a number", name + " takes a number in [" + lo + ", " + hi + "]");
        }
        if (!(v >= lo && v <= hi)) throw ApiError.badRequest(name + " = " + s + " is out of range", name + " takes a number in [" + lo + ", " + hi + "]");
        return v;
    }

    static int integer(Context ctx, String name, int dflt, int lo, int hi) {
        String s = ctx.queryParam(name);
        return s == null || s.isBlank() ? dflt : VisualizerApp.parseInt(s, name, lo, hi);
    }

    static String impl(Context ctx) {
        String impl = ctx.queryParam("impl");
        if (impl == null || impl.isBlank()) return "vectorized";
        if (!IMPLS.contains(impl)) throw ApiError.badRequest("impl is '" + impl + "'", "impl takes naive or vectorized (which twin runs the guided filter and the Poisson solves)");
        return impl;
    }

    static GuidedFilterOps filterOps(String impl) {
        return impl.equals("naive") ? NaiveGuidedFilter.INSTANCE : new PanamaGuidedFilter();
    }

    static PoissonOps poissonOps(String impl) {
        return impl.equals("naive") ? NaivePoisson.INSTANCE : new PanamaPoisson();
    }

    static EdgeParams edgeParams(Context ctx) {
        EdgeCorrection.Options d = EdgeCorrection.Options.defaults();
        String input = ctx.queryParam("input");
        return new EdgeParams(input == null || input.isBlank() ? "demo" : input, ctx.queryParam("mask"), integer(ctx, "seed", (int) DEMO_SEED, 0, 9999),
                (float) number(ctx, "threshold", d.threshold(), 0, 0.99), integer(ctx, "kernel", d.kernelSize(), 1, 31),
                integer(ctx, "radius", d.radius(), 0, 32), number(ctx, "eps", d.eps(), 0.001, 1e6), impl(ctx));
    }

    static List<Map<String, Object>> lessonLinks(Workbench wb, List<String> headings) {
        List<Map<String, Object>> links = new ArrayList<>();
        for (String h : headings) links.add(LessonController.link(wb, LESSON, h));
        return links;
    }

    // ---- inputs and panels ----

    public void inputs(Context ctx) {
        List<Map<String, Object>> pictures = new ArrayList<>();
        pictures.add(Map.of("id", "demo", "label", "built-in synthetic portrait (" + PortraitInputs.DEMO_W + "x" + PortraitInputs.DEMO_H + ")"));
        for (Uploads.Upload u : wb.uploads().all()) {
            if (u.kind().equals("image")) pictures.add(Map.of("id", u.id(), "label", u.filename() + " (uploaded)"));
        }
        List<Map<String, Object>> modes = new ArrayList<>();
        for (BlendMode m : BlendMode.values()) modes.add(Map.of("id", m.name(), "definition", m.definition(), "source", m.source()));
        List<Map<String, Object>> panels = new ArrayList<>();
        for (Panel p : PANELS) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("title", p.title());
            m.put("java", p.java());
            m.put("lesson", lessonLinks(wb, p.lessonHeadings()));
            panels.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pictures", pictures);
        out.put("backgrounds", PortraitInputs.SCENES);
        out.put("impls", IMPLS);
        out.put("flags", List.of(CloneFlag.values()));
        out.put("modes", modes);
        out.put("panels", panels);
        out.put("maxSide", PortraitInputs.MAX_SIDE);
        EdgeCorrection.Options d = EdgeCorrection.Options.defaults();
        out.put("defaults", Map.of("threshold", d.threshold(), "kernel", d.kernelSize(), "radius", d.radius(), "eps", d.eps(),
                "epsilon", BlendOptions.defaults().epsilon()));
        ctx.json(out);
    }

    // ---- (a) output stride, dilations, ASPP, complexity ----

    public void structure(Context ctx) {
        int os = integer(ctx, "os", 16, 8, 16);
        if (os != 8 && os != 16) throw ApiError.badRequest("os = " + os, "the output stride is 8 or 16 (Sec. 1.2)");
        int size = integer(ctx, "size", DeepLabComplexity.SIZE, 33, 1025);
        ctx.json(structures.get(os + "|" + size, () -> structure(os, size)));
    }

    static Map<String, Object> structure(int os, int size) {
        DeepLabConfig cfg = DeepLabConfig.of("resnet50", os, 21, DeepLabConfig.Layout.VAINF);
        DeepLabV3Plus model = new DeepLabV3Plus(cfg);
        Map<String, Module> tree = model.namedModules();
        // one pass on CountingKernels: every shape, no arithmetic
        Trace trace = new Trace(n -> n.matches("backbone\\.(conv1|maxpool|layer[1-4])") || n.matches("classifier(\\.(aspp|project))?"));
        Tensor logits = model.call(Tensor.zeros(1, 3, size, size), new workbench.nn.Context(new CountingKernels(), trace));
        int stride = ((Conv2d) tree.get("backbone.conv1")).spec.strideH() * ((MaxPool2d) tree.get("backbone.maxpool")).spec.strideH();
        List<Map<String, Object>> stages = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            List<Map<String, Object>> blocks = new ArrayList<>();
            for (int b = 0; tree.containsKey("backbone.layer" + i + "." + b); b++) {
                Conv2d c = (Conv2d) tree.get("backbone.layer" + i + "." + b + ".conv2");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", "layer" + i + "." + b + ".conv2");
                m.put("stride", c.spec.strideH());
                m.put("dilation", c.spec.dilationH());
                m.put("padding", c.spec.padH());
                blocks.add(m);
            }
            stride *= (Integer) blocks.get(0).get("stride");
            Tensor out = trace.tensors().get("backbone.layer" + i);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", "layer" + i);
            s.put("blocks", blocks);
            s.put("stride", stride);
            s.put("shape", out.shape());
            stages.add(s);
        }
        List<Map<String, Object>> aspp = new ArrayList<>();
        for (int k = 0; tree.containsKey("classifier.aspp.convs." + k); k++) {
            Module branch = tree.get("classifier.aspp.convs." + k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", "aspp.convs." + k);
            if (tree.get("classifier.aspp.convs." + k + ".0") instanceof Conv2d c) {
                m.put("kind", c.kh == 1 ? "1x1 conv" : c.kh + "x" + c.kw + " atrous conv");
                m.put("kernel", c.kh);
                m.put("dilation", c.spec.dilationH());
                m.put("padding", c.spec.padH());
            } else {
                m.put("kind", "image pooling (" + branch.describe() + ")");
            }
            aspp.add(m);
        }
        List<Map<String, Object>> shapes = new ArrayList<>();
        shapes.add(Map.of("name", "input", "shape", new int[] {1, 3, size, size}));
        trace.tensors().forEach((n, t) -> shapes.add(Map.of("name", n, "shape", t.shape())));
        shapes.add(Map.of("name", "logits (resized to the input)", "shape", logits.shape()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.describe());
        out.put("outputStride", cfg.outputStride());
        out.put("atrousRates", cfg.atrousRates());
        out.put("size", size);
        out.put("featureSize", trace.tensors().get("backbone.layer4").dim(2));
        out.put("stages", stages);
        out.put("aspp", aspp);
        out.put("shapes", shapes);
        out.put("parameters", model.parameterCount());
        return out;
    }

    public void complexity(Context ctx) {
        List<DeepLabComplexity.Row> rows = complexity.get("table", DeepLabComplexity::table);
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeepLabComplexity.Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", r.model());
            m.put("outputStride", r.outputStride());
            m.put("parameters", r.parameters());
            m.put("macs", r.macs());
            m.put("layer4", r.layer4Size());
            m.put("fact", r.fact());
            out.add(m);
        }
        ctx.json(Map.of("size", DeepLabComplexity.SIZE, "rows", out,
                "note", "conv multiply-adds of one 513x513 image, counted by running each model on CountingKernels (BN, ReLU, pooling, resizing not counted)"));
    }

    // ---- (b) edge correction ----

    EdgeRun edge(EdgeParams p) {
        PortraitInputs.Source src = inputs.source(p.input(), p.mask(), p.seed());     // validates before anything is cached
        EdgeCorrection.Options o = new EdgeCorrection.Options(p.threshold(), p.kernel(), p.radius(), p.eps());
        return edges.get(p.key(), () -> {
            GuidedFilterOps ops = filterOps(p.impl());
            long t0 = System.nanoTime();
            EdgeCorrection.Result r = EdgeCorrection.run(src.picture(), src.probability(), o, ops);
            double ms = (System.nanoTime() - t0) / 1e6;
            return new EdgeRun(src, o, r, r.band(2 * p.radius() + 1), ops.name(), ms);
        });
    }

    static int on(Image8 mask) {
        int n = 0;
        for (byte b : mask.data()) if (b != 0) n++;
        return n;
    }

    public void edge(Context ctx) {
        EdgeParams p = edgeParams(ctx);
        EdgeRun e = edge(p);
        EdgeCorrection.Result r = e.result();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", e.source().id());
        out.put("label", e.source().label());
        out.put("width", e.source().picture().width());
        out.put("height", e.source().picture().height());
        out.put("impl", p.impl());
        out.put("ops", e.ops());
        out.put("options", Map.of("threshold", e.options().threshold(), "kernel", e.options().kernelSize(), "radius", e.options().radius(), "eps", e.options().eps()));
        out.put("components", r.cleanup().components());
        Map<String, Object> px = new LinkedHashMap<>();
        px.put("threshold", on(r.cleanup().threshold()));
        px.put("largest", on(r.cleanup().largest()));
        px.put("filled", on(r.cleanup().filled()));
        px.put("opened", on(r.cleanup().opened()));
        px.put("mask", on(r.mask()));
        px.put("band", on(e.band()));
        out.put("pixels", px);
        int soft = 0;
        for (float a : r.matte().alpha()) if (a > 0f && a < 1f) soft++;
        out.put("softPixels", soft);
        out.put("bandWidth", 2 * p.radius() + 1);
        out.put("empty", r.empty());
        out.put("ms", e.ms());
        if (e.source().truth() != null) {
            float[] g = Matte.fromMask(e.source().truth()).alpha();
            Map<String, Object> iou = new LinkedHashMap<>();
            iou.put("threshold", TemporalMetrics.iou(Matte.fromMask(r.cleanup().threshold()).alpha(), g));
            iou.put("mask", TemporalMetrics.iou(Matte.fromMask(r.mask()).alpha(), g));
            iou.put("matte", TemporalMetrics.iou(r.matte().alpha(), g));
            out.put("iouWithTruth", iou);
        }
        out.put("stages", e.source().truth() == null ? EDGE_STAGES.stream().filter(s -> !s.equals("truth")).toList() : EDGE_STAGES);
        ctx.json(out);
    }

    public void edgePng(Context ctx) {
        String stage = ctx.queryParam("stage");
        if (stage == null || !EDGE_STAGES.contains(stage)) throw ApiError.badRequest("stage is '" + stage + "'", "stage is one of " + String.join(", ", EDGE_STAGES));
        EdgeRun e = edge(edgeParams(ctx));
        EdgeCorrection.Result r = e.result();
        Image8 img = switch (stage) {
            case "picture" -> e.source().picture();
            case "truth" -> {
                if (e.source().truth() == null) throw ApiError.notFound("an uploaded picture has no ground truth", "stage=truth exists for input=demo only");
                yield e.source().truth();
            }
            case "probability" -> PortraitInputs.grey(r.probability());
            case "threshold" -> r.cleanup().threshold();
            case "largest" -> r.cleanup().largest();
            case "filled" -> r.cleanup().filled();
            case "opened" -> r.cleanup().opened();
            case "mask" -> r.mask();
            case "matte" -> PortraitInputs.grey(r.matte());
            default -> e.band();
        };
        png(ctx, img);
    }

    static void png(Context ctx, Image8 img) {
        ctx.contentType("image/png");
        ctx.result(PortraitInputs.png(img));
    }

    // ---- (c) blending ----

    BlendRun blend(Context ctx) {
        EdgeParams p = edgeParams(ctx);
        String bgId = ctx.queryParam("background");
        String bg = bgId == null || bgId.isBlank() ? "scene" : bgId;
        CloneFlag flag = flag(ctx.queryParam("flag"));
        double epsilon = number(ctx, "epsilon", BlendOptions.defaults().epsilon(), 0, 1e8);
        EdgeRun e = edge(p);
        Image8 fg = e.source().picture();
        Image8 background = inputs.background(bg, fg.width(), fg.height());
        return blends.get(p.key() + "|" + bg + "|" + flag + "|" + epsilon, () -> {
            PoissonOps ops = poissonOps(p.impl());
            BlendOptions o = BlendOptions.defaults().withFlag(flag).withEpsilon(epsilon);
            Map<BlendMode, Image8> out = new LinkedHashMap<>();
            Map<BlendMode, Double> ms = new LinkedHashMap<>();
            for (BlendMode m : BlendMode.values()) {
                long t0 = System.nanoTime();
                out.put(m, Blender.create(m, o, ops).blend(fg, background, e.result().matte()));
                ms.put(m, (System.nanoTime() - t0) / 1e6);
            }
            return new BlendRun(e, background, out, ms, ops.name());
        });
    }

    static CloneFlag flag(String s) {
        if (s == null || s.isBlank()) return CloneFlag.NORMAL;
        try {
            return CloneFlag.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw ApiError.badRequest("flag is '" + s + "'", "flag is NORMAL, MIXED or MONOCHROME (cv2's seamlessClone flags 1, 2, 3)");
        }
    }

    public void blendJson(Context ctx) {
        BlendRun b = blend(ctx);
        List<Map<String, Object>> modes = new ArrayList<>();
        for (BlendMode m : BlendMode.values()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("mode", m.name());
            x.put("definition", m.definition());
            x.put("source", m.source());
            x.put("ms", b.ms().get(m));
            if (m == BlendMode.P6) x.put("note", "one frame: the offset's average is the frame's own offset, so P6 equals its base (P2)");
            modes.add(x);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("width", b.background().width());
        out.put("height", b.background().height());
        out.put("ops", b.ops());
        out.put("modes", modes);
        out.put("p6EqualsP2", b.out().get(BlendMode.P6).equals(b.out().get(BlendMode.P2)));
        ctx.json(out);
    }

    public void blendPng(Context ctx) {
        String mode = ctx.queryParam("mode");
        BlendRun b = blend(ctx);
        if ("background".equals(mode)) {
            png(ctx, b.background());
            return;
        }
        BlendMode m;
        try {
            m = BlendMode.valueOf(String.valueOf(mode));
        } catch (IllegalArgumentException ex) {
            throw ApiError.badRequest("mode is '" + mode + "'", "mode is one of P0..P6 or background");
        }
        png(ctx, b.out().get(m));
    }

    // ---- identity clone ----

    IdentityRun identity(Context ctx) {
        int w = integer(ctx, "w", 93, 8, PortraitInputs.DEMO_W - 4), h = integer(ctx, "h", 81, 8, PortraitInputs.DEMO_H - 4);
        String impl = impl(ctx);
        return identities.get(w + "x" + h + "|" + impl, () -> {
            Image8 pic = inputs.source("demo", null, DEMO_SEED).picture();
            int x = (pic.width() - w) / 2, y = (pic.height() - h) / 2;
            Image8 mask = new Image8(pic.width(), pic.height(), 1);
            for (int j = y; j < y + h; j++) for (int i = x; i < x + w; i++) mask.set(i, j, 0, 255);
            int[] c = SeamlessClone.centreOfMask(mask);
            PoissonOps ops = poissonOps(impl);
            Image8 opencv = SeamlessClone.apply(pic, pic, mask, c[0], c[1], CloneFlag.NORMAL, ops);
            Image8 textbook = SeamlessClone.solve(pic, pic, mask, c[0], c[1], CloneFlag.NORMAL, ops, SeamlessClone.Precision.TEXTBOOK, 0.0).image();
            return new IdentityRun(pic, x, y, w, h, opencv, textbook);
        });
    }

    /** Values of the ROI's interior (where the solver writes) that changed, and that went down by exactly one level. */
    static Map<String, Object> changes(IdentityRun r, Image8 out) {
        long changed = 0, minusOne = 0, total = 0;
        for (int j = r.y() + 1; j < r.y() + r.h() - 1; j++) {
            for (int i = r.x() + 1; i < r.x() + r.w() - 1; i++) {
                for (int c = 0; c < 3; c++) {
                    int d = out.get(i, j, c) - r.picture().get(i, j, c);
                    total++;
                    if (d != 0) changed++;
                    if (d == -1) minusOne++;
                }
            }
        }
        long outside = 0;
        for (int i = 0; i < out.data().length; i++) if (out.data()[i] != r.picture().data()[i]) outside++;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("values", total);
        m.put("changed", changed);
        m.put("minusOne", minusOne);
        m.put("changedOutsideInterior", outside - changed);
        m.put("percentMinusOne", total == 0 ? 0 : 100.0 * minusOne / total);
        return m;
    }

    public void identityJson(Context ctx) {
        IdentityRun r = identity(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("roi", Map.of("x", r.x(), "y", r.y(), "w", r.w(), "h", r.h()));
        out.put("interior", List.of(r.w() - 2, r.h() - 2));
        out.put("opencv", changes(r, r.opencv()));
        out.put("textbook", changes(r, r.textbook()));
        ctx.json(out);
    }

    /** The picture greyed, with the values the clone changed in red (lowered) or blue (raised). */
    public void identityPng(Context ctx) {
        IdentityRun r = identity(ctx);
        String precision = ctx.queryParam("precision");
        Image8 out = switch (precision == null ? "opencv" : precision) {
            case "opencv" -> r.opencv();
            case "textbook" -> r.textbook();
            default -> throw ApiError.badRequest("precision is '" + precision + "'", "precision is opencv or textbook");
        };
        Image8 pic = r.picture(), img = new Image8(pic.width(), pic.height(), 3);
        for (int y = 0; y < pic.height(); y++) {
            for (int x = 0; x < pic.width(); x++) {
                int down = 0, up = 0, grey = (pic.get(x, y, 0) + pic.get(x, y, 1) + pic.get(x, y, 2)) / 3;
                for (int c = 0; c < 3; c++) {
                    int d = out.get(x, y, c) - pic.get(x, y, c);
                    if (d < 0) down++;
                    if (d > 0) up++;
                }
                int g = 140 + grey / 3;
                boolean edge = (x == r.x() || x == r.x() + r.w() - 1) && y >= r.y() && y < r.y() + r.h()
                        || (y == r.y() || y == r.y() + r.h() - 1) && x >= r.x() && x < r.x() + r.w();
                int[] rgb = down > 0 ? new int[] {210, 40, 40} : up > 0 ? new int[] {40, 80, 210} : edge ? new int[] {30, 30, 30} : new int[] {g, g, g};
                for (int c = 0; c < 3; c++) img.set(x, y, c, rgb[c]);
            }
        }
        png(ctx, img);
    }

    // ---- (d) temporal smoothing on the committed clip ----

    List<Method> temporal(Context ctx) {
        double beta = number(ctx, "beta", 0.8, 0, 0.99), gate = number(ctx, "gate", 0.3, 0.01, 1);
        double low = number(ctx, "low", 0.35, 0, 1), high = number(ctx, "high", 0.65, 0, 1);
        if (low > high) throw ApiError.badRequest("low = " + low + " is above high = " + high, "hysteresis needs low <= high, e.g. low=0.35&high=0.65");
        Path dir = wb.options().goldenDir().resolve(CLIP);
        if (!Files.isRegularFile(dir.resolve("probs.npy")) || !Files.isRegularFile(dir.resolve("truth.npy"))) {
            throw ApiError.notFound("the clip " + CLIP + " is not under " + wb.options().goldenDir(),
                    "the panel reads the committed golden case; start the server from the checkout (./workbench serve)");
        }
        return temporals.get(beta + "|" + gate + "|" + low + "|" + high, () -> {
            Tensor probs = NpyReader.readTensor(dir.resolve("probs.npy")), truth = NpyReader.readTensor(dir.resolve("truth.npy"));
            List<Method> methods = new ArrayList<>();
            methods.add(run("truth", "ground truth", null, truth, truth));
            methods.add(run("raw", "raw (no smoothing)", MaskSmoother.NONE, probs, truth));
            methods.add(run("ema", "EMA beta " + beta, new EmaSmoother((float) beta), probs, truth));
            methods.add(run("gated", "gated EMA beta " + beta + ", gate " + gate, new GatedEmaSmoother((float) beta, (float) gate), probs, truth));
            methods.add(run("hysteresis", "hysteresis " + low + " / " + high, new HysteresisSmoother((float) low, (float) high), probs, truth));
            return methods;
        });
    }

    /** Frame t of a (T, H, W) uint8 clip as a matte (value / 255), as the golden test reads it. */
    static Matte frame(Tensor clip, int t) {
        int h = clip.dim(1), w = clip.dim(2);
        Image8 m = new Image8(w, h, 1);
        float[] src = clip.data();
        for (int i = 0; i < w * h; i++) m.data()[i] = (byte) (int) src[t * w * h + i];
        return Matte.fromMask(m);
    }

    static Method run(String id, String label, MaskSmoother s, Tensor probs, Tensor truth) {
        TemporalMetrics metrics = new TemporalMetrics();
        List<Matte> mattes = new ArrayList<>();
        for (int t = 0; t < truth.dim(0); t++) {
            Matte g = frame(truth, t);
            Matte m = s == null ? g : s.next(frame(probs, t));
            metrics.add(m, g);
            mattes.add(m);
        }
        return new Method(id, label, mattes, metrics);
    }

    public void temporalJson(Context ctx) {
        List<Method> methods = temporal(ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Method m : methods) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", m.id());
            x.put("label", m.label());
            x.put("iou", m.metrics().iouPerFrame());
            x.put("flicker", m.metrics().flickerPerFrame());
            x.put("dtssd", m.metrics().dtssdPerFrame());
            x.put("meanIou", m.metrics().meanIou());
            x.put("meanFlicker", m.metrics().naiveFlicker());
            x.put("meanDtssd", m.metrics().dtssd());
            out.add(x);
        }
        Matte first = methods.get(0).mattes().get(0);
        Map<String, Object> clip = new LinkedHashMap<>();
        clip.put("case", CLIP);
        clip.put("frames", methods.get(0).mattes().size());
        clip.put("width", first.width());
        clip.put("height", first.height());
        clip.put("about", "a silhouette moving 2 px a frame (ffmpeg lavfi) and a seeded noisy 'network' probability: the clip lesson Sec. 5.3 measures");
        ctx.json(Map.of("clip", clip, "methods", out));
    }

    /** Frame t of every method side by side (truth, raw, EMA, gated, hysteresis), 2 px apart. */
    public void temporalPng(Context ctx) {
        List<Method> methods = temporal(ctx);
        int frames = methods.get(0).mattes().size();
        int t = integer(ctx, "t", 0, 0, frames - 1);
        Matte f = methods.get(0).mattes().get(0);
        int w = f.width(), h = f.height(), gap = 2;
        Image8 img = new Image8(methods.size() * (w + gap) - gap, h, 3);
        for (int k = 0; k < methods.size(); k++) {
            Matte m = methods.get(k).mattes().get(t);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = Math.round(Math.min(1f, Math.max(0f, m.get(x, y))) * 255f);
                    for (int c = 0; c < 3; c++) img.set(k * (w + gap) + x, y, c, v);
                }
            }
            for (int y = 0; k > 0 && y < h; y++) for (int x = k * (w + gap) - gap; x < k * (w + gap); x++) img.set(x, y, 0, 230);
        }
        png(ctx, img);
    }
}
