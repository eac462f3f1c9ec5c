/*
 * Background replacement, frame by frame (lesson Sec. 5.4):
 *
 *   frame --Segmenter--> person probability --EdgeCorrection (Sec. 2.4)--> alpha --MaskSmoother (Sec. 5.2)--> alpha_t
 *   background_t (resized to the frame) --ColourTransfer of the person towards it (Sec. 4.1, optional)--> person
 *   FrameCompositor(person, background_t, alpha_t) --> composite --> FrameSink(s)
 *   with a ground truth: TemporalMetrics(alpha_t, truth_t) (Sec. 5.3)
 *
 * A still background is used for every frame; a background video shorter than the input holds its last frame. A
 * background of another size is resized (bilinear) and the report says so. Frames whose matte is empty or
 * covers the whole frame are counted and reported. Progress goes to the given stream (stderr on the command line).
 * Not here: audio, frame-rate conversion, several people told apart.
 */
package workbench.portrait.pipeline;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;
import workbench.portrait.matte.ColourTransfer;
import workbench.portrait.matte.EdgeCorrection;
import workbench.portrait.matte.GuidedFilterOps;
import workbench.portrait.temporal.MaskSmoother;
import workbench.portrait.temporal.TemporalMetrics;

public final class PortraitPipeline {
    /**
     * @param refine      edge correction options, or null to take the probability as the matte
     * @param colour      strength of the Reinhard colour transfer, 0 = off
     * @param maxFrames   stop after this many frames (0 = all)
     */
    public record Settings(Segmenter segmenter, EdgeCorrection.Options refine, GuidedFilterOps guided, MaskSmoother smoother,
                           FrameCompositor compositor, double colour, int maxFrames) { }

    /** What a run did, for the report. */
    public record Report(int frames, int emptyFrames, int fullFrames, double seconds, List<String> notes, TemporalMetrics metrics) {
        public double secondsPerFrame() { return frames == 0 ? 0 : seconds / frames; }
    }

    private final Settings s;

    public PortraitPipeline(Settings settings) { this.s = settings; }

    public Report run(FrameSource input, FrameSource background, FrameSource truth, List<FrameSink> sinks, PrintWriter progress) {
        List<String> notes = new ArrayList<>();
        TemporalMetrics metrics = truth == null ? null : new TemporalMetrics();
        s.smoother().reset();
        int n = 0, empty = 0, full = 0;
        boolean resizedNoted = false;
        Image8 lastBg = null;
        long t0 = System.nanoTime(), lastReport = t0;
        long total = input.frameCount();
        for (Image8 frame; (s.maxFrames() == 0 || n < s.maxFrames()) && (frame = input.next()) != null; n++) {
            if (frame.channels() != 3) throw new IllegalArgumentException("input frame " + n + " is not RGB: " + frame.sizeString());
            // Sec. 5.4 step 1: segment (network or the user's mask), step 2: edge correction
            Matte p = s.segmenter().probability(frame, n);
            Matte alpha = s.refine() == null ? p : EdgeCorrection.refine(frame, p, s.refine(), s.guided());
            // Sec. 5.2: temporal smoothing of the matte
            alpha = s.smoother().next(alpha);
            int[] onOff = coverage(alpha);
            if (onOff[0] == 0) empty++;
            if (onOff[1] == 0) full++;
            // the background for this frame, fitted to the frame's size
            Image8 bg = lastBg != null && background.still() ? lastBg : background.next();
            if (bg == null) {
                if (lastBg == null) throw new IllegalArgumentException(background.describe() + ": the background has no frames");
                notes.add("the background video ended at frame " + n + "; its last frame is held from there on");
                bg = lastBg;
                background = FrameSource.still(lastBg, background.describe());
            }
            if (!bg.sameSize(frame)) {
                if (!resizedNoted) {
                    notes.add("background " + bg.width() + "x" + bg.height() + " resized (bilinear, stretched) to the frame's " + frame.width()
                            + "x" + frame.height());
                    resizedNoted = true;
                }
                bg = Resize.bilinear(bg, frame.width(), frame.height());
            }
            lastBg = bg;
            // Sec. 4.1: move the person's colours towards the new background's (optional)
            Image8 fg = s.colour() > 0 && onOff[0] > 0 ? ColourTransfer.reinhard(frame, alpha, bg, null, s.colour()) : frame;
            Image8 out = s.compositor().composite(fg, bg, alpha);
            for (FrameSink sink : sinks) sink.accept(out, n);
            if (metrics != null) {
                Image8 g = truth.next();
                if (g == null) throw new IllegalArgumentException("--truth " + truth.describe() + ": ran out of masks at frame " + n
                        + "\n  ---> HINT: the ground truth needs one mask per frame of the input.");
                if (!g.sameSize(frame)) throw new IllegalArgumentException("--truth " + truth.describe() + ": mask " + n + " is "
                        + g.width() + "x" + g.height() + ", the frame " + frame.width() + "x" + frame.height());
                metrics.add(alpha, Matte.fromMask(g));
            }
            long now = System.nanoTime();
            if (progress != null && (now - lastReport > 1_000_000_000L || n == 0)) {
                double el = (now - t0) / 1e9;
                progress.printf(Locale.ROOT, "portrait: frame %d%s, %.2f s/frame%n", n + 1, total > 0 ? "/" + total : "", el / (n + 1));
                progress.flush();
                lastReport = now;
            }
        }
        if (n == 0) throw new IllegalArgumentException(input.describe() + ": no frames to process");
        for (FrameSink sink : sinks) sink.finish();
        if (empty > 0) notes.add(empty + " of " + n + " frame(s) have an empty matte (nobody found): the output shows the background there");
        if (full > 0) notes.add(full + " of " + n + " frame(s) have a matte covering the whole frame: the background does not show there");
        return new Report(n, empty, full, (System.nanoTime() - t0) / 1e9, notes, metrics);
    }

    /** {pixels with alpha >= 0.5, pixels with alpha < 0.5}. */
    static int[] coverage(Matte m) {
        int on = 0, off = 0;
        for (float a : m.alpha()) {
            if (a >= 0.5f) on++;
            else off++;
        }
        return new int[] {on, off};
    }
}
