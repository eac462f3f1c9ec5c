/*
 * Panama conv2d (torch.nn.functional.conv2d): x (N, C, H, W), w (K, C/groups, kh, kw), bias (K)
 * or null, out (N, K, Ho, Wo), all NCHW float32. Any stride, padding, dilation and groups.
 * Twin: naive/ workbench.kernels.NaiveKernels.conv2d (same checks via KernelChecks.conv2dOutShape).
 *
 * Versions (VectorKernels.ConvVersion; select with -Dwb.conv.version=N or the
 * VectorKernels(species, ConvVersion) constructor):
 *   0  AUTO: version 2 when one group has at least a full vector of output channels (K/groups >= L),
 *      else version 1 (depthwise, stems with few output channels per group).
 *   1  OUTPUT_COLUMNS. Lanes = L consecutive output columns ox of one output row (n, k, oy).
 *      Per (n, group), the group's C/g input planes are copied once into a zero-padded,
 *      stride-phase-split scratch (PaddedPlanes), so tap (c, i, j) for lanes ox..ox+L-1 is one
 *      contiguous load; the weight w[k, c, i, j] is broadcast. One accumulator per output block.
 *      Loops: n, group | k in group, oy, ox block | c, i, j.
 *   2  OUTPUT_CHANNELS. Lanes = L consecutive output channels of one group at one output pixel.
 *      Weights are transposed once per call to (groups, C/g, kh, kw, KgP), KgP = K/g rounded up to L,
 *      so those lanes are contiguous; the input value x[n, c, iy, ix] is broadcast. Stride, padding
 *      and dilation only decide which input value is broadcast (taps in the padding are skipped).
 *      Results go to an (N, Ho, Wo, groups, KgP) scratch that is transposed to NCHW at the end.
 *      Loops: n, oy, ox, group, channel block | c, i, j.
 * Tails:
 *   version 1: the last ox block of a row loads full vectors (the scratch has L floats of slack)
 *     and stores through a mask from indexInRange(ox, Wo); lanes past Wo are computed and dropped.
 *   version 2: no masks. Lanes Kg..KgP-1 carry zero weights and zero bias, are computed into the
 *     padded scratch and never copied out.
 * Both versions add the terms in naive's order (bias, then c, i, j) but in fp32 with FMA, where
 * naive sums in double: expect relative differences ~1e-6, growing with C/g*kh*kw (the twin tests'
 * TWIN_F32 tolerance scales its absolute part with the square root of that reduction length).
 * Not here yet (speed is a later task): register blocking over several ox or channel blocks,
 * NHWC activations, threads, per-kernel-size specialisation (notes/performance.md section 6).
 * Run: mvn -pl vectorized test (VectorKernelsTwinTest runs both versions for every species).
 */
package workbench.vectorized;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.KernelChecks;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels.ConvVersion;

final class VectorConv2d {
    private VectorConv2d() {}

    /** The version AUTO resolves to for this shape. */
    static ConvVersion resolve(ConvVersion v, int outChannelsPerGroup, VectorSpecies<Float> S) {
        if (v != ConvVersion.AUTO) return v;
        return outChannelsPerGroup >= S.length() ? ConvVersion.OUTPUT_CHANNELS : ConvVersion.OUTPUT_COLUMNS;
    }

    static Tensor conv2d(VectorSpecies<Float> S, ConvVersion version, Tensor x, Tensor w, Tensor bias, Conv2dSpec s) {
        int[] os = KernelChecks.conv2dOutShape(x, w, bias, s);
        Tensor out = Tensor.zeros(os);
        int Kg = w.dim(0) / s.groups();
        if (resolve(version, Kg, S) == ConvVersion.OUTPUT_CHANNELS) {
            outputChannels(S, x, w, bias, s, out);
        } else {
            outputColumns(S, x, w, bias, s, out);
        }
        return out;
    }

    // ---- version 1: lanes = consecutive output columns ------------------------------------------

    private static void outputColumns(VectorSpecies<Float> S, Tensor x, Tensor w, Tensor bias, Conv2dSpec s, Tensor out) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        int K = w.dim(0), Cg = w.dim(1), kh = w.dim(2), kw = w.dim(3);
        int Ho = out.dim(2), Wo = out.dim(3), G = s.groups(), Kg = K / G;
        int sH = s.strideH(), dH = s.dilationH();
        int L = S.length();
        float[] xd = x.data(), wd = w.data(), od = out.data();
        float[] bd = bias == null ? null : bias.data();

        // Padded plane (H + 2pH, W + 2pW) covers every tap: (Ho-1)*s + (k-1)*d < H + 2p by the output size rule.
        PaddedPlanes P = new PaddedPlanes(H + 2 * s.padH(), W + 2 * s.padW(), s.strideW());
        float[] planes = P.allocate(Cg, L);
        // Tap j starts at padded column j*dW; its run over ox starts at colOff[j] within the row.
        int[] colOff = new int[kw];
        for (int j = 0; j < kw; j++) colOff[j] = P.colOffset(j * s.dilationW());

