/*
 * Golden cases of chapter 04, parts 2 and 4 (mask edge correction, colour harmonisation), recognised
 * by provenance.function:
 *   softmax_person, sigmoid_person   torch.softmax / torch.sigmoid          -> PersonProbability (Sec. 2.1)
 *   getStructuringElement            cv2 MORPH_ELLIPSE kernels              -> Morphology.ellipse (Sec. 2.2)
 *   mask_cleanup                     cv2 threshold, components, floodFill, morphologyEx, every stage -> MaskCleanup
 *   boxFilter, guidedFilter          cv2.boxFilter / cv2.ximgproc.guidedFilter -> GuidedFilterOps (Sec. 2.3)
 *   edge_correction                  the chain, ending in ximgproc          -> EdgeCorrection (Sec. 2.4)
 *   reinhard                         the paper's formulas in numpy          -> ColourTransfer (Sec. 4.1)
 *   cielab, reinhard_cielab          cv2.cvtColor LBGR2Lab / Lab2LBGR and the Lab variant -> CieLab, ColourTransfer (Sec. 4.3)
 * The guided filter runs on the implementation's twin (NaiveGuidedFilter or PanamaGuidedFilter); the
 * other steps have one implementation and run the same on both. The generator is
 * golden-tests/generate/portrait_matte.py; nothing here computes an expected value.
 */
package workbench.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import workbench.kernels.Kernels;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;
import workbench.portrait.matte.BoxBorder;
import workbench.portrait.matte.CieLab;
import workbench.portrait.matte.ColourTransfer;
import workbench.portrait.matte.EdgeCorrection;
import workbench.portrait.matte.GuidedFilterOps;
import workbench.portrait.matte.LAlphaBeta;
import workbench.portrait.matte.MaskCleanup;
import workbench.portrait.matte.Morphology;
import workbench.portrait.matte.NaiveGuidedFilter;
import workbench.portrait.matte.PersonProbability;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;
import workbench.vectorized.portrait.PanamaGuidedFilter;

public final class PortraitMatteCases implements CaseRunner {
    @Override
    public String chapter() { return "portrait"; }

    @Override
    public Set<String> functions() {
        return Set.of("softmax_person", "sigmoid_person", "getStructuringElement", "mask_cleanup", "boxFilter", "guidedFilter",
                "edge_correction", "reinhard", "cielab", "reinhard_cielab");
    }

    @Override
    public Set<String> inputs(GoldenCase c) {
        return Set.of("input", "guide", "frame", "foreground", "alpha", "reference", "reference_weight");
    }

    /** The guided filter's twin of an implementation: the vectorized Kernels go with PanamaGuidedFilter. */
    public static GuidedFilterOps guidedFilterOps(Kernels kernels) {
        return kernels instanceof VectorKernels ? new PanamaGuidedFilter() : NaiveGuidedFilter.INSTANCE;
    }

    @Override
    public Map<String, Tensor> run(GoldenCase c, Kernels kernels) {
        GuidedFilterOps ops = guidedFilterOps(kernels);
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (c.function()) {
            case "softmax_person" -> out.put("output", plane(PersonProbability.fromLogits(c.tensor("input"), c.intArg("person_class"))));
            case "sigmoid_person" -> out.put("output", plane(PersonProbability.fromBinaryLogit(c.tensor("input"))));
            case "getStructuringElement" -> {
                for (GoldenCase.FileEntry f : c.files()) {
                    int[] s = f.shape();   // [height, width]
                    boolean[][] k = Morphology.ellipse(s[1], s[0]);
                    float[] v = new float[s[0] * s[1]];
                    for (int i = 0; i < s[0]; i++) for (int j = 0; j < s[1]; j++) v[i * s[1] + j] = k[i][j] ? 1 : 0;
                    out.put(f.name(), Tensor.of(v, s));
                }
            }
            case "mask_cleanup" -> {
                MaskCleanup.Stages st = MaskCleanup.clean(matte(c.tensor("input")), (float) c.arguments().path("threshold").asDouble(),
                        c.intArg("kernel_size"));
                out.put("threshold", image(st.threshold()));
                out.put("largest", image(st.largest()));
                out.put("filled", image(st.filled()));
                out.put("opened", image(st.opened()));
                out.put("output", image(st.output()));
            }
            case "boxFilter" -> {
                Tensor p = c.tensor("input");
                out.put("output", Tensor.of(ops.boxMean(p.data(), p.dim(1), p.dim(0), c.intArg("radius"), BoxBorder.REFLECT), p.shape()));
            }
            case "guidedFilter" -> {
                Tensor p = c.tensor("input");
                float[] q = ops.filter(image8(c.tensor("guide")), p.data(), c.intArg("radius"), c.arguments().path("eps").asDouble(),
                        BoxBorder.REFLECT);
                out.put("output", Tensor.of(q, p.shape()));
            }
            case "edge_correction" -> {
                EdgeCorrection.Options o = new EdgeCorrection.Options((float) c.arguments().path("threshold").asDouble(),
                        c.intArg("kernel_size"), c.intArg("radius"), c.arguments().path("eps").asDouble());
                EdgeCorrection.Result r = EdgeCorrection.run(image8(c.tensor("frame")), matte(c.tensor("input")), o, ops);
                out.put("mask", image(r.mask()));
                out.put("output", plane(r.matte()));
                out.put("band", image(r.band(c.intArg("band_kernel"))));
            }
            case "reinhard" -> reinhard(c, out);
            case "cielab" -> {
                float[] lin = c.tensor("input").data(), labIn = c.tensor("output").data();
                int n = lin.length / 3;
                float[] lab = new float[3 * n], back = new float[3 * n];
                for (int i = 0; i < n; i++) {
                    double[] v = CieLab.fromLinear(lin[3 * i], lin[3 * i + 1], lin[3 * i + 2]);
                    // the way back starts from OpenCV's Lab, so each direction is checked on its own
                    double[] r = CieLab.toLinear(new double[] {labIn[3 * i], labIn[3 * i + 1], labIn[3 * i + 2]});
                    for (int k = 0; k < 3; k++) {
                        lab[3 * i + k] = (float) v[k];
                        back[3 * i + k] = (float) r[k];
                    }
                }
                out.put("output", Tensor.of(lab, n, 3));
                out.put("linear_back", Tensor.of(back, n, 3));
            }
            case "reinhard_cielab" -> reinhardCieLab(c, out);
            default -> throw new IllegalArgumentException(c.dir() + ": chapter portrait has no function '" + c.function() + "'");
        }
        return out;
    }

