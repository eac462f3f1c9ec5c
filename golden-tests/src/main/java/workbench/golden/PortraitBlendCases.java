/*
 * Golden cases of chapter 04 part 3 (Poisson blending), recognised by provenance.function:
 *   seamlessClone     cv2.seamlessClone 4.6 (NORMAL / MIXED / MONOCHROME, soft masks, placement, identity) -> SeamlessClone (P2)
 *   alpha_aware       P1 and P5: numpy's alpha formula over the fg and over cv2's clone             -> Blender P1, P5
 *   spsolve_textbook  scipy spsolve on the explicit textbook system (Sec. 3.3)                      -> TextbookPoisson (P3)
 *   spsolve_screened  scipy spsolve on the screened system on the clone ROI (Sec. 3.4)              -> ScreenedPoisson (P4)
 * The twin follows the kernels a case runs on: VectorKernels -> PanamaPoisson, anything else -> NaivePoisson.
 * Besides the per-tensor tolerance (checks.tolerance, per name checks.tolerances), each case has a
 * rule (checks.rule) reported as one more line: for clones, |java - cv2| <= 1 only where the Java float
 * solution lies within near_integer of an integer, in fewer than max_fraction of the values, and
 * nothing outside the ROI changed; for spsolve cases, rounding differs only within near_half of a half level.
 * The generator is golden-tests/generate/portrait_blend.py; nothing here computes an expected value.
 */
package workbench.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import workbench.kernels.Kernels;
import workbench.portrait.blend.BlendMode;
import workbench.portrait.blend.BlendOptions;
import workbench.portrait.blend.Blender;
import workbench.portrait.blend.CloneFlag;
import workbench.portrait.blend.NaivePoisson;
import workbench.portrait.blend.PoissonOps;
import workbench.portrait.blend.ScreenedPoisson;
import workbench.portrait.blend.SeamlessClone;
import workbench.portrait.blend.TextbookPoisson;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels;
import workbench.vectorized.portrait.PanamaPoisson;

public final class PortraitBlendCases implements CaseRunner {
    /** What the rule check needs from run(): the float solution (per pixel of the output, NaN where none). */
    private double[][] solutionAt;

    @Override
    public String chapter() { return "portrait"; }

    @Override
    public Set<String> functions() { return Set.of("seamlessClone", "alpha_aware", "spsolve_textbook", "spsolve_screened"); }

    @Override
    public Set<String> inputs(GoldenCase c) { return Set.of("src", "dst", "mask", "fg", "bg", "alpha"); }

    /** The Poisson twin that goes with a kernels implementation. */
    public static PoissonOps opsFor(Kernels kernels) {
        return kernels instanceof VectorKernels ? new PanamaPoisson() : NaivePoisson.INSTANCE;
    }

    @Override
    public Tol tolerance(GoldenCase c, String name, Tol caseTol) {
        JsonNode t = c.checks().path("tolerances").path(name);
        if (t.isMissingNode()) return caseTol;
        return new Tol(t.path("atol").asDouble(), t.path("rtol").asDouble(0), false, t.path("why").asText(caseTol.why()));
    }

    @Override
    public Map<String, Tensor> run(GoldenCase c, Kernels kernels) {
        PoissonOps ops = opsFor(kernels);
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (c.function()) {
            case "seamlessClone" -> {
                Image8 dst = image(c.tensor("dst"));
                Image8 src = c.arguments().path("src_is_dst").asBoolean() ? dst : image(c.tensor("src"));
                SeamlessClone.Solution s = SeamlessClone.solve(src, dst, image(c.tensor("mask")), c.intArg("px"), c.intArg("py"),
                        CloneFlag.valueOf(c.textArg("flag")), ops, SeamlessClone.Precision.OPENCV, 0.0);
                out.put("output", tensor(s.image()));
                solutionAt = interiorAt(s);
            }
            case "alpha_aware" -> {
                Image8 fg = image(c.tensor("fg")), bg = image(c.tensor("bg"));
                Matte alpha = matte(c.tensor("alpha"));
                BlendOptions o = BlendOptions.defaults().withThreshold((float) c.arguments().path("threshold").asDouble());
                out.put("alpha_over", tensor(Blender.create(BlendMode.P1, o, ops).blend(fg, bg, alpha)));
                out.put("output", tensor(Blender.create(BlendMode.P5, o, ops).blend(fg, bg, alpha)));
            }
            case "spsolve_textbook" -> {
                Image8 fg = image(c.tensor("fg")), bg = image(c.tensor("bg")), mask = image(c.tensor("mask"));
                boolean mixed = c.arguments().path("mixed").asBoolean();
                double[][] f = TextbookPoisson.solve(fg, bg, mask, mixed, ops);
                int n = mask.width() * mask.height();
                float[] sol = new float[n * 3];
                solutionAt = new double[3][n];
                for (int p = 0; p < n; p++) {
                    boolean in = (mask.data()[p] & 0xff) != 0;
                    for (int ch = 0; ch < 3; ch++) {
                        double v = in ? f[ch][p] : bg.data()[p * 3 + ch] & 0xff;
                        sol[p * 3 + ch] = (float) v;
                        solutionAt[ch][p] = in ? v : Double.NaN;
                    }
                }
                out.put("solution", Tensor.of(sol, mask.height(), mask.width(), 3));
                out.put("output", tensor(TextbookPoisson.apply(fg, bg, mask, mixed, ops)));
            }
            case "spsolve_screened" -> {
                Image8 fg = image(c.tensor("fg")), bg = image(c.tensor("bg")), mask = image(c.tensor("mask"));
                SeamlessClone.Solution s = ScreenedPoisson.solve(fg, bg, mask, CloneFlag.valueOf(c.textArg("flag")),
                        c.arguments().path("epsilon").asDouble(), ops);
                int nx = s.w() - 2, ny = s.h() - 2;
                float[] sol = new float[nx * ny * 3];
                for (int k = 0; k < nx * ny; k++) for (int ch = 0; ch < 3; ch++) sol[k * 3 + ch] = (float) s.interior()[ch][k];
                out.put("solution", Tensor.of(sol, ny, nx, 3));
                out.put("output", tensor(s.image()));
                solutionAt = interiorAt(s);
            }
            default -> throw new IllegalArgumentException(c.dir() + ": chapter portrait (blending) has no function '" + c.function() + "'");
        }
        return out;
    }

