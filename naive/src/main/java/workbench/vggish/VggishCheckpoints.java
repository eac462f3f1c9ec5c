/*
 * Loads VGGish weights from the files users have:
 *   - a torchvggish state_dict (.pth, or .npz/.safetensors with the same keys): features.N.weight
 *     (K, C, 3, 3), embeddings.N.weight (out, in). Keys of torchvggish's postprocessor
 *     ("pproc.*") are set aside; a DataParallel "module." prefix is stripped.
 *   - an .npz of the TF-Slim variables of vggish_slim.py (vggish/conv1/weights (3, 3, C, K),
 *     vggish/fc1/fc1_1/weights (in, out), ..., with or without TF's ":0" suffix): kernels are
 *     transposed HWIO -> OIHW and dense weights (in, out) -> (out, in).
 * fc1's input order needs no change in either case: both were trained on a channels-last flatten,
 * and VGGish.forward flattens channels-last (Sec. 4.1 of the lesson shows what happens otherwise).
 * Also: a seeded random network, for running the pipeline when no weights are at hand.
 */
package workbench.vggish;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import workbench.io.StateDict;
import workbench.nn.LoadReport;
import workbench.nn.StateDictLoader;
import workbench.tensor.Tensor;

public final class VggishCheckpoints {
    private VggishCheckpoints() {}

    /** TF-Slim scope of each torchvggish layer, in order. */
    public static final Map<String, String> TF_SCOPES = tfScopes();

    private static Map<String, String> tfScopes() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        m.put("features.0", "vggish/conv1");
        m.put("features.3", "vggish/conv2");
        m.put("features.6", "vggish/conv3/conv3_1");
        m.put("features.8", "vggish/conv3/conv3_2");
        m.put("features.11", "vggish/conv4/conv4_1");
        m.put("features.13", "vggish/conv4/conv4_2");
        m.put("embeddings.0", "vggish/fc1/fc1_1");
        m.put("embeddings.2", "vggish/fc1/fc1_2");
        m.put("embeddings.4", "vggish/fc2");
        return m;
    }

    /** Reads {@code file}, recognises its layout, and loads it into {@code model} strictly. */
    public static LoadReport load(VGGish model, Path file) {
        StateDict sd = StateDict.load(file);
        return load(model, sd.asMap(), file.toString());
    }

    public static LoadReport load(VGGish model, Map<String, Tensor> entries, String source) {
        Map<String, Tensor> torch = isTfLayout(entries) ? fromTf(entries, source) : torchKeys(entries);
        return StateDictLoader.load(model, torch, source, "vggish", sd -> java.util.Optional.empty());
    }

    /** True when the keys are TF variable names (vggish/...). */
    public static boolean isTfLayout(Map<String, Tensor> entries) {
        return entries.keySet().stream().anyMatch(k -> k.startsWith("vggish/"));
    }

    private static Map<String, Tensor> torchKeys(Map<String, Tensor> entries) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            String key = k.startsWith("module.") ? k.substring("module.".length()) : k;
            if (!key.startsWith("pproc.")) out.put(key, v);    // torchvggish keeps the PCA under pproc.
        });
        return out;
    }

    /** TF-Slim variables -> torchvggish keys, transposing every weight to PyTorch's layout. */
    static Map<String, Tensor> fromTf(Map<String, Tensor> entries, String source) {
        Map<String, Tensor> tf = new LinkedHashMap<>();
        entries.forEach((k, v) -> tf.put(k.endsWith(":0") ? k.substring(0, k.length() - 2) : k, v));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : TF_SCOPES.entrySet()) {
            Tensor w = tf.remove(e.getValue() + "/weights"), b = tf.remove(e.getValue() + "/biases");
            if (w == null || b == null) {
                throw new IllegalArgumentException(source + ": TF variable " + e.getValue() + (w == null ? "/weights" : "/biases")
                        + " missing; found " + entries.keySet()
                        + "\n  ---> HINT: save every variable of define_vggish_slim(): np.savez(path, **{v.name: sess.run(v) for v in tf.global_variables()}).");
            }
            out.put(e.getKey() + ".weight", w.rank() == 4 ? hwioToOihw(w) : transpose(w));
            out.put(e.getKey() + ".bias", b);
        }
        tf.keySet().removeIf(k -> k.contains("global_step") || k.contains("Adam") || k.contains("logits"));
        out.putAll(tf);     // whatever is left is reported as unexpected by the strict loader
        return out;
    }

    /** TF conv kernel (kh, kw, C, K) -> PyTorch (K, C, kh, kw). */
    public static Tensor hwioToOihw(Tensor w) {
        int kh = w.dim(0), kw = w.dim(1), c = w.dim(2), k = w.dim(3);
        float[] s = w.data(), d = new float[s.length];
        for (int y = 0; y < kh; y++)
            for (int x = 0; x < kw; x++)
                for (int ci = 0; ci < c; ci++)
                    for (int ko = 0; ko < k; ko++) d[((ko * c + ci) * kh + y) * kw + x] = s[((y * kw + x) * c + ci) * k + ko];
        return Tensor.of(d, k, c, kh, kw);
    }

    /** (rows, cols) -> (cols, rows). */
    public static Tensor transpose(Tensor w) {
        if (w.rank() != 2) throw new IllegalArgumentException("transpose: expected a matrix, got " + w.shapeString());
        int r = w.dim(0), c = w.dim(1);
        float[] s = w.data(), d = new float[s.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) d[j * r + i] = s[i * c + j];
        return Tensor.of(d, c, r);
    }

    /**
     * Fills every weight with N(0, 2/fan_in) (He et al.) and every bias with N(0, 0.01^2) from {@code seed}: a
     * stand-in network whose activations keep a sensible scale. Not VGGish's trained function.
     */
    public static VGGish seeded(VGGish model, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            Tensor t = e.getValue();
            boolean weight = e.getKey().endsWith("weight");
            int fanIn = weight ? t.numel() / t.dim(0) : 1;
            float std = weight ? (float) Math.sqrt(2.0 / fanIn) : 0.01f;
            Tensor r = Tensor.randn(seeds.nextLong(), t.shape());
            for (int i = 0; i < t.numel(); i++) t.data()[i] = std * r.data()[i];
        }
        return model;
    }
}
