/*
 * vggish_smoke_test.py, adapted (Hershey et al. 2017, Sec. 4.4: the embeddings AudioSet ships).
 * The official test makes 3 s of a 1 kHz sine at 16 kHz, checks that resampling works (to
 * 0.75 x the rate), that waveform_to_examples gives (3, 96, 64), runs VGGish and the post-processor,
 * and compares the mean and standard deviation of both outputs with measured constants, within
 * 10 % relative:
 *   embedding mean 0.000657, std 0.343; post-processed mean 126.0, std 89.3
 * Those constants belong to the current code, where the embedding is taken BEFORE the last ReLU.
 * Before 2020 the embedding was post-ReLU (mean 0.131, std 0.238; post-processed 123.0, 75.0), and
 * torchvggish still checks those; a pre-activation embedding has about zero mean, a post-ReLU
 * one cannot.
 * With the real weights and PCA file this class checks those statistics. Without them it runs the
 * same pipeline on a seeded network and a seeded PCA and says plainly that only the shapes, the
 * value ranges and the front end were checked, not the statistics.
 */
package workbench.vggish;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.tensor.Tensor;

public final class SmokeTest {
    private SmokeTest() {}

    public static final double NUM_SECS = 3, FREQ = 1000;
    /** Measured by the official test (NumPy 1.24 / TF 2.13, July 2023), for the pre-ReLU embedding. */
    public static final double EXPECTED_EMBEDDING_MEAN = 0.000657, EXPECTED_EMBEDDING_STD = 0.343;
    public static final double EXPECTED_POSTPROCESSED_MEAN = 126.0, EXPECTED_POSTPROCESSED_STD = 89.3;
    /** The official test's tolerance: "Up to 10%" relative. */
    public static final double REL_ERROR = 0.1;

    /** What ran and what was checked; passed() is the verdict, text() the printout. */
    public record Report(boolean realWeights, Tensor examples, Tensor embeddings, Postprocessor.Result postprocessed,
                         double embeddingMean, double embeddingStd, double postprocessedMean, double postprocessedStd,
                         List<String> checks, boolean passed) {
        public String text() {
            StringBuilder sb = new StringBuilder(realWeights ? "VGGish smoke test (real weights and PCA parameters)\n"
                    : "VGGish smoke test on a SEEDED network and PCA (no real weights given)\n");
            for (String c : checks) sb.append("  ").append(c).append('\n');
            sb.append(passed ? (realWeights ? "Looks good: statistics within 10 % of the official values."
                    : "Pipeline OK. Statistics NOT checked: they only mean something with the trained weights (--weights, --pca).")
                    : "SMOKE TEST FAILED");
            return sb.toString();
        }
    }

    /** The official test signal: sin(2 pi 1000 t), t = np.arange(0, 3, 1/16000). */
    public static double[] testSignal(int sampleRate) {
        double step = 1.0 / sampleRate;
        int n = (int) Math.ceil(NUM_SECS / step);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.sin(2 * Math.PI * FREQ * (i * step));
        return x;
    }

    /**
     * Runs the test. {@code model} and {@code pca} are the loaded real ones when {@code realWeights},
     * else seeded stand-ins (see VggishCheckpoints.seeded, seededPca).
     */
    public static Report run(VGGish model, Postprocessor pca, boolean realWeights, Kernels kernels, SpectralOps ops) {
        List<String> checks = new ArrayList<>();
        boolean ok = true;
        int sr = VggishParams.SAMPLE_RATE;
        double[] x = testSignal(sr);

        double[] resampled = Resampler.resample(x, sr, sr * 0.75);
        boolean resampleOk = resampled.length == Resampler.outputLength(x.length, sr, sr * 0.75) && allFinite(resampled);
        ok &= resampleOk;
        checks.add(verdict(resampleOk, "resampling to 0.75 x the rate works (" + x.length + " -> " + resampled.length + " samples)"));

        VggishInput.Examples ex = VggishInput.waveformToExamples(x, sr, ops);
        Tensor examples = ex.examples();
        boolean shapeOk = examples.dim(0) == (int) NUM_SECS && examples.dim(1) == VggishParams.NUM_FRAMES
                && examples.dim(2) == VggishParams.NUM_BANDS && allFinite(examples.data());
        ok &= shapeOk;
        checks.add(verdict(shapeOk, "log-mel examples " + examples.shapeString() + " (expected (3, 96, 64)), all finite"));

        Tensor emb = model.call(ex.batch(), Context.of(kernels));
        boolean embOk = emb.dim(0) == examples.dim(0) && emb.dim(1) == VggishParams.EMBEDDING_SIZE && allFinite(emb.data());
        ok &= embOk;
        checks.add(verdict(embOk, "embeddings " + emb.shapeString() + ", all finite"));

        Postprocessor.Result pp = pca.postprocess(emb);
        boolean bytesOk = true;
        for (int b : pp.bytes()) bytesOk &= b >= 0 && b <= 255;
        ok &= bytesOk;
        checks.add(verdict(bytesOk, "post-processed " + pp.bytesTensor().shapeString() + " uint8 values in 0..255"));

        double[] es = meanStd(emb.data());
        float[] ppf = pp.bytesTensor().data();
        double[] ps = meanStd(ppf);
        String stats = String.format(Locale.ROOT, "embedding mean/std %.6f / %.4f, post-processed mean/std %.2f / %.2f", es[0], es[1], ps[0], ps[1]);
        if (realWeights) {
            boolean statsOk = close(es[0], EXPECTED_EMBEDDING_MEAN) && close(es[1], EXPECTED_EMBEDDING_STD)
                    && close(ps[0], EXPECTED_POSTPROCESSED_MEAN) && close(ps[1], EXPECTED_POSTPROCESSED_STD);
            ok &= statsOk;
            checks.add(verdict(statsOk, stats + String.format(Locale.ROOT, "; official %.6f / %.3f, %.1f / %.1f (rtol %.0f %%)",
                    EXPECTED_EMBEDDING_MEAN, EXPECTED_EMBEDDING_STD, EXPECTED_POSTPROCESSED_MEAN, EXPECTED_POSTPROCESSED_STD, REL_ERROR * 100)));
        } else {
            checks.add("NOT CHECKED  " + stats + " (seeded network: the official values do not apply)");
        }
        return new Report(realWeights, examples, emb, pp, es[0], es[1], ps[0], ps[1], checks, ok);
    }

    /** A stand-in PCA: a seeded random rotation-like matrix scaled by 1/sqrt(D), zero means, float32. */
    public static Postprocessor seededPca(long seed) {
        int d = VggishParams.EMBEDDING_SIZE;
        Tensor r = Tensor.randn(seed, d, d);
        double[] p = new double[d * d];
        for (int i = 0; i < p.length; i++) p[i] = (float) (r.data()[i] / Math.sqrt(d));
        return new Postprocessor(p, new double[d], d, true);
    }

    private static boolean close(double got, double expected) {
        // numpy.testing.assert_allclose(actual, desired, rtol): |actual - desired| <= rtol * |desired|
        return Math.abs(got - expected) <= REL_ERROR * Math.abs(expected);
    }

    /** np.mean and np.std (population, ddof = 0), accumulated in double. */
    static double[] meanStd(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        double mean = s / v.length, q = 0;
        for (float x : v) q += (x - mean) * (x - mean);
        return new double[] {mean, Math.sqrt(q / v.length)};
    }

    private static String verdict(boolean ok, String what) {
        return (ok ? "OK           " : "FAILED       ") + what;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

    private static boolean allFinite(float[] v) {
        for (float x : v) if (!Float.isFinite(x)) return false;
        return true;
    }
}
