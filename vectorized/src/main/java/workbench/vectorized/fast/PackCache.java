/*
 * Packed weights for the op-by-op path (VectorKernels.conv2d version 3), kept between calls: a
 * model run op by op passes the same weight tensors every forward, and packing them costs about as
 * much as a small convolution. Keyed by the weight array's identity (weakly, so a dropped model's
 * entries go with it); every lookup re-reads the weights and bias into a 64-bit fingerprint, so a
 * tensor whose values were changed in place (a checkpoint loaded into the same model) is repacked,
 * never served stale. Reading is about ten times cheaper than packing.
 * The prepared fast path (FastResNet) packs once at prepare time and does not use this.
 */
package workbench.vectorized.fast;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import workbench.kernels.Conv2dSpec;
import workbench.tensor.Tensor;

final class PackCache {
    private PackCache() {}

    private record Entry(long fingerprint, Conv2dSpec spec, int inputCp, PackedConv packed) {}

    private static final Map<float[], Entry> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    static PackedConv packed(Tensor w, Tensor bias, Conv2dSpec spec, int inputCp) {
        long fp = fingerprint(w.data()) * 31 + (bias == null ? 7 : fingerprint(bias.data()));
        Entry e = CACHE.get(w.data());
        if (e != null && e.fingerprint() == fp && e.spec().equals(spec) && e.inputCp() == inputCp) return e.packed();
        PackedConv p = new PackedConv("conv2d", w, bias, spec, null, inputCp);
        CACHE.put(w.data(), new Entry(fp, spec, inputCp, p));
        return p;
    }

    /** Two interleaved multiplicative hashes of the raw float bits (independent chains run in parallel). */
    static long fingerprint(float[] a) {
        long h0 = 1, h1 = 2;
        int i = 0;
        for (; i + 1 < a.length; i += 2) {
            h0 = h0 * 0x9E3779B97F4A7C15L + Float.floatToRawIntBits(a[i]);
            h1 = h1 * 0xC2B2AE3D27D4EB4FL + Float.floatToRawIntBits(a[i + 1]);
        }
        if (i < a.length) h0 = h0 * 0x9E3779B97F4A7C15L + Float.floatToRawIntBits(a[i]);
        return h0 ^ Long.rotateLeft(h1, 31) ^ a.length;
    }
}