        for (int n = 0; n < N; n++) {
            for (int g = 0; g < G; g++) {
                for (int c = 0; c < Cg; c++) {
                    P.fill(xd, ((n * C + g * Cg + c) * H) * W, H, W, s.padH(), s.padW(), 0f, planes, c * P.planeLen);
                }
                for (int k = g * Kg; k < (g + 1) * Kg; k++) {
                    float b = bd == null ? 0f : bd[k];
                    for (int oy = 0; oy < Ho; oy++) {
                        int oRow = ((n * K + k) * Ho + oy) * Wo;
                        for (int ox = 0; ox < Wo; ox += L) {
                            FloatVector acc = FloatVector.broadcast(S, b);
                            for (int c = 0; c < Cg; c++) {
                                for (int i = 0; i < kh; i++) {
                                    int xRow = c * P.planeLen + (oy * sH + i * dH) * P.rowLen + ox;
                                    int wRow = ((k * Cg + c) * kh + i) * kw;
                                    for (int j = 0; j < kw; j++) {
                                        FloatVector xv = FloatVector.fromArray(S, planes, xRow + colOff[j]);
                                        acc = FloatVector.broadcast(S, wd[wRow + j]).fma(xv, acc);
                                    }
                                }
                            }
                            if (ox + L <= Wo) acc.intoArray(od, oRow + ox);
                            else acc.intoArray(od, oRow + ox, S.indexInRange(ox, Wo));   // tail: drop lanes >= Wo
                        }
                    }
                }
            }
        }
    }

    // ---- version 2: lanes = consecutive output channels of one group ----------------------------

    private static void outputChannels(VectorSpecies<Float> S, Tensor x, Tensor w, Tensor bias, Conv2dSpec s, Tensor out) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        int K = w.dim(0), Cg = w.dim(1), kh = w.dim(2), kw = w.dim(3);
        int Ho = out.dim(2), Wo = out.dim(3), G = s.groups(), Kg = K / G;
        int L = S.length();
        int KgP = Math.ceilDiv(Kg, L) * L;            // channels per group, padded to whole vectors
        float[] xd = x.data(), wd = w.data(), od = out.data();

        // wT[g, c, i, j, kk] = w[g*Kg + kk, c, i, j]; kk in [Kg, KgP) stays 0.
        float[] wT = new float[Math.multiplyExact(G * Cg * kh * kw, KgP)];
        for (int k = 0; k < K; k++) {
            int g = k / Kg, kk = k % Kg;
            for (int c = 0; c < Cg; c++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                        wT[(((g * Cg + c) * kh + i) * kw + j) * KgP + kk] = wd[((k * Cg + c) * kh + i) * kw + j];
        }
        float[] bP = new float[G * KgP];
        if (bias != null) {
            for (int k = 0; k < K; k++) bP[(k / Kg) * KgP + k % Kg] = bias.data()[k];
        }

        float[] acc = new float[Math.multiplyExact(N * Ho * Wo, G * KgP)];   // (N, Ho, Wo, G, KgP)
        for (int n = 0; n < N; n++) {
            for (int oy = 0; oy < Ho; oy++) {
                int iy0 = oy * s.strideH() - s.padH();
                for (int ox = 0; ox < Wo; ox++) {
                    int ix0 = ox * s.strideW() - s.padW();
                    for (int g = 0; g < G; g++) {
                        int aOff = (((n * Ho + oy) * Wo + ox) * G + g) * KgP;
                        for (int kb = 0; kb < KgP; kb += L) {
                            FloatVector sum = FloatVector.fromArray(S, bP, g * KgP + kb);
                            for (int c = 0; c < Cg; c++) {
                                int xPlane = (n * C + g * Cg + c) * H;
                                for (int i = 0; i < kh; i++) {
                                    int iy = iy0 + i * s.dilationH();
                                    if (iy < 0 || iy >= H) continue;                 // zero padding
                                    int xRow = (xPlane + iy) * W;
                                    int wRow = (((g * Cg + c) * kh + i) * kw) * KgP + kb;
                                    for (int j = 0; j < kw; j++) {
                                        int ix = ix0 + j * s.dilationW();
                                        if (ix < 0 || ix >= W) continue;
                                        FloatVector wv = FloatVector.fromArray(S, wT, wRow + j * KgP);
                                        sum = FloatVector.broadcast(S, xd[xRow + ix]).fma(wv, sum);
                                    }
                                }
                            }
                            sum.intoArray(acc, aOff + kb);
                        }
                    }
                }
            }
        }

        // (N, Ho, Wo, G, KgP) -> (N, K, Ho, Wo), dropping the padding lanes.
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++) {
                int g = k / Kg, kk = k % Kg;
                for (int oy = 0; oy < Ho; oy++)
                    for (int ox = 0; ox < Wo; ox++)
                        od[((n * K + k) * Ho + oy) * Wo + ox] = acc[(((n * Ho + oy) * Wo + ox) * G + g) * KgP + kk];
            }
    }
}
