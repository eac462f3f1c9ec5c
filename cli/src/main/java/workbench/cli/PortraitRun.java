/*
 * ./workbench run portrait --video IN.mp4 --background BG.png|BG.mp4 [--weights FILE] [--blend p0..p6]
 *                          [--out OUT.mp4|OUT.mkv] [--frames-out DIR] [--truth MASK.mp4|DIR] [--mask MASK.png|MASK.mp4|DIR]
 *                          [--smooth none|ema:B|gated:B:G|hysteresis:L:H] [--colour S] [--impl naive|vectorized]
 * ./workbench run portrait --image IN.png --background BG.png --out OUT.png [--mask MASK.png] [...]
 * Chapter 04's pipeline (PortraitPipeline, lesson Sec. 5.4): segment each frame (a DeepLab checkpoint, the
 * user's mask, or - without either - seeded weights, which the output says on every run), correct the mask's
 * edges, smooth it over time, optionally move the person's colours towards the background, blend, encode.
 * Progress goes to stderr; the summary (and IoU / dtSSD against --truth) to stdout. Nothing is written at
 * --out or in --frames-out unless the whole run succeeds.
 */
package workbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import workbench.kernels.Kernels;
import workbench.nn.Init;
import workbench.portrait.DeepLabCheckpoints;
import workbench.portrait.DeepLabConfig;
import workbench.portrait.DeepLabV3Plus;
import workbench.portrait.blend.BlendMode;
import workbench.portrait.blend.BlendOptions;
import workbench.portrait.blend.Blender;
import workbench.portrait.blend.NaivePoisson;
import workbench.portrait.blend.PoissonOps;
import workbench.portrait.image.Image8;
import workbench.portrait.image.ImageFiles;
import workbench.portrait.image.Matte;
import workbench.portrait.matte.EdgeCorrection;
import workbench.portrait.matte.GuidedFilterOps;
import workbench.portrait.matte.NaiveGuidedFilter;
import workbench.portrait.pipeline.DeepLabSegmenter;
import workbench.portrait.pipeline.FrameCompositor;
import workbench.portrait.pipeline.FrameSink;
import workbench.portrait.pipeline.FrameSource;
import workbench.portrait.pipeline.MaskSegmenter;
import workbench.portrait.pipeline.PortraitPipeline;
import workbench.portrait.pipeline.Segmenter;
import workbench.portrait.temporal.MaskSmoother;
import workbench.portrait.temporal.TemporalMetrics;
import workbench.portrait.video.VideoWriter;
import workbench.vectorized.VectorKernels;
import workbench.vectorized.portrait.PanamaGuidedFilter;
import workbench.vectorized.portrait.PanamaPoisson;

final class PortraitRun {
    /** The options only portrait takes; mixed into RunCommand. */
    static final class Options {
        @Option(names = "--video", paramLabel = "IN.mp4", description = "portrait: the input video (anything ffmpeg reads)")
        Path video;

        @Option(names = "--image", paramLabel = "IN.png", description = "portrait: a single picture instead of a video")
        Path image;

        @Option(names = "--background", paramLabel = "BG", description = "portrait: the new background: a picture, a video or a folder of pictures")
        Path background;

        @Option(names = "--mask", paramLabel = "MASK", description = "portrait: the user's own mask (picture, mask video or folder) instead of the network")
        Path mask;

        @Option(names = "--truth", paramLabel = "MASK", description = "portrait: ground-truth mask video or folder; reports IoU and dtSSD")
        Path truth;

        @Option(names = "--blend", paramLabel = "P", defaultValue = "p1", description = "portrait: p0 cut and paste, p1 alpha, p2 seamless clone, p3..p6 Poisson variants (default: ${DEFAULT-VALUE})")
        String blend;

        @Option(names = "--out", paramLabel = "OUT", description = "portrait: OUT.mp4 (H.264) or OUT.mkv (lossless) for a video, OUT.png for --image")
        Path out;

        @Option(names = "--frames-out", paramLabel = "DIR", description = "portrait: also write every composite as DIR/frame_NNNNN.png")
        Path framesOut;

