/*
 * SSD's training-time data augmentation (SSD, Liu et al. 2016, Sec. 2.2 "Data augmentation", and the "zoom out"
 * of the experiments, Sec. 3; weiliu89/caffe: annotated_data_layer.cpp, util/sampler.cpp (GenerateBatchSamples, SampleBBox,
 * SatisfySampleConstraint), util/im_transforms.cpp (ApplyDistort, ExpandImage), data_transformer.cpp
 * (CropImage, TransformAnnotation with emit_type CENTER); parameters from examples/ssd/ssd_pascal.py).
 *
 * Order, as caffe's AnnotatedData layer applies it to one image:
 *   1. photometric distortion   brightness +-32, contrast x[0.5, 1.5], saturation x[0.5, 1.5], hue +-18
 *                               (OpenCV's 0..180 hue units), each with probability 0.5, contrast first or last
 *   2. expand ("zoom out")      with probability 0.5: a canvas 1..4 times larger filled with the mean pixel,
 *                               the image at a random offset
 *   3. batch samplers           the seven of ssd_pascal.py: the whole image, then patches of scale 0.3..1 and
 *                               aspect ratio 0.5..2 whose jaccard overlap with some object is >= 0.1, 0.3, 0.5,
 *                               0.7, 0.9, or any (max 1.0); up to 50 trials each; one of the found patches is
 *                               chosen uniformly, the whole image if none was found
 *   4. crop                     boxes whose centre leaves the patch are dropped, the others clipped to it
 *   5. resize                   to size x size (bilinear)
 *   6. horizontal flip          with probability 0.5
 * Everything random comes from one SplittableRandom: the same seed gives the same sample.
 * Images are (3, H, W) float in 0..255, RGB; boxes (M, 4) in pixels (x1, y1, x2, y2).
 * Deliberate simplifications: caffe picks a random interpolation (linear, area, nearest, cubic, Lanczos) for the
 * resize, we always use bilinear; HSV is computed in float, not OpenCV's 8-bit conversion; caffe's
 * random_order_prob (0 in ssd_pascal.py) is not modelled.
 */
package workbench.ssd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import workbench.tensor.Tensor;

public final class Augmentation {
    /** An image with its ground truth. */
    public record Sample(Tensor image, Tensor boxes, int[] labels) {
        public Sample {
            if (image.rank() != 3 || image.dim(0) != 3) {
                throw new IllegalArgumentException("augmentation: expected an RGB image (3, H, W), got " + image.shapeString());
            }
            if (boxes.numel() == 0) boxes = Tensor.zeros(0, 4);
            BoxCoder.requireBoxes("augmentation: boxes", boxes);
            if (labels.length != boxes.dim(0)) {
                throw new IllegalArgumentException("augmentation: " + boxes.dim(0) + " boxes but " + labels.length + " labels");
            }
        }

        public int height() { return image.dim(1); }
        public int width() { return image.dim(2); }
    }

    /** caffe's BatchSampler: the patch distribution and the overlap it must reach with some object. */
    public record BatchSampler(float minScale, float maxScale, float minAspectRatio, float maxAspectRatio,
                               float minJaccard, float maxJaccard, int maxTrials, int maxSample) {
        /** Sampler 1 of ssd_pascal.py: the whole image (scale 1, ratio 1, no constraint, one trial). */
        public static BatchSampler wholeImage() {
            return new BatchSampler(1f, 1f, 1f, 1f, Float.NaN, Float.NaN, 1, 1);
        }

        /** Samplers 2..7: scale 0.3..1, ratio 0.5..2, 50 trials, min jaccard given (NaN: only max 1.0). */
        public static BatchSampler patch(float minJaccard, float maxJaccard) {
            return new BatchSampler(0.3f, 1f, 0.5f, 2f, minJaccard, maxJaccard, 50, 1);
        }

        boolean hasConstraint() { return !Float.isNaN(minJaccard) || !Float.isNaN(maxJaccard); }
    }

    /** The seven batch samplers of caffe's ssd_pascal.py, in its order. */
    public static final List<BatchSampler> SSD_SAMPLERS = List.of(
            BatchSampler.wholeImage(),
            BatchSampler.patch(0.1f, Float.NaN), BatchSampler.patch(0.3f, Float.NaN), BatchSampler.patch(0.5f, Float.NaN),
            BatchSampler.patch(0.7f, Float.NaN), BatchSampler.patch(0.9f, Float.NaN), BatchSampler.patch(Float.NaN, 1.0f));

