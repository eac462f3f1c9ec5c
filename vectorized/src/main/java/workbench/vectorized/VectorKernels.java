/*
 * Panama (jdk.incubator.vector) implementation of the Kernels contract.
 * Twin: naive/ workbench.kernels.NaiveKernels. Same argument checks (KernelChecks, so the same
 * exceptions and messages), same NCHW layout, new output tensors, inputs untouched.
 *
 * Lane layout and loops, per operation (L = species length):
 *   conv2d             on the preferred species with >= 16 output pixels, groups = 1 or groups of
 *                      >= 8 input and >= 16 output channels: version 3, fast.FastConv (direct NHWC,
 *                      6 pixels x 2 vectors register tile, weights packed per call; one call per
 *                      group); otherwise (depthwise, thin groups, tiny outputs) VectorConv2d,
 *                      versions 1 and 2 (lanes over output columns, or over output channels).
 *   relu, add          lanes = L consecutive elements of the flat arrays.
 *   batchNorm          per (n, c) plane: lanes = L consecutive elements of the plane, the channel's
 *                      scale and shift broadcast.
 *   maxPool2d,         per (n, c) plane: the plane is copied into a padded, stride-phase-split
 *   avgPool2d          scratch (PaddedPlanes, -inf or 0 outside the input); lanes = L consecutive
 *                      output columns of one output row; each window tap (i, j) is one contiguous
 *                      load. avgPool2d divides by a per-row vector of divisors (ATen's rule).
 *   adaptiveAvgPool2d  outW == 1 (e.g. global pooling): window rows are contiguous, one vector sum
 *                      over them. Otherwise: vector column sums over the window's rows (lanes = input
 *                      columns), then a scalar sum of each window's columns (at most ceil(W/outW)+1).
 *   linear             per (n, o): dot product along in_features, lanes = L consecutive features,
 *                      4 independent accumulators (4L per step), then reduceLanes.
 * Tails: loopBound(len) elements go through the vector loop, the rest (< L) through one masked
 * iteration (indexInRange); scratch-based loops (pools) load full vectors from slack and store
 * through the mask.
 *
 * Expected difference vs naive:
 *   relu, add, batchNorm, maxPool2d: bit-identical (same float operations in the same order;
 *     batchNorm uses mul then add, not fma, because naive's x*scale + shift is not fused).
 *   conv2d, linear: fp32 sums with FMA where naive sums in double; relative differences ~1e-6,
 *     growing with the reduction length (twin tests: TWIN_F32 = 1e-5 abs + 1e-5 rel, the abs part
 *     scaled by sqrt(reduction length)).
 *   avgPool2d, adaptiveAvgPool2d: fp32 sums and a float division; ~1e-7 (twin tests: POOL_F32).
 *
 * Whole models: prepare() hands a ResNet to fast.FastResNet, an SSD to fast.FastSsd and a DeepLabv3+
 * to fast.FastDeepLab (BN folded and weights packed once, fused epilogues, `threads` workers). Versions 1 and 2 keep the species in an instance field,
 * which C2 cannot constant-fold as it does a static final one; version 3 and the fast path use a
 * static final species.
 */
package workbench.vectorized;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import workbench.kernels.Conv2dSpec;
import workbench.nn.Module;
import workbench.resnet.ResNet;
import workbench.vectorized.fast.FastConv;
import workbench.vectorized.fast.FastDeepLab;
import workbench.vectorized.fast.FastResNet;
import workbench.vectorized.fast.FastSsd;
import workbench.vectorized.fast.Priming;
import workbench.vectorized.fast.Workers;
import workbench.kernels.KernelChecks;
import workbench.kernels.Kernels;
import workbench.kernels.Pool2dSpec;
import workbench.tensor.Shape;
import workbench.tensor.Tensor;

public final class VectorKernels implements Kernels {
    /** The widest species C2 compiles to native vectors on this CPU. */
    public static final VectorSpecies<Float> PREFERRED = FloatVector.SPECIES_PREFERRED;