        @Option(names = "--smooth", paramLabel = "RULE", defaultValue = "none", description = "portrait: temporal smoothing: none, ema:BETA, gated:BETA:GATE, hysteresis:LOW:HIGH (default: ${DEFAULT-VALUE})")
        String smooth;

        @Option(names = "--colour", paramLabel = "S", defaultValue = "0", description = "portrait: Reinhard colour transfer towards the background, strength 0..1 (default: off)")
        double colour;

        @Option(names = "--refine", negatable = true, description = "portrait: edge correction (clean-up + guided filter); default: on for the network, off for --mask")
        Boolean refine;

        @Option(names = "--person-class", paramLabel = "N", description = "portrait: index of 'person' in the checkpoint's classes (default 15 for VOC's 21)")
        Integer personClass;

        @Option(names = "--output-stride", paramLabel = "OS", description = "portrait: 8 or 16 (default: VainF 16, torchvision 8)")
        Integer outputStride;

        @Option(names = "--frames", paramLabel = "N", description = "portrait: process at most N frames")
        Integer frames;
    }

    /** Seed of the stand-in weights used when no --weights and no --mask are given. */
    static final long SEED = 2018;

    private PortraitRun() {}

    static boolean handles(String model) {
        return model.equals("portrait");
    }

    static int run(Path weights, Kernels kernels, Options o, PrintWriter out, PrintWriter err) {
        boolean single = o.image != null;
        if ((o.video == null) == (o.image == null)) {
            throw new IllegalArgumentException("run portrait: give exactly one of --video IN.mp4 or --image IN.png"
                    + "\n  ---> HINT: ./workbench run portrait --video in.mp4 --background bg.png --out out.mp4");
        }
        if (o.background == null) {
            throw new IllegalArgumentException("run portrait: --background BG is required (a picture, a video or a folder of pictures)");
        }
        if (o.out == null && o.framesOut == null) {
            throw new IllegalArgumentException("run portrait: say where to write: --out " + (single ? "OUT.png" : "OUT.mp4") + " and/or --frames-out DIR");
        }
        if (single && o.out != null && !o.out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("run portrait --image: --out must end in .png, got " + o.out);
        }
        if (!single && o.out != null) VideoWriter.Codec.forPath(o.out);          // a bad extension fails before any work
        if (weights != null && o.mask != null) {
            throw new IllegalArgumentException("run portrait: --weights and --mask both say where the mask comes from; give one of them");
        }
        if (!(o.colour >= 0 && o.colour <= 1)) throw new IllegalArgumentException("--colour must be in [0, 1], got " + o.colour);
        if (o.frames != null && o.frames < 1) throw new IllegalArgumentException("--frames must be >= 1, got " + o.frames);
        BlendMode mode = blendMode(o.blend);
        MaskSmoother smoother = MaskSmoother.parse(o.smooth);
        boolean vector = kernels instanceof VectorKernels;
        GuidedFilterOps guided = vector ? new PanamaGuidedFilter() : NaiveGuidedFilter.INSTANCE;
        PoissonOps poisson = vector ? new PanamaPoisson() : NaivePoisson.INSTANCE;

        List<String> lines = new ArrayList<>();
        try (FrameSource input = single ? FrameSource.still(ImageFiles.readRgb(o.image), o.image.toString()) : FrameSource.open(o.video, 3);
             FrameSource background = FrameSource.open(o.background, 3);
             FrameSource truth = o.truth == null ? null : FrameSource.open(o.truth, 1);
             Segmenter segmenter = segmenter(weights, o, kernels, single, lines)) {
            boolean refine = o.refine != null ? o.refine : !segmenter.userMask();
            Blender blender = Blender.create(mode, BlendOptions.defaults(), poisson);
            FrameCompositor compositor = new FrameCompositor() {
                @Override public Image8 composite(Image8 fg, Image8 bg, Matte alpha) { return blender.blend(fg, bg, alpha); }
                @Override public String describe() { return mode + " " + mode.definition(); }
            };
            PortraitPipeline pipeline = new PortraitPipeline(new PortraitPipeline.Settings(segmenter,
                    refine ? EdgeCorrection.Options.defaults() : null, guided, smoother, compositor, o.colour,
                    single ? 1 : o.frames == null ? 0 : o.frames));
            List<FrameSink> sinks = new ArrayList<>();
            try {
                if (o.out != null) sinks.add(single ? FrameSink.png(o.out) : FrameSink.video(o.out, input.frameRate()));
                if (o.framesOut != null) sinks.add(FrameSink.pngFolder(o.framesOut));
                out.println("portrait: " + input.describe());
                out.println("  segmenter: " + segmenter.describe());
                out.println("  edge correction: " + (refine ? "on (clean-up + guided filter, " + guided.name() + ")" : "off")
                        + "; smoothing: " + smoother.describe() + "; blend: " + compositor.describe()
                        + (o.colour > 0 ? String.format(Locale.ROOT, "; colour transfer %.2f", o.colour) : ""));
                for (String l : lines) out.println(l);
                out.flush();
                PortraitPipeline.Report r = pipeline.run(input, background, truth, sinks, err);
                out.printf(Locale.ROOT, "  %d frame(s) in %.2f s (%.3f s/frame, %s)%n", r.frames(), r.seconds(), r.secondsPerFrame(), kernels.name());
                for (String note : r.notes()) out.println("  note: " + note);
                TemporalMetrics m = r.metrics();
                if (m != null) out.println("  against " + o.truth + ": " + m.summary());
                for (String l : lines) if (l.contains("SEEDED")) out.println(l);
                for (FrameSink s : sinks) out.println("  wrote " + s.describe());
            } finally {
                for (FrameSink s : sinks) s.close();
            }
        }
        return 0;
    }

