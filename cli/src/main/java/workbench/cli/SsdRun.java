/*
 * ./workbench run ssd300 --weights FILE --input IMAGE.png|X.npy [--output dets.json] [--draw out.png]
 *                        [--heads-out DIR] [--num-classes K] [--impl naive|vectorized]
 * Runs chapter 05's detector (workbench.ssd.SSD, torchvision ssd300_vgg16 keys) on one image: PNG/JPEG/BMP, or
 * an .npy holding the image tensor torchvision's model takes ((3, H, W) or (1, 3, H, W), values in [0, 1]).
 * Writes the detections as JSON (boxes in the input image's pixels), optionally the image with the boxes drawn,
 * and with --heads-out the raw bbox_regression.npy, cls_logits.npy and anchors.npy (xyxy pixels of the 300x300
 * network input) exactly as torchvision's SSD.forward has them before post-processing.
 * Not here: batches of images, training.
 */
package workbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import picocli.CommandLine.Option;
import workbench.io.NpyReader;
import workbench.io.NpyWriter;
import workbench.io.StateDict;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.ssd.Detections;
import workbench.ssd.SSD;
import workbench.ssd.SsdForward;
import workbench.ssd.SsdCheckpoints;
import workbench.ssd.SsdConfig;
import workbench.tensor.Tensor;

final class SsdRun {
    /** The options only the SSD models take; mixed into RunCommand. */
    static final class Options {
        @Option(names = "--draw", paramLabel = "OUT.png", description = "ssd300/ssd512: write the input image with the detections drawn")
        Path draw;

        @Option(names = "--heads-out", paramLabel = "DIR", description = "ssd300/ssd512: write bbox_regression.npy, cls_logits.npy, anchors.npy")
        Path headsOut;

        @Option(names = "--num-classes", paramLabel = "K", description = "ssd300/ssd512: classes including background (default: from the checkpoint)")
        Integer numClasses;