    @Override
    public List<TensorReport> otherReports(GoldenCase c, Map<String, Tensor> ours, Tol tol) {
        JsonNode rule = c.checks().path("rule");
        if (rule.isMissingNode()) return List.of();
        Tensor ref = c.tensor("output"), got = ours.get("output");
        boolean spsolve = c.function().startsWith("spsolve");
        JsonNode nearNode = rule.path(spsolve ? "near_half" : "near_integer");
        double near = nearNode.isNumber() ? nearNode.asDouble() : Double.NaN;
        double maxFraction = rule.path("max_fraction").asDouble(spsolve ? 1.0 : 5e-4);
        int w = ref.dim(1);
        long differing = 0, unexplained = 0, total = ref.numel();
        double worst = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < ref.numel(); i++) {
            double d = got.data()[i] - ref.data()[i];
            if (d == 0) continue;
            differing++;
            worst = Math.max(worst, Math.abs(d));
            int pixel = i / 3, ch = i % 3;
            double f = solutionAt == null ? Double.NaN : solutionAt[ch][pixel];
            // A difference is explained when it is one level where the float solution sits at the
            // rounding threshold: an integer for truncation, a half for rounding.
            double gap = spsolve ? Math.abs(f - Math.floor(f) - 0.5) : Math.abs(f - Math.rint(f));
            boolean explained = Math.abs(d) <= 1
                    && (Double.isNaN(near) || (!Double.isNaN(f) && gap <= near));    // alpha_aware: no solution to consult
            if (!explained) {
                unexplained++;
                if (examples.size() < 5) {
                    examples.add(String.format(Locale.ROOT, "(y=%d, x=%d, c=%d) ref=%.0f got=%.0f solution=%s", pixel / w, pixel % w, ch,
                            ref.data()[i], got.data()[i], Double.isNaN(f) ? "none (outside the ROI interior)" : String.format(Locale.ROOT, "%.6f", f)));
                }
            }
        }
        double fraction = (double) differing / total;
        boolean ok = unexplained == 0 && fraction < maxFraction;
        String text = String.format(Locale.ROOT, "  rule %s\n  %s  differing=%d/%d (%.4f %%, limit %.3f %%)  max|d|=%.0f  unexplained=%d%s",
                rule.path("why").asText(spsolve ? "rounding differs only at a half level" : ""), ok ? "RULE OK" : "RULE NOT OK",
                differing, total, 100 * fraction, 100 * maxFraction, worst, unexplained,
                examples.isEmpty() ? "" : "\n    " + String.join("\n    ", examples));
        return List.of(new TensorReport("rule(output)", ref.shapeString(), ok, worst, Double.NaN, new int[0], unexplained, total,
                new int[0], tol, text));
    }

    /** The float solution of a clone at each output pixel (NaN outside the ROI's interior), per channel. */
    private static double[][] interiorAt(SeamlessClone.Solution s) {
        Image8 d = s.dst();
        double[][] at = new double[3][d.width() * d.height()];
        for (double[] a : at) java.util.Arrays.fill(a, Double.NaN);
        int nx = s.w() - 2;
        for (int k = 0; k < s.maskInterior().length; k++) {
            int x = s.x() + 1 + k % nx, y = s.y() + 1 + k / nx;
            for (int ch = 0; ch < 3; ch++) at[ch][y * d.width() + x] = s.interior()[ch][k];
        }
        return at;
    }

    /** (H, W, 3) or (H, W) values 0..255 as an Image8. */
    static Image8 image(Tensor t) {
        int h = t.dim(0), w = t.dim(1), ch = t.rank() == 3 ? t.dim(2) : 1;
        byte[] b = new byte[t.numel()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Math.round(t.data()[i]);
        return new Image8(w, h, ch, b);
    }

    static Matte matte(Tensor t) { return new Matte(t.dim(1), t.dim(0), t.data().clone()); }

    static Tensor tensor(Image8 img) {
        float[] f = new float[img.data().length];
        for (int i = 0; i < f.length; i++) f[i] = img.data()[i] & 0xff;
        return img.channels() == 1 ? Tensor.of(f, img.height(), img.width()) : Tensor.of(f, img.height(), img.width(), 3);
    }
}
