/*
 * The reference kernels: each method is the textbook formula as plain loops over (N, C, H, W).
 * No Vector API, no threads, no blocking. Sums run in double so the reference is as close to the
 * exact value as a float32 result can be.
 * Twin: vectorized/ workbench.vectorized.VectorKernels (same contract, Vector API).
 */
package workbench.kernels;

import workbench.tensor.Shape;
import workbench.tensor.Tensor;

public final class NaiveKernels implements Kernels {
    public static final NaiveKernels INSTANCE = new NaiveKernels();

    @Override
    public String name() { return "naive"; }

    // out is (N, K, Ho, Wo); x is (N, C, H, W); w is (K, C/groups, kh, kw); b is (K)
    // out[n,k,oy,ox] = b[k] + sum_{c in group(k), i, j} w[k,c,i,j] * x[n, c, oy*s - p + i*d, ox*s - p + j*d]
    @Override
    public Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dSpec s) {
        int[] os = KernelChecks.conv2dOutShape(x, w, bias, s);
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        int K = w.dim(0), Cg = w.dim(1), kh = w.dim(2), kw = w.dim(3);
        int Ho = os[2], Wo = os[3];
        int Kg = K / s.groups();                       // output channels per group
        float[] xd = x.data(), wd = w.data();
        Tensor out = Tensor.zeros(os);
        float[] od = out.data();
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < K; k++) {
                int g = k / Kg;                        // the group this output channel reads from
                for (int oy = 0; oy < Ho; oy++) {
                    for (int ox = 0; ox < Wo; ox++) {
                        double acc = bias == null ? 0 : bias.data()[k];
                        for (int c = 0; c < Cg; c++) {
                            int ci = g * Cg + c;       // input channel in the whole tensor
                            for (int i = 0; i < kh; i++) {
                                int iy = oy * s.strideH() - s.padH() + i * s.dilationH();
                                if (iy < 0 || iy >= H) continue;     // zero padding
                                for (int j = 0; j < kw; j++) {
                                    int ix = ox * s.strideW() - s.padW() + j * s.dilationW();
                                    if (ix < 0 || ix >= W) continue;
                                    acc += (double) wd[((k * Cg + c) * kh + i) * kw + j]
                                            * xd[((n * C + ci) * H + iy) * W + ix];
                                }
                            }
                        }
                        od[((n * K + k) * Ho + oy) * Wo + ox] = (float) acc;
                    }
                }
            }
        }
        return out;
    }

    // Batch norm in eval mode (Ioffe & Szegedy 2015, Alg. 2, inference step):
    // y = gamma * (x - running_mean) / sqrt(running_var + eps) + beta
    @Override
    public Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
        KernelChecks.batchNorm(x, gamma, beta, mean, var);
        int N = x.dim(0), C = x.dim(1), plane = x.numel() / Math.max(1, N * C);
        Tensor out = Tensor.zeros(x.shape());
        float[] xd = x.data(), od = out.data();
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                // computed in float32 like PyTorch's CPU kernel: invstd first, then one scale and shift
                float invStd = (float) (1.0 / Math.sqrt(var.data()[c] + (double) eps));
                float scale = gamma.data()[c] * invStd;
                float shift = beta.data()[c] - mean.data()[c] * scale;
                int base = (n * C + c) * plane;
                for (int i = 0; i < plane; i++) od[base + i] = xd[base + i] * scale + shift;
            }
        }
        return out;
    }

    @Override
    public Tensor relu(Tensor x) {
        Tensor out = Tensor.zeros(x.shape());
        float[] xd = x.data(), od = out.data();
        for (int i = 0; i < xd.length; i++) od[i] = Math.max(xd[i], 0f);   // NaN stays NaN, as in torch
        return out;
    }

    // Max over each window; positions in the padding never win (they are -inf).
    @Override
    public Tensor maxPool2d(Tensor x, Pool2dSpec s) {
        int[] os = KernelChecks.pool2dOutShape("max_pool2d", x, s);
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), Ho = os[2], Wo = os[3];
        Tensor out = Tensor.zeros(os);
        float[] xd = x.data(), od = out.data();
        for (int nc = 0; nc < N * C; nc++) {
            for (int oy = 0; oy < Ho; oy++) {
                for (int ox = 0; ox < Wo; ox++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < s.kh(); i++) {
                        int iy = oy * s.strideH() - s.padH() + i;
                        if (iy < 0 || iy >= H) continue;
                        for (int j = 0; j < s.kw(); j++) {
                            int ix = ox * s.strideW() - s.padW() + j;
                            if (ix < 0 || ix >= W) continue;
                            float v = xd[(nc * H + iy) * W + ix];
                            if (v > m || Float.isNaN(v)) m = v;
                        }
                    }
                    od[(nc * Ho + oy) * Wo + ox] = m;
                }
            }
        }
        return out;
    }

    // Mean over each window. The divisor follows ATen's avg_pool2d: the window is first clipped to
    // input + padding (its size counts padded cells), then to the input; count_include_pad picks which.
    @Override
    public Tensor avgPool2d(Tensor x, Pool2dSpec s) {
        int[] os = KernelChecks.pool2dOutShape("avg_pool2d", x, s);
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), Ho = os[2], Wo = os[3];
        Tensor out = Tensor.zeros(os);
        float[] xd = x.data(), od = out.data();
        for (int nc = 0; nc < N * C; nc++) {
            for (int oy = 0; oy < Ho; oy++) {
                for (int ox = 0; ox < Wo; ox++) {
                    int y0 = oy * s.strideH() - s.padH(), x0 = ox * s.strideW() - s.padW();
                    int y1 = Math.min(y0 + s.kh(), H + s.padH()), x1 = Math.min(x0 + s.kw(), W + s.padW());
                    int paddedCount = (y1 - y0) * (x1 - x0);
                    y0 = Math.max(y0, 0); x0 = Math.max(x0, 0);
                    y1 = Math.min(y1, H); x1 = Math.min(x1, W);
                    double sum = 0;
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++) sum += xd[(nc * H + iy) * W + ix];
                    int divisor = s.countIncludePad() ? paddedCount : (y1 - y0) * (x1 - x0);
                    od[(nc * Ho + oy) * Wo + ox] = (float) (sum / divisor);
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
        for (int nc = 0; nc < N * C; nc++) {
            for (int oy = 0; oy < outH; oy++) {
                int y0 = KernelChecks.adaptiveStart(oy, outH, H), y1 = KernelChecks.adaptiveEnd(oy, outH, H);
                for (int ox = 0; ox < outW; ox++) {
                    int x0 = KernelChecks.adaptiveStart(ox, outW, W), x1 = KernelChecks.adaptiveEnd(ox, outW, W);
                    double sum = 0;
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++) sum += xd[(nc * H + iy) * W + ix];
                    od[(nc * outH + oy) * outW + ox] = (float) (sum / ((y1 - y0) * (x1 - x0)));
                }
            }
        }
        return out;
    }

    // y[n, o] = b[o] + sum_i x[n, i] * w[o, i]
    @Override
    public Tensor linear(Tensor x, Tensor w, Tensor bias) {
        KernelChecks.linear(x, w, bias);
        int N = x.dim(0), in = x.dim(1), outF = w.dim(0);
        Tensor out = Tensor.zeros(N, outF);
        float[] xd = x.data(), wd = w.data(), od = out.data();
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < outF; o++) {
                double acc = bias == null ? 0 : bias.data()[o];
                for (int i = 0; i < in; i++) acc += (double) xd[n * in + i] * wd[o * in + i];
                od[n * outF + o] = (float) acc;
            }
        }
        return out;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        Shape.requireSame("add", a, b);
        Tensor out = Tensor.zeros(a.shape());
        float[] ad = a.data(), bd = b.data(), od = out.data();
        for (int i = 0; i < ad.length; i++) od[i] = ad[i] + bd[i];
        return out;
    }
}