        @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.01",
                description = "ssd300/ssd512: drop detections below this score in the JSON and drawing (default: ${DEFAULT-VALUE}, the paper's)")
        float minScore;
    }

    private SsdRun() {}

    static boolean handles(String model) {
        return model.equals("ssd300") || model.equals("ssd512") || model.equals("ssd512-torchvision");
    }

    static int run(String model, Path weights, Path input, Path output, Kernels kernels, Options o, PrintWriter out) {
        Tensor image = readImage(input);                     // bad input fails before the checkpoint is read
        StateDict sd = StateDict.load(weights);
        Map<String, Tensor> state = sd.asMap();
        SsdConfig base = SsdConfig.byName(model, SsdConfig.COCO_CLASSES);
        int k = o.numClasses != null ? o.numClasses : SsdCheckpoints.numClasses(state, base).orElse(SsdConfig.COCO_CLASSES);
        SSD net = new SSD(base.withNumClasses(k));
        SsdCheckpoints.load(net, state, weights.toString());
        SsdForward forward = kernels.prepare(net) instanceof SsdForward f ? f : net;   // the fast form, where the kernels have one
        long t0 = System.nanoTime();
        Context ctx = Context.of(kernels);
        Tensor x = net.transform(image);
        SSD.Outputs heads = forward.run(x, ctx);
        Detections d = net.postProcess.apply(heads.bboxRegression(), heads.clsLogits(), 0, heads.anchors(), x.dim(2), x.dim(3))
                .scaled((float) image.dim(2) / x.dim(3), (float) image.dim(1) / x.dim(2));
        long t1 = System.nanoTime();
        if (o.headsOut != null) {
            mkdirs(o.headsOut);
            NpyWriter.write(o.headsOut.resolve("bbox_regression.npy"), heads.bboxRegression());
            NpyWriter.write(o.headsOut.resolve("cls_logits.npy"), heads.clsLogits());
            NpyWriter.write(o.headsOut.resolve("anchors.npy"), heads.anchors());
        }
        String json = json(model, k, image, d, o.minScore);
        if (output != null) write(output, json);
        else out.println(json);
        if (o.draw != null) draw(image, d, o.minScore, o.draw);
        int shown = (int) java.util.stream.IntStream.range(0, d.size()).filter(i -> d.scores()[i] >= o.minScore).count();
        out.printf(Locale.ROOT, "%s (%d classes) on %s: image %dx%d -> %d detections (score >= %.2f) in %.1f ms%s%s%s%n", model, k,
                kernels.name(), image.dim(2), image.dim(1), shown, o.minScore, (t1 - t0) / 1e6,
                output == null ? "" : "; wrote " + output, o.draw == null ? "" : ", " + o.draw,
                o.headsOut == null ? "" : ", heads in " + o.headsOut);
        return 0;
    }

    /** (3, H, W) in [0, 1] from an image file or an .npy. */
    static Tensor readImage(Path input) {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException(input + ": no such file\n  ---> HINT: give a PNG/JPEG image or an .npy image tensor.");
        }
        if (input.toString().endsWith(".npy")) {
            Tensor t = NpyReader.readTensor(input);
            if (t.rank() == 4 && t.dim(0) == 1) t = t.reshape(t.dim(1), t.dim(2), t.dim(3));
            if (t.rank() != 3 || t.dim(0) != 3 || t.dim(1) < 1 || t.dim(2) < 1) {
                throw new IllegalArgumentException(input + ": expected an image tensor (3, H, W) or (1, 3, H, W), got " + t.shapeString()
                        + "\n  ---> HINT: save the RGB image as float32 in [0, 1], channels first, as torchvision's SSD takes it.");
            }
            return t;
        }
        BufferedImage img;
        try {
            img = ImageIO.read(input.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(input + ": cannot be read as an image (" + e.getMessage() + ")"
                    + "\n  ---> HINT: give a PNG, JPEG or BMP file, or an .npy image tensor.", e);
        }
        if (img == null) {
            throw new IllegalArgumentException(input + ": not an image file this reader knows"
                    + "\n  ---> HINT: give a PNG, JPEG or BMP file, or an .npy image tensor (3, H, W) in [0, 1].");
        }
        int h = img.getHeight(), w = img.getWidth();
        Tensor t = Tensor.zeros(3, h, w);
        float[] d = t.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                d[y * w + x] = ((rgb >> 16) & 255) / 255f;
                d[h * w + y * w + x] = ((rgb >> 8) & 255) / 255f;
                d[2 * h * w + y * w + x] = (rgb & 255) / 255f;
            }
        }
        return t;
    }

    static String json(String model, int numClasses, Tensor image, Detections d, float minScore) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("model", model);
        root.put("num_classes", numClasses);
        root.putObject("image").put("width", image.dim(2)).put("height", image.dim(1));
        ArrayNode dets = root.putArray("detections");
        for (int i = 0; i < d.size(); i++) {
            if (d.scores()[i] < minScore) continue;
            ObjectNode o = dets.addObject();
            ArrayNode box = o.putArray("box");
            for (int c = 0; c < 4; c++) box.add(d.boxes().get(i, c));
            o.put("label", d.labels()[i]);
            o.put("score", d.scores()[i]);
        }
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void draw(Tensor image, Detections d, float minScore, Path out) {
        int h = image.dim(1), w = image.dim(2);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] p = image.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = px(p[y * w + x]), g = px(p[h * w + y * w + x]), b = px(p[2 * h * w + y * w + x]);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        Graphics2D g = img.createGraphics();
        g.setStroke(new BasicStroke(Math.max(1f, Math.min(w, h) / 200f)));
        for (int i = 0; i < d.size(); i++) {
            if (d.scores()[i] < minScore) continue;
            g.setColor(Color.getHSBColor((d.labels()[i] * 0.618034f) % 1f, 0.9f, 1f));
            int x1 = Math.round(d.boxes().get(i, 0)), y1 = Math.round(d.boxes().get(i, 1));
            int x2 = Math.round(d.boxes().get(i, 2)), y2 = Math.round(d.boxes().get(i, 3));
            g.drawRect(x1, y1, Math.max(0, x2 - x1), Math.max(0, y2 - y1));
            g.drawString(String.format(Locale.ROOT, "%d %.2f", d.labels()[i], d.scores()[i]), x1 + 2, Math.max(10, y1 + 10));
        }
        g.dispose();
        try {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            ImageIO.write(img, "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write the annotated image (" + e.getMessage() + ")", e);
        }
    }

    private static int px(float v) {
        return Math.min(255, Math.max(0, Math.round(v * 255f)));
    }

    private static void write(Path p, String text) {
        try {
            if (p.getParent() != null) Files.createDirectories(p.getParent());
            Files.writeString(p, text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
    }
}