    /** caffe's mean pixel of SSD (104, 117, 123 in BGR), here in RGB: the expansion canvas colour. */
    public static final float[] MEAN_RGB = {123f, 117f, 104f};

    public final int size;
    public final float expandProb = 0.5f, maxExpandRatio = 4f, flipProb = 0.5f;
    public final float distortProb = 0.5f, brightnessDelta = 32f, contrastLower = 0.5f, contrastUpper = 1.5f;
    public final float saturationLower = 0.5f, saturationUpper = 1.5f, hueDelta = 18f;
    public final List<BatchSampler> samplers;

    public Augmentation(int size, List<BatchSampler> samplers) {
        this.size = size;
        this.samplers = List.copyOf(samplers);
    }

    public static Augmentation ssd300() {
        return new Augmentation(300, SSD_SAMPLERS);
    }

    /** The whole pipeline with one seed: distort, expand, sample a patch, crop, resize, flip. */
    public Sample apply(Sample s, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        s = distort(s, rng);
        s = expand(s, rng);
        float[] patch = samplePatch(s, rng);
        s = crop(s, patch);
        s = resize(s, size, size);
        return rng.nextDouble() < flipProb ? flip(s) : s;
    }

    // ---- 1. photometric distortion (caffe ApplyDistort) ----------------------------------------------------

    Sample distort(Sample s, SplittableRandom rng) {
        Tensor img = s.image().copy();
        boolean contrastFirst = rng.nextDouble() > 0.5;
        brightness(img, rng);
        if (contrastFirst) contrast(img, rng);
        saturationAndHue(img, rng);
        if (!contrastFirst) contrast(img, rng);
        return new Sample(img, s.boxes(), s.labels());
    }