    /** Lane layout of conv2d; see VectorConv2d. */
    public enum ConvVersion {
        /** OUTPUT_CHANNELS when a group has at least one full vector of output channels, else OUTPUT_COLUMNS. */
        AUTO,
        /** Version 1: lanes = consecutive output columns, input copied to a padded phase-split scratch. */
        OUTPUT_COLUMNS,
        /** Version 2: lanes = consecutive output channels, weights transposed, input broadcast. */
        OUTPUT_CHANNELS,
        /**
         * Version 3: the fast path's direct NHWC kernel (fast.ConvKernel: 6 pixels x 2 vectors register
         * tile, packed weights), with NCHW/NHWC conversion and packing per call. groups = 1 and the
         * preferred species only; AUTO takes it for those when the output has >= 16 pixels.
         */
        NHWC_DIRECT;

        /** -Dwb.conv.version=0|1|2|3 (absent or 0: AUTO). */
        public static ConvVersion fromProperty() {
            String v = System.getProperty("wb.conv.version", "0").trim();
            return switch (v) {
                case "0", "auto", "AUTO" -> AUTO;
                case "1" -> OUTPUT_COLUMNS;
                case "2" -> OUTPUT_CHANNELS;
                case "3" -> NHWC_DIRECT;
                default -> throw new IllegalArgumentException("wb.conv.version: expected 0 (auto), 1, 2 or 3, got '" + v + "'"
                        + "\n  ---> HINT: 1 = lanes over output columns, 2 = lanes over output channels, 3 = direct NHWC.");
            };
        }
    }

    private final VectorSpecies<Float> species;
    private final ConvVersion convVersion;
    private int threads = Workers.availableCores();

    /** Preferred species, conv version from -Dwb.conv.version (default AUTO). */
    public VectorKernels() {
        this(PREFERRED);
    }

    /** A forced species (the twin tests run 128, 256 and 512 bits where the CPU has them). */
    public VectorKernels(VectorSpecies<Float> species) {
        this(species, ConvVersion.fromProperty());
    }

    public VectorKernels(VectorSpecies<Float> species, ConvVersion convVersion) {
        if (species == null || species.elementType() != float.class) {
            throw new IllegalArgumentException("VectorKernels: expected a float species, got " + species);
        }
        if (convVersion == null) throw new IllegalArgumentException("VectorKernels: conv version must not be null");
        this.species = species;
        this.convVersion = convVersion;
    }