    private static void reinhard(GoldenCase c, Map<String, Tensor> out) {
        Image8 fg = image8(c.tensor("foreground")), ref = image8(c.tensor("reference"));
        Matte alpha = matte(c.tensor("alpha")), refWeight = matte(c.tensor("reference_weight"));
        double t = c.arguments().path("strength").asDouble();
        LAlphaBeta.Inverse inverse = LAlphaBeta.Inverse.valueOf(c.textArg("inverse").toUpperCase(java.util.Locale.ROOT));
        double[] v = ColourTransfer.reinhardUnrounded(fg, alpha, ref, refWeight, t, inverse);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        out.put("unrounded", Tensor.of(f, fg.height(), fg.width(), 3));
        out.put("output", image(ColourTransfer.reinhard(fg, alpha, ref, refWeight, t, inverse)));
        ColourTransfer.Stats s = ColourTransfer.statistics(fg, alpha), r = ColourTransfer.statistics(ref, refWeight);
        out.put("source_mean", vector(s.mean()));
        out.put("source_std", vector(s.std()));
        out.put("target_mean", vector(r.mean()));
        out.put("target_std", vector(r.std()));
    }

    private static void reinhardCieLab(GoldenCase c, Map<String, Tensor> out) {
        Image8 fg = image8(c.tensor("foreground")), ref = image8(c.tensor("reference"));
        Matte alpha = matte(c.tensor("alpha")), refWeight = matte(c.tensor("reference_weight"));
        double t = c.arguments().path("strength").asDouble();
        double[] v = ColourTransfer.reinhardCieLabUnrounded(fg, alpha, ref, refWeight, t);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        out.put("unrounded", Tensor.of(f, fg.height(), fg.width(), 3));
        out.put("output", image(ColourTransfer.reinhardCieLab(fg, alpha, ref, refWeight, t)));
        ColourTransfer.Stats s = ColourTransfer.cieLabStatistics(fg, alpha), r = ColourTransfer.cieLabStatistics(ref, refWeight);
        out.put("source_mean", vector(s.mean()));
        out.put("source_std", vector(s.std()));
        out.put("target_mean", vector(r.mean()));
        out.put("target_std", vector(r.std()));
    }

    private static Tensor vector(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.of(f, v.length);
    }

    /** [H, W] probabilities -> Matte. */
    static Matte matte(Tensor t) {
        return new Matte(t.dim(1), t.dim(0), t.data().clone());
    }

    static Tensor plane(Matte m) {
        return Tensor.of(m.alpha().clone(), m.height(), m.width());
    }

    /** [H, W] or [H, W, 3] float levels 0..255 -> Image8. */
    static Image8 image8(Tensor t) {
        int channels = t.rank() == 3 ? t.dim(2) : 1;
        float[] d = t.data();
        byte[] b = new byte[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0 || d[i] > 255 || d[i] != Math.rint(d[i])) {
                throw new IllegalArgumentException("golden image holds " + d[i] + " at flat index " + i + "; expected integer levels 0..255");
            }
            b[i] = (byte) (int) d[i];
        }
        return new Image8(t.dim(1), t.dim(0), channels, b);
    }

    /** Image8 -> [H, W] (1 channel) or [H, W, 3] float levels. */
    static Tensor image(Image8 img) {
        byte[] b = img.data();
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) f[i] = b[i] & 0xff;
        return img.channels() == 1 ? Tensor.of(f, img.height(), img.width()) : Tensor.of(f, img.height(), img.width(), 3);
    }
}
