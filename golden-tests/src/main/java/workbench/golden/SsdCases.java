/*
 * Golden cases of chapter 05 (SSD), recognised by provenance.function:
 *   DefaultBoxGenerator     anchors (xyxy pixels) and scales for given maps, ratios, scales/steps, clip
 *   SSDHead                 both heads on given feature maps (the permute/flatten/concat order)
 *   L2Norm                  scale_weight * F.normalize(conv4_3)
 *   compute_loss            SSDMatcher indices and SSD.compute_loss on fixed head outputs and targets
 *   postprocess_detections  SSD.postprocess_detections, detections sorted by (label, -score) on both sides
 *   ssd300_vgg16            the whole model from model.pth: transform, six feature maps, heads, anchors, detections;
 *                           and an odd-sized image (241x319) resized to 300x300, its detections scaled back
 */
package workbench.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workbench.io.StateDict;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.nn.StateDictLoader;
import workbench.nn.Trace;
import workbench.ssd.BoxCoder;
import workbench.ssd.DefaultBoxGenerator;
import workbench.ssd.Detections;
import workbench.ssd.L2Norm;
import workbench.ssd.PostProcess;
import workbench.ssd.SSD;
import workbench.ssd.SsdForward;
import workbench.ssd.SSDHead;
import workbench.ssd.SsdCheckpoints;
import workbench.ssd.SsdConfig;
import workbench.ssd.SsdLoss;
import workbench.tensor.Tensor;

public final class SsdCases implements CaseRunner {
    @Override
    public String chapter() { return "ssd"; }

    @Override
    public Set<String> functions() {
        return Set.of("DefaultBoxGenerator", "SSDHead", "L2Norm", "compute_loss", "postprocess_detections", "ssd300_vgg16");
    }

    @Override
    public Set<String> inputs(GoldenCase c) {
        return switch (c.function()) {
            case "SSDHead" -> Set.copyOf(c.files().stream().map(GoldenCase.FileEntry::name).filter(n -> n.startsWith("features.")).toList());
            case "compute_loss" -> Set.of("anchors", "bbox_regression", "cls_logits", "targets.boxes0", "targets.labels0",
                    "targets.boxes1", "targets.labels1");
            case "postprocess_detections" -> Set.of("anchors", "bbox_regression", "cls_logits");
            case "ssd300_vgg16" -> Set.of("image", "image_241x319");
            default -> Set.of("input");
        };
    }