    /**
     * Kernels on the float species of {@code bits} (128, 256 or 512). Throws when the CPU's preferred
     * width is narrower: a wider species would run as slow Java fallback code, not as vectors.
     */
    public static VectorKernels forBits(int bits) {
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("VectorKernels.forBits: expected 128, 256 or 512, got " + bits);
        }
        int max = PREFERRED.vectorBitSize();
        if (bits > max) {
            throw new IllegalArgumentException("VectorKernels.forBits: this CPU's widest float vector is " + max
                    + " bits (FloatVector.SPECIES_PREFERRED), cannot run " + bits + "-bit vectors"
                    + "\n  ---> HINT: use a width <= " + max + ", or new VectorKernels() for the preferred one.");
        }
        return new VectorKernels(VectorSpecies.of(float.class, VectorShape.forBitSize(bits)));
    }

    public VectorSpecies<Float> species() { return species; }

    /** Threads the prepared fast path and the direct conv2d (version 3) use (default: all cores); the other kernels use one. */
    public VectorKernels withThreads(int threads) {
        VectorKernels k = new VectorKernels(species, convVersion);
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        k.threads = threads;
        return k;
    }

    public int threads() { return threads; }

    /**
     * The fast path where a model has one (FastResNet, FastSsd, FastDeepLab: BN folded, weights packed, NHWC,
     * fused epilogues, `threads` workers); other models run op by op on these kernels. Either way the
     * fast conv kernels are primed once per JVM here, so the first call runs compiled code.
     */
    @Override
    public Module prepare(Module model) {
        if (!species.equals(PREFERRED)) return model;
        Priming.primeOnce();          // also warms conv2d version 3, which op-by-op models use
        if (FastResNet.supports(model)) return new FastResNet((ResNet) model, Workers.shared(threads));
        if (FastSsd.supports(model)) return new FastSsd((workbench.ssd.SSD) model, Workers.shared(threads));
        if (FastDeepLab.supports(model)) return new FastDeepLab((workbench.portrait.DeepLabV3Plus) model, Workers.shared(threads));
        return model;
    }

    public ConvVersion convVersion() { return convVersion; }

    @Override
    public String name() { return "vectorized(" + species.vectorBitSize() + "-bit)"; }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec spec) {
        if (useDirect(x, w, spec)) {
            KernelChecks.conv2dOutShape(x, w, bias, spec);
            Conv2dSpec one = new Conv2dSpec(spec.strideH(), spec.strideW(), spec.padH(), spec.padW(), spec.dilationH(), spec.dilationW(), 1);
            if (spec.groups() == 1) return FastConv.conv2d(x, w, bias, one, Workers.shared(threads));
            return grouped(x, w, bias, one, spec.groups());
        }
        return VectorConv2d.conv2d(species, convVersion == ConvVersion.NHWC_DIRECT ? ConvVersion.AUTO : convVersion, x, w, bias, spec);
    }

    /**
     * Version 3 for grouped convolutions: one direct conv per group on that group's channel slice
     * (input channels [g C/G, (g+1) C/G), output channels [g K/G, (g+1) K/G)), outputs placed side by
     * side. Used when a group has enough channels for the register tile (C/G >= 8, K/G >= 16).
     */
    private Tensor grouped(Tensor x, Tensor w, Tensor bias, Conv2dSpec one, int G) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), K = w.dim(0), Cg = C / G, Kg = K / G;
        Tensor out = null;
        for (int g = 0; g < G; g++) {
            Tensor xs = Tensor.zeros(N, Cg, H, W);
            for (int n = 0; n < N; n++) System.arraycopy(x.data(), (n * C + g * Cg) * H * W, xs.data(), n * Cg * H * W, Cg * H * W);
            Tensor ws = Tensor.of(java.util.Arrays.copyOfRange(w.data(), g * Kg * w.numel() / K, (g + 1) * Kg * w.numel() / K),
                    Kg, Cg, w.dim(2), w.dim(3));
            Tensor bs = bias == null ? null : Tensor.of(java.util.Arrays.copyOfRange(bias.data(), g * Kg, (g + 1) * Kg), Kg);
            Tensor ys = FastConv.conv2d(xs, ws, bs, one, Workers.shared(threads));
            if (out == null) out = Tensor.zeros(N, K, ys.dim(2), ys.dim(3));
            int plane = ys.dim(2) * ys.dim(3);
            for (int n = 0; n < N; n++) System.arraycopy(ys.data(), n * Kg * plane, out.data(), (n * K + g * Kg) * plane, Kg * plane);
        }
        return out;
    }

    private boolean useDirect(Tensor x, Tensor w, Conv2dSpec spec) {
        if (!species.equals(PREFERRED) || x.rank() != 4 || w.rank() != 4 || x.dim(1) != w.dim(1) * spec.groups()) return false;
        int G = spec.groups();
        if (G > 1 && (w.dim(0) % G != 0 || w.dim(1) < 8 || w.dim(0) / G < 16)) return false;   // depthwise and thin groups: versions 1/2
        if (convVersion == ConvVersion.NHWC_DIRECT) return true;
        if (convVersion != ConvVersion.AUTO) return false;
        int Ho = spec.outH(x.dim(2), w.dim(2)), Wo = spec.outW(x.dim(3), w.dim(3));
        return (long) Ho * Wo >= 16;
    }

    // ---- element-wise ---------------------------------------------------------------------------

    @Override
    public Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
        KernelChecks.batchNorm(x, gamma, beta, mean, var);
        VectorSpecies<Float> S = species;
        int N = x.dim(0), C = x.dim(1), plane = x.numel() / Math.max(1, N * C);
        Tensor out = Tensor.zeros(x.shape());
        float[] xd = x.data(), od = out.data();
        int bound = S.loopBound(plane);
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                // scale and shift exactly as NaiveKernels computes them, in float32
                float invStd = (float) (1.0 / Math.sqrt(var.data()[c] + (double) eps));
                float scale = gamma.data()[c] * invStd;
                float shift = beta.data()[c] - mean.data()[c] * scale;
                FloatVector vScale = FloatVector.broadcast(S, scale), vShift = FloatVector.broadcast(S, shift);
                int base = (n * C + c) * plane;
                int i = 0;
                for (; i < bound; i += S.length()) {
                    // mul then add (two roundings), like naive's x * scale + shift; fma would differ in the last bit
                    FloatVector.fromArray(S, xd, base + i).mul(vScale).add(vShift).intoArray(od, base + i);
                }
                if (i < plane) {
                    VectorMask<Float> m = S.indexInRange(i, plane);
                    FloatVector.fromArray(S, xd, base + i, m).mul(vScale).add(vShift).intoArray(od, base + i, m);
                }
            }
        }
        return out;
    }

    @Override
    public Tensor relu(Tensor x) {
        VectorSpecies<Float> S = species;
        Tensor out = Tensor.zeros(x.shape());
        float[] xd = x.data(), od = out.data();
        int len = xd.length, i = 0;
        // lanewise MAX follows Math.max: NaN stays NaN, max(-0.0, 0.0) = 0.0, as in naive
        for (; i < S.loopBound(len); i += S.length()) {
            FloatVector.fromArray(S, xd, i).max(0f).intoArray(od, i);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, xd, i, m).max(0f).intoArray(od, i, m);
        }
        return out;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        Shape.requireSame("add", a, b);
        VectorSpecies<Float> S = species;
        Tensor out = Tensor.zeros(a.shape());
        float[] ad = a.data(), bd = b.data(), od = out.data();
        int len = ad.length, i = 0;
        for (; i < S.loopBound(len); i += S.length()) {
            FloatVector.fromArray(S, ad, i).add(FloatVector.fromArray(S, bd, i)).intoArray(od, i);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, ad, i, m).add(FloatVector.fromArray(S, bd, i, m)).intoArray(od, i, m);
        }
        return out;
    }

    // ---- pooling --------------------------------------------------------------------------------

    /** Padded plane big enough for every window, including ceil_mode windows that overhang the right/bottom padding. */
    private static PaddedPlanes poolPlanes(int H, int W, int Ho, int Wo, Pool2dSpec s) {
        int Hp = Math.max(H + 2 * s.padH(), (Ho - 1) * s.strideH() + s.kh());
        int Wp = Math.max(W + 2 * s.padW(), (Wo - 1) * s.strideW() + s.kw());
        return new PaddedPlanes(Hp, Wp, s.strideW());
    }

    @Override
    public Tensor maxPool2d(Tensor x, Pool2dSpec s) {
        int[] os = KernelChecks.pool2dOutShape("max_pool2d", x, s);
        VectorSpecies<Float> S = species;
        int L = S.length();
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), Ho = os[2], Wo = os[3];
        Tensor out = Tensor.zeros(os);
        float[] xd = x.data(), od = out.data();
        PaddedPlanes P = poolPlanes(H, W, Ho, Wo, s);
        float[] plane = P.allocate(1, L);
        int[] colOff = new int[s.kw()];
        for (int j = 0; j < s.kw(); j++) colOff[j] = P.colOffset(j);

        for (int nc = 0; nc < N * C; nc++) {
            P.fill(xd, nc * H * W, H, W, s.padH(), s.padW(), Float.NEGATIVE_INFINITY, plane, 0);
            for (int oy = 0; oy < Ho; oy++) {
                int oRow = (nc * Ho + oy) * Wo;
                for (int ox = 0; ox < Wo; ox += L) {
                    FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                    for (int i = 0; i < s.kh(); i++) {
                        int row = (oy * s.strideH() + i) * P.rowLen + ox;
                        for (int j = 0; j < s.kw(); j++) {
                            m = m.max(FloatVector.fromArray(S, plane, row + colOff[j]));
                        }
                    }
                    if (ox + L <= Wo) m.intoArray(od, oRow + ox);
                    else m.intoArray(od, oRow + ox, S.indexInRange(ox, Wo));
                }
            }
        }
        return out;
    }

    @Override
    public Tensor avgPool2d(Tensor x, Pool2dSpec s) {
        int[] os = KernelChecks.pool2dOutShape("avg_pool2d", x, s);
        VectorSpecies<Float> S = species;
        int L = S.length();
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), Ho = os[2], Wo = os[3];
        Tensor out = Tensor.zeros(os);
        float[] xd = x.data(), od = out.data();
        PaddedPlanes P = poolPlanes(H, W, Ho, Wo, s);
        float[] plane = P.allocate(1, L);
        int[] colOff = new int[s.kw()];
        for (int j = 0; j < s.kw(); j++) colOff[j] = P.colOffset(j);

        // Divisor, ATen's rule as in naive: the window clipped to input + padding (padded count) or to
        // the input (valid count); both are a product of a row count and a column count.
        int[] wPad = new int[Wo], wIn = new int[Wo];
        for (int ox = 0; ox < Wo; ox++) {
            int x0 = ox * s.strideW() - s.padW(), x1 = Math.min(x0 + s.kw(), W + s.padW());
            wPad[ox] = x1 - x0;
            wIn[ox] = Math.min(x1, W) - Math.max(x0, 0);
        }
        float[][] divisor = new float[Ho][Math.ceilDiv(Wo, L) * L];   // padded to whole vectors
        for (int oy = 0; oy < Ho; oy++) {
            Arrays.fill(divisor[oy], 1f);                              // lanes past Wo: computed, never stored
            int y0 = oy * s.strideH() - s.padH(), y1 = Math.min(y0 + s.kh(), H + s.padH());
            int hPad = y1 - y0, hIn = Math.min(y1, H) - Math.max(y0, 0);
            for (int ox = 0; ox < Wo; ox++) {
                divisor[oy][ox] = s.countIncludePad() ? hPad * wPad[ox] : hIn * wIn[ox];
            }
        }

        for (int nc = 0; nc < N * C; nc++) {
            P.fill(xd, nc * H * W, H, W, s.padH(), s.padW(), 0f, plane, 0);
            for (int oy = 0; oy < Ho; oy++) {
                int oRow = (nc * Ho + oy) * Wo;
                for (int ox = 0; ox < Wo; ox += L) {
                    FloatVector sum = FloatVector.zero(S);
                    for (int i = 0; i < s.kh(); i++) {
                        int row = (oy * s.strideH() + i) * P.rowLen + ox;
                        for (int j = 0; j < s.kw(); j++) {
                            sum = sum.add(FloatVector.fromArray(S, plane, row + colOff[j]));
                        }
                    }
                    FloatVector mean = sum.div(FloatVector.fromArray(S, divisor[oy], ox));
                    if (ox + L <= Wo) mean.intoArray(od, oRow + ox);
                    else mean.intoArray(od, oRow + ox, S.indexInRange(ox, Wo));
                }
            }
        }
        return out;
    }

    @Override
    public Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        KernelChecks.adaptive(x, outH, outW);
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        Tensor out = Tensor.zeros(N, C, outH, outW);
        float[] xd = x.data(), od = out.data();
        float[] colSum = new float[W];
        for (int nc = 0; nc < N * C; nc++) {
            int base = nc * H * W;
            for (int oy = 0; oy < outH; oy++) {
                int y0 = KernelChecks.adaptiveStart(oy, outH, H), y1 = KernelChecks.adaptiveEnd(oy, outH, H);
                if (outW == 1) {
                    // one window spans whole rows y0..y1-1: a contiguous run of (y1-y0)*W floats
                    float sum = sum(xd, base + y0 * W, (y1 - y0) * W);
                    od[nc * outH + oy] = sum / ((y1 - y0) * W);
                    continue;
                }
                Arrays.fill(colSum, 0f);
                for (int iy = y0; iy < y1; iy++) addInto(colSum, xd, base + iy * W, W);
                for (int ox = 0; ox < outW; ox++) {
                    int x0 = KernelChecks.adaptiveStart(ox, outW, W), x1 = KernelChecks.adaptiveEnd(ox, outW, W);
                    float sum = 0f;
                    for (int ix = x0; ix < x1; ix++) sum += colSum[ix];
                    od[(nc * outH + oy) * outW + ox] = sum / ((y1 - y0) * (x1 - x0));
                }
            }
        }
        return out;
    }

    /** Sum of a[off .. off+len): one vector accumulator, masked tail, reduceLanes. */
    private float sum(float[] a, int off, int len) {
        VectorSpecies<Float> S = species;
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < S.loopBound(len); i += S.length()) acc = acc.add(FloatVector.fromArray(S, a, off + i));
        if (i < len) acc = acc.add(FloatVector.fromArray(S, a, off + i, S.indexInRange(i, len)));
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** acc[0 .. len) += src[off .. off+len), lanes = consecutive columns, masked tail. */
    private void addInto(float[] acc, float[] src, int off, int len) {
        VectorSpecies<Float> S = species;
        int i = 0;
        for (; i < S.loopBound(len); i += S.length()) {
            FloatVector.fromArray(S, acc, i).add(FloatVector.fromArray(S, src, off + i)).intoArray(acc, i);
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, acc, i, m).add(FloatVector.fromArray(S, src, off + i, m)).intoArray(acc, i, m);
        }
    }

    // ---- linear ---------------------------------------------------------------------------------

    // y[n, o] = b[o] + dot(x[n, :], w[o, :]); both rows are contiguous along in_features.
    @Override
    public Tensor linear(Tensor x, Tensor w, Tensor bias) {
        KernelChecks.linear(x, w, bias);
        VectorSpecies<Float> S = species;
        int L = S.length();
        int N = x.dim(0), in = x.dim(1), outF = w.dim(0);
        Tensor out = Tensor.zeros(N, outF);
        float[] xd = x.data(), wd = w.data(), od = out.data();
        int bound4 = in - in % (4 * L), bound1 = S.loopBound(in);
        for (int n = 0; n < N; n++) {
            int xRow = n * in;
            for (int o = 0; o < outF; o++) {
                int wRow = o * in;
                // four independent accumulators: consecutive FMAs do not wait on each other
                FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
                FloatVector acc2 = FloatVector.zero(S), acc3 = FloatVector.zero(S);
                int i = 0;
                for (; i < bound4; i += 4 * L) {
                    acc0 = FloatVector.fromArray(S, xd, xRow + i).fma(FloatVector.fromArray(S, wd, wRow + i), acc0);
                    acc1 = FloatVector.fromArray(S, xd, xRow + i + L).fma(FloatVector.fromArray(S, wd, wRow + i + L), acc1);
                    acc2 = FloatVector.fromArray(S, xd, xRow + i + 2 * L).fma(FloatVector.fromArray(S, wd, wRow + i + 2 * L), acc2);
                    acc3 = FloatVector.fromArray(S, xd, xRow + i + 3 * L).fma(FloatVector.fromArray(S, wd, wRow + i + 3 * L), acc3);
                }
                for (; i < bound1; i += L) {
                    acc0 = FloatVector.fromArray(S, xd, xRow + i).fma(FloatVector.fromArray(S, wd, wRow + i), acc0);
                }
                if (i < in) {   // tail < L: masked lanes load 0 and add nothing
                    VectorMask<Float> m = S.indexInRange(i, in);
                    acc1 = FloatVector.fromArray(S, xd, xRow + i, m).fma(FloatVector.fromArray(S, wd, wRow + i, m), acc1);
                }
                float dot = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
                od[n * outF + o] = bias == null ? dot : bias.data()[o] + dot;
            }
        }
        return out;
    }
}