    private void brightness(Tensor img, SplittableRandom rng) {
        if (rng.nextDouble() >= distortProb) return;
        float delta = (float) (rng.nextDouble() * 2 * brightnessDelta - brightnessDelta);
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) d[i] = clamp255(d[i] + delta);
    }

    private void contrast(Tensor img, SplittableRandom rng) {
        if (rng.nextDouble() >= distortProb) return;
        float alpha = (float) (contrastLower + rng.nextDouble() * (contrastUpper - contrastLower));
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) d[i] = clamp255(d[i] * alpha);
    }

    private void saturationAndHue(Tensor img, SplittableRandom rng) {
        boolean doSat = rng.nextDouble() < distortProb;
        float sat = doSat ? (float) (saturationLower + rng.nextDouble() * (saturationUpper - saturationLower)) : 1f;
        boolean doHue = rng.nextDouble() < distortProb;
        // caffe shifts OpenCV's 8-bit hue (0..180) by up to +-18, i.e. up to +-36 degrees
        float hueShiftDeg = doHue ? (float) ((rng.nextDouble() * 2 * hueDelta - hueDelta) * 2) : 0f;
        if (!doSat && !doHue) return;
        int hw = img.dim(1) * img.dim(2);
        float[] d = img.data();
        float[] hsv = new float[3], rgb = new float[3];
        for (int p = 0; p < hw; p++) {
            rgbToHsv(d[p], d[hw + p], d[2 * hw + p], hsv);
            hsv[0] = ((hsv[0] + hueShiftDeg) % 360f + 360f) % 360f;
            hsv[1] = Math.min(1f, hsv[1] * sat);
            hsvToRgb(hsv, rgb);
            d[p] = rgb[0];
            d[hw + p] = rgb[1];
            d[2 * hw + p] = rgb[2];
        }
    }

    // ---- 2. expand / zoom out (caffe ExpandImage) ------------------------------------------------------------

    Sample expand(Sample s, SplittableRandom rng) {
        if (rng.nextDouble() >= expandProb) return s;
        float ratio = (float) (1 + rng.nextDouble() * (maxExpandRatio - 1));
        return expandBy(s, ratio, rng.nextDouble(), rng.nextDouble());
    }

    /** Places the image on a canvas ratio times larger at fractions (fx, fy) of the free space; boxes move with it. */
    static Sample expandBy(Sample s, float ratio, double fx, double fy) {
        int h = s.height(), w = s.width();
        int eh = (int) (h * ratio), ew = (int) (w * ratio);
        int top = (int) Math.floor(fy * (eh - h)), left = (int) Math.floor(fx * (ew - w));
        Tensor canvas = Tensor.zeros(3, eh, ew);
        float[] c = canvas.data(), src = s.image().data();
        for (int ch = 0; ch < 3; ch++) {
            Arrays.fill(c, ch * eh * ew, (ch + 1) * eh * ew, MEAN_RGB[ch]);
            for (int y = 0; y < h; y++) System.arraycopy(src, (ch * h + y) * w, c, (ch * eh + top + y) * ew + left, w);
        }
        Tensor boxes = s.boxes().copy();
        float[] b = boxes.data();
        for (int i = 0; i < b.length; i++) b[i] += (i % 2 == 0) ? left : top;
        return new Sample(canvas, boxes, s.labels());
    }

    // ---- 3. batch samplers (caffe GenerateBatchSamples) ------------------------------------------------------

    /** One patch (x1, y1, x2, y2) in [0, 1] image coordinates: uniformly among those the samplers found. */
    float[] samplePatch(Sample s, SplittableRandom rng) {
        List<float[]> found = new ArrayList<>();
        for (BatchSampler sampler : samplers) found.addAll(generate(sampler, s, rng));
        if (found.isEmpty()) return new float[] {0, 0, 1, 1};
        return found.get(rng.nextInt(found.size()));
    }

    /** Up to maxSample patches from maxTrials draws that satisfy the sampler's constraint. */
    static List<float[]> generate(BatchSampler sampler, Sample s, SplittableRandom rng) {
        List<float[]> out = new ArrayList<>();
        Tensor gt = normalised(s);
        for (int t = 0; t < sampler.maxTrials() && out.size() < sampler.maxSample(); t++) {
            float[] patch = sampleBBox(sampler, rng);
            if (satisfies(sampler, patch, gt)) out.add(patch);
        }
        return out;
    }

    /** caffe SampleBBox: scale, then an aspect ratio kept so that the patch fits in the unit square, then an offset. */
    static float[] sampleBBox(BatchSampler b, SplittableRandom rng) {
        float scale = (float) (b.minScale() + rng.nextDouble() * (b.maxScale() - b.minScale()));
        float minAr = Math.max(b.minAspectRatio(), scale * scale), maxAr = Math.min(b.maxAspectRatio(), 1f / (scale * scale));
        float ar = (float) (minAr + rng.nextDouble() * (maxAr - minAr));
        float w = (float) (scale * Math.sqrt(ar)), h = (float) (scale / Math.sqrt(ar));
        float x = (float) (rng.nextDouble() * (1 - w)), y = (float) (rng.nextDouble() * (1 - h));
        return new float[] {x, y, x + w, y + h};
    }

    /** caffe SatisfySampleConstraint: no constraint, or some object's overlap within [min, max]. */
    static boolean satisfies(BatchSampler b, float[] patch, Tensor gt) {
        if (!b.hasConstraint()) return true;
        Tensor p = Tensor.of(patch.clone(), 1, 4);
        for (int i = 0; i < gt.dim(0); i++) {
            float o = Boxes.iou(p.data(), 0, gt.data(), i);
            if (!Float.isNaN(b.minJaccard()) && o < b.minJaccard()) continue;
            if (!Float.isNaN(b.maxJaccard()) && o > b.maxJaccard()) continue;
            return true;
        }
        return false;
    }

    private static Tensor normalised(Sample s) {
        Tensor n = s.boxes().copy();
        float[] d = n.data();
        for (int i = 0; i < d.length; i++) d[i] /= (i % 2 == 0) ? s.width() : s.height();
        return n;
    }

    // ---- 4. crop (caffe CropImage + TransformAnnotation, emit_type CENTER) -----------------------------------

    /** Crops to the patch (unit coordinates); keeps boxes whose centre lies inside, clipped to the patch. */
    static Sample crop(Sample s, float[] patch) {
        int h = s.height(), w = s.width();
        int x1 = Math.round(patch[0] * w), y1 = Math.round(patch[1] * h);
        int x2 = Math.max(x1 + 1, Math.round(patch[2] * w)), y2 = Math.max(y1 + 1, Math.round(patch[3] * h));
        x2 = Math.min(x2, w);
        y2 = Math.min(y2, h);
        int cw = x2 - x1, ch = y2 - y1;
        Tensor img = Tensor.zeros(3, ch, cw);
        float[] src = s.image().data(), dst = img.data();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ch; y++) System.arraycopy(src, (c * h + y1 + y) * w + x1, dst, (c * ch + y) * cw, cw);
        }
        List<float[]> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        float[] b = s.boxes().data();
        for (int i = 0; i < s.boxes().dim(0); i++) {
            float cx = (b[i * 4] + b[i * 4 + 2]) / 2, cy = (b[i * 4 + 1] + b[i * 4 + 3]) / 2;
            if (cx < x1 || cx > x2 || cy < y1 || cy > y2) continue;          // centre outside the patch: dropped
            float nx1 = Math.max(b[i * 4] - x1, 0), ny1 = Math.max(b[i * 4 + 1] - y1, 0);
            float nx2 = Math.min(b[i * 4 + 2] - x1, cw), ny2 = Math.min(b[i * 4 + 3] - y1, ch);
            if (nx2 <= nx1 || ny2 <= ny1) continue;                           // nothing left inside
            kept.add(new float[] {nx1, ny1, nx2, ny2});
            labels.add(s.labels()[i]);
        }
        Tensor boxes = Tensor.zeros(kept.size(), 4);
        for (int i = 0; i < kept.size(); i++) System.arraycopy(kept.get(i), 0, boxes.data(), i * 4, 4);
        return new Sample(img, boxes, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    // ---- 5. resize and 6. flip -------------------------------------------------------------------------------

    static Sample resize(Sample s, int outH, int outW) {
        Tensor img = Resize.bilinear(s.image().reshape(1, 3, s.height(), s.width()), outH, outW).reshape(3, outH, outW);
        float sx = (float) outW / s.width(), sy = (float) outH / s.height();
        Tensor boxes = s.boxes().copy();
        float[] b = boxes.data();
        for (int i = 0; i < b.length; i++) b[i] *= (i % 2 == 0) ? sx : sy;
        return new Sample(img, boxes, s.labels());
    }

    static Sample flip(Sample s) {
        int h = s.height(), w = s.width();
        Tensor img = Tensor.zeros(3, h, w);
        float[] src = s.image().data(), dst = img.data();
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) dst[(c * h + y) * w + x] = src[(c * h + y) * w + (w - 1 - x)];
        Tensor boxes = s.boxes().copy();
        float[] b = boxes.data(), o = s.boxes().data();
        for (int i = 0; i < boxes.dim(0); i++) {
            b[i * 4] = w - o[i * 4 + 2];
            b[i * 4 + 2] = w - o[i * 4];
        }
        return new Sample(img, boxes, s.labels());
    }

    // ---- colour helpers --------------------------------------------------------------------------------------

    private static float clamp255(float v) {
        return Math.min(255f, Math.max(0f, v));
    }

    /** r, g, b in 0..255 to h in degrees [0, 360), s and v in [0, 1]. */
    static void rgbToHsv(float r, float g, float b, float[] hsv) {
        float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), delta = max - min;
        float h;
        if (delta == 0) h = 0;
        else if (max == r) h = 60 * (((g - b) / delta) % 6);
        else if (max == g) h = 60 * ((b - r) / delta + 2);
        else h = 60 * ((r - g) / delta + 4);
        hsv[0] = h < 0 ? h + 360 : h;
        hsv[1] = max == 0 ? 0 : delta / max;
        hsv[2] = max / 255f;
    }

    static void hsvToRgb(float[] hsv, float[] rgb) {
        float c = hsv[2] * hsv[1], hp = hsv[0] / 60f, x = c * (1 - Math.abs(hp % 2 - 1)), m = hsv[2] - c;
        float r, g, b;
        if (hp < 1) { r = c; g = x; b = 0; }
        else if (hp < 2) { r = x; g = c; b = 0; }
        else if (hp < 3) { r = 0; g = c; b = x; }
        else if (hp < 4) { r = 0; g = x; b = c; }
        else if (hp < 5) { r = x; g = 0; b = c; }
        else { r = c; g = 0; b = x; }
        rgb[0] = clamp255((r + m) * 255);
        rgb[1] = clamp255((g + m) * 255);
        rgb[2] = clamp255((b + m) * 255);
    }
}