    @Override
    public Map<String, Tensor> run(GoldenCase c, Kernels kernels) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        JsonNode a = c.arguments();
        switch (c.function()) {
            case "DefaultBoxGenerator" -> {
                int[][] ratios = intMatrix(a.path("aspect_ratios"));
                int[] steps = a.path("steps").isNull() ? null : c.intArray(a.path("steps"));
                boolean clip = a.path("clip").asBoolean();
                DefaultBoxGenerator g = a.path("scales").isNull()
                        ? DefaultBoxGenerator.fromRatios(ratios, a.path("min_ratio").asDouble(), a.path("max_ratio").asDouble(), steps, clip)
                        : new DefaultBoxGenerator(ratios, doubles(a.path("scales")), steps, clip);
                int[] image = c.intArray(a.path("image_size"));
                out.put("anchors", g.anchors(intMatrix(a.path("grid_sizes")), image[0], image[1]));
                float[] s = new float[g.scales.length];
                for (int i = 0; i < s.length; i++) s[i] = (float) g.scales[i];
                out.put("scales", Tensor.of(s, s.length));
            }
            case "SSDHead" -> {
                SSDHead head = new SSDHead(c.intArray(a.path("in_channels")), c.intArray(a.path("num_anchors")), c.intArg("num_classes"));
                StateDictLoader.load(head, c.params(), c.dir().toString(), "SSDHead", null);
                List<Tensor> features = new ArrayList<>();
                for (int i = 0; c.has("features." + i); i++) features.add(c.tensor("features." + i));
                SSDHead.Outputs o = head.apply(features, new Context(kernels, Trace.NONE));
                out.put("bbox_regression", o.bboxRegression());
                out.put("cls_logits", o.clsLogits());
            }
            case "L2Norm" -> out.put("output", L2Norm.apply(c.tensor("input"), c.params().get("scale_weight")));
            case "compute_loss" -> {
                SsdLoss loss = new SsdLoss((float) a.path("iou_thresh").asDouble(), (float) a.path("neg_to_pos_ratio").asDouble(),
                        BoxCoder.torchvision());
                Tensor anchors = c.tensor("anchors");
                int batch = c.intArg("batch");
                List<SsdLoss.Target> targets = new ArrayList<>();
                List<int[]> matched = new ArrayList<>();
                for (int b = 0; b < batch; b++) {
                    SsdLoss.Target t = new SsdLoss.Target(c.tensor("targets.boxes" + b), ints(c.tensor("targets.labels" + b)));
                    targets.add(t);
                    int[] m = loss.match(t, anchors);
                    matched.add(m);
                    out.put("matched_idxs" + b, floats(m));
                }
                SsdLoss.Losses l = loss.computeLoss(targets, c.tensor("bbox_regression"), c.tensor("cls_logits"),
                        java.util.Collections.nCopies(batch, anchors), matched);
                out.put("loss.bbox_regression", Tensor.of(new float[] {l.bboxRegression()}, 1));
                out.put("loss.classification", Tensor.of(new float[] {l.classification()}, 1));
            }
            case "postprocess_detections" -> {
                PostProcess p = new PostProcess((float) a.path("score_thresh").asDouble(), (float) a.path("nms_thresh").asDouble(),
                        c.intArg("topk_candidates"), c.intArg("detections_per_img"), true, BoxCoder.torchvision());
                int[] image = c.intArray(a.path("image_size"));
                for (int b = 0; b < c.intArg("batch"); b++) {
                    putDetections(out, b, p.apply(c.tensor("bbox_regression"), c.tensor("cls_logits"), b, c.tensor("anchors"), image[0], image[1]));
                }
            }
            case "ssd300_vgg16" -> {
                SSD model = new SSD(SsdConfig.ssd300(c.intArg("num_classes")));
                StateDict sd = StateDict.load(c.path("model.pth"));
                SsdCheckpoints.load(model, sd.asMap(), c.path("model.pth").toString());
                Context ctx = new Context(kernels, Trace.NONE);
                Tensor x = model.transform(c.tensor("image"));
                out.put("input", x);
                SSD.Outputs o = model.run(x, ctx);
                for (int i = 0; i < o.features().size(); i++) out.put("features." + i, o.features().get(i));
                out.put("bbox_regression", o.bboxRegression());
                out.put("cls_logits", o.clsLogits());
                out.put("anchors", o.anchors());
                putDetections(out, 0, model.postProcess.apply(o.bboxRegression(), o.clsLogits(), 0, o.anchors(), x.dim(2), x.dim(3)));
                // the implementation's prepared form (vectorized: FastSsd, the backbone as one NHWC plan)
                // must agree too: its feature maps and heads are compared as "<name>@prepared"
                if (kernels.prepare(model) instanceof SsdForward fast && fast != model) {
                    SSD.Outputs f = fast.run(x, ctx);
                    for (int i = 0; i < f.features().size(); i++) out.put("features." + i + "@prepared", f.features().get(i));
                    out.put("bbox_regression@prepared", f.bboxRegression());
                    out.put("cls_logits@prepared", f.clsLogits());
                }
                if (c.has("image_241x319")) {
                    // an odd-sized image: normalise, resize to 300x300, detect, scale the boxes back
                    Tensor image = c.tensor("image_241x319");
                    out.put("input_241x319", model.transform(image));
                    Map<String, Tensor> second = new LinkedHashMap<>();
                    putDetections(second, 0, model.detectImage(image, ctx));
                    second.forEach((name, t) -> out.put(name.replace("detections.", "detections_241x319."), t));
                }
            }
            default -> throw new IllegalArgumentException(c.dir() + ": chapter ssd has no function '" + c.function() + "'");
        }
        return out;
    }

    /** Detections in the generator's order: label ascending, then score descending. */
    private static void putDetections(Map<String, Tensor> out, int b, Detections d) {
        Integer[] order = new Integer[d.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> d.labels()[x] != d.labels()[y] ? Integer.compare(d.labels()[x], d.labels()[y])
                : Float.compare(d.scores()[y], d.scores()[x]));
        Tensor boxes = Tensor.zeros(order.length, 4);
        float[] scores = new float[order.length], labels = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(d.boxes().data(), order[i] * 4, boxes.data(), i * 4, 4);
            scores[i] = d.scores()[order[i]];
            labels[i] = d.labels()[order[i]];
        }
        out.put("detections.boxes" + b, boxes);
        out.put("detections.scores" + b, Tensor.of(scores, scores.length));
        out.put("detections.labels" + b, Tensor.of(labels, labels.length));
    }

    private static int[][] intMatrix(JsonNode n) {
        int[][] m = new int[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new int[n.get(i).size()];
            for (int j = 0; j < m[i].length; j++) m[i][j] = n.get(i).get(j).asInt();
        }
        return m;
    }

    private static double[] doubles(JsonNode n) {
        double[] d = new double[n.size()];
        for (int i = 0; i < d.length; i++) d[i] = n.get(i).asDouble();
        return d;
    }

    private static int[] ints(Tensor t) {
        int[] r = new int[t.numel()];
        for (int i = 0; i < r.length; i++) r[i] = Math.round(t.data()[i]);
        return r;
    }

    private static Tensor floats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return Tensor.of(f, f.length);
    }
}