    static BlendMode blendMode(String s) {
        try {
            return BlendMode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--blend '" + s + "': expected p0..p6"
                    + "\n  ---> HINT: p0 cut and paste, p1 alpha compositing, p2 seamless clone (OpenCV), p3 textbook Poisson,"
                    + " p4 screened, p5 alpha-aware, p6 temporal colour offset (Sec. 3.4).", e);
        }
    }

    static Segmenter segmenter(Path weights, Options o, Kernels kernels, boolean single, List<String> lines) {
        if (o.mask != null) {
            FrameSource masks = FrameSource.open(o.mask, 1);
            if (single || masks.still()) checkStillMask(masks, o.mask);
            return new MaskSegmenter(masks);
        }
        if (weights != null) {
            DeepLabCheckpoints.Loaded l = DeepLabCheckpoints.load(weights, o.outputStride == null ? 0 : o.outputStride);
            int person = DeepLabCheckpoints.personClass(l.numClasses(), o.personClass, weights.toString());
            return new DeepLabSegmenter(l.model(), kernels, person, l.describe());
        }
        int os = o.outputStride == null ? 16 : o.outputStride;
        DeepLabV3Plus model = Init.randomize(new DeepLabV3Plus(DeepLabConfig.of("resnet50", os, DeepLabCheckpoints.VOC_CLASSES,
                DeepLabConfig.Layout.VAINF)), SEED);
        lines.add("  SEEDED weights (no --weights, no --mask): deeplabv3plus_resnet50 with random weights (seed " + SEED + "); the mask is"
                + " NOT a segmentation. Give --weights best_deeplabv3plus_resnet50_voc_os16.pth or deeplabv3_resnet50_coco-*.pth, or --mask.");
        return new DeepLabSegmenter(model, kernels, DeepLabCheckpoints.VOC_PERSON, "deeplabv3plus_resnet50 OS" + os + " (SEEDED weights)");
    }

    /** A single mask picture that is empty or covers everything is almost always the wrong file. */
    static void checkStillMask(FrameSource masks, Path path) {
        Image8 m = masks.next();
        int on = 0;
        for (byte b : m.data()) if ((b & 0xff) >= 128) on++;
        int n = m.width() * m.height();
        if (on == 0) {
            throw new IllegalArgumentException(path + ": the mask is empty (no pixel >= 128): there is no person to keep"
                    + "\n  ---> HINT: the mask is white (255) on the person and black (0) elsewhere; check that it is the right file.");
        }
        if (on == n) {
            throw new IllegalArgumentException(path + ": the mask covers the whole picture: the background would never show"
                    + "\n  ---> HINT: the mask is white (255) on the person only; an inverted mask is black on the person.");
        }
    }
}
