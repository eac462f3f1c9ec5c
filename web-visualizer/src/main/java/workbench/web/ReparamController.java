/*
 * /reparam page API (chapter 03): for a RepVGG, DBB or ACNet block (4 -> 4 channels, 3x3, seeded
 * random weights and BN statistics), each branch's kernel after BN folding, the padded 1x1, the
 * identity kernel, the fused kernel, the kernel difference and the output difference map between the
 * multi-branch block and its deployed (fused) twin. `perturb` moves the multi-branch block's BN
 * statistics after fusion - what training does - and the equivalence breaks; at 0 it holds (eval mode).
 * /api/reparam/timing: multi-branch vs fused forward time on the vectorized twin.
 * Kernels are small, so they travel as flat float arrays with their shapes.
 * Not here: whole RepVGG models (`./workbench reparam convert`).
 */
package workbench.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import workbench.kernels.Kernels;
import workbench.nn.BatchNorm2d;
import workbench.nn.Module;
import workbench.reparam.ACBlock;
import workbench.reparam.DiverseBranchBlock;
import workbench.reparam.KernelBias;
import workbench.reparam.RepVGGBlock;
import workbench.reparam.RepVGGs;
import workbench.reparam.Reparameterizable;
import workbench.reparam.Transforms;
import workbench.tensor.Tensor;

public final class ReparamController {
    static final List<String> BLOCKS = List.of("repvgg", "dbb", "acnet");
    static final int C = 4, H = 12;

    private final Workbench wb;
    private final Memo<String, Map<String, Object>> timings = new Memo<>(6);

    ReparamController(Workbench wb) {
        this.wb = wb;
    }

    static Module make(String block, int channels, long seed) {
        Module m = switch (block) {
            case "repvgg" -> new RepVGGBlock(channels, channels, 1, 1, false, false);
            case "dbb" -> new DiverseBranchBlock(channels, channels, 3, 1, 1, 1, false);
            case "acnet" -> new ACBlock(channels, channels, 3, 1, 1, 1, false);
            default -> throw ApiError.notFound("no block '" + block + "'", "blocks: " + String.join(", ", BLOCKS));
        };
        return RepVGGs.randomize(m, seed);
    }

    static String block(Context ctx) {
        String b = ctx.queryParam("block");
        return b == null || b.isBlank() ? "repvgg" : b;
    }

    public void kernels(Context ctx) {
        String block = block(ctx);
        String p = ctx.queryParam("perturb");
        double perturb;
        try {
            perturb = p == null ? 0 : Double.parseDouble(p);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("perturb is '" + p + "', not a number", "perturb takes a number in [0, 1]");
        }
        if (!(perturb >= 0 && perturb <= 1)) throw ApiError.badRequest("perturb = " + p + " is out of range", "perturb takes a number in [0, 1]");
        Module multi = block.startsWith("upload-") ? uploaded(block) : make(block, C, 7);
        Module fused = block.startsWith("upload-") ? uploaded(block) : make(block, C, 7);
        ((Reparameterizable) fused).switchToDeploy();
        perturbBn(multi, perturb, 11);
        KernelBias deployed = ((Reparameterizable) fused).equivalentKernelBias();
        List<Map<String, Object>> kernels = new ArrayList<>();
        switch (multi) {
            case RepVGGBlock r -> {
                kernels.add(kernel("dense", "rbr_dense: 3x3 conv with its BN folded", r.denseKernelBias()));
                kernels.add(kernel("1x1", "rbr_1x1: 1x1 conv with its BN folded", r.oneByOneKernelBias()));
                kernels.add(kernel("1x1 padded", "the 1x1 padded into the 3x3 centre", Transforms.padToKernel(r.oneByOneKernelBias(), 3, 3)));
                if (r.hasIdentity()) {           // only blocks with in == out and stride 1 have one
                    kernels.add(kernel("identity", "the identity as a 3x3 kernel (before BN)", r.identityKernel(), null));
                    kernels.add(kernel("identity + BN", "rbr_identity: identity kernel with its BN folded", r.identityKernelBias()));
                }
            }
            case DiverseBranchBlock d -> {
                kernels.add(kernel("origin", "dbb_origin: KxK conv with its BN folded (transform I)", d.originKernelBias()));
                if (d.hasOneByOne()) kernels.add(kernel("1x1 padded", "dbb_1x1: 1x1 conv-BN, padded to KxK (I, VI)", d.oneByOneKernelBias()));
                kernels.add(kernel("1x1 then KxK", "dbb_1x1_kxk: 1x1 then KxK, merged (I, III)", d.oneByOneKxkKernelBias()));
                kernels.add(kernel("avg kernel", "the average pool as a kernel (transform V)", d.avgKernel(), null));
                kernels.add(kernel("avg branch", "dbb_avg: 1x1 conv-BN then avg-BN, merged (I, III, V)", d.avgKernelBias()));
            }
            case ACBlock a -> {
                kernels.add(kernel("square", "square_conv 3x3 with its BN folded", a.squareKernelBias()));
                kernels.add(kernel("horizontal", "hor_conv 1x3 with its BN folded", a.horKernelBias()));
                kernels.add(kernel("horizontal padded", "1x3 on the centre row of a 3x3", Transforms.padToKernel(a.horKernelBias(), 3, 3)));
                kernels.add(kernel("vertical", "ver_conv 3x1 with its BN folded", a.verKernelBias()));
                kernels.add(kernel("vertical padded", "3x1 on the centre column of a 3x3", Transforms.padToKernel(a.verKernelBias(), 3, 3)));
            }
            default -> throw new IllegalStateException("unexpected block " + multi.getClass());
        }
        KernelBias now = ((Reparameterizable) multi).equivalentKernelBias();
        kernels.add(kernel("fused", "the deployed kernel (built from the statistics before any perturbation)", deployed));
        Tensor kdiff = Tensor.zeros(deployed.kernel().shape());
        for (int i = 0; i < kdiff.numel(); i++) kdiff.data()[i] = now.kernel().data()[i] - deployed.kernel().data()[i];
        kernels.add(kernel("kernel difference", "sum of the current branches minus the deployed kernel", kdiff, null));

        Tensor x = Tensor.randn(3, 1, inChannels(multi), H, H);
        Tensor yMulti = multi.call(x, workbench.nn.Context.of(wb.naive()));
        Tensor yFused = fused.call(x, workbench.nn.Context.of(wb.naive()));
        Tensor diff = Tensor.zeros(yMulti.shape());
        for (int i = 0; i < diff.numel(); i++) diff.data()[i] = yMulti.data()[i] - yFused.data()[i];
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("block", block);
        out.put("describe", multi.describe());
        out.put("perturb", perturb);
        out.put("kernels", kernels);
        int shown = Math.min(diff.dim(1), SHOWN), plane = diff.dim(2) * diff.dim(3);
        out.put("diff", Map.of("shape", new int[] {shown, diff.dim(2), diff.dim(3)}, "data", Arrays.copyOf(diff.data(), shown * plane),
                "maxAbs", diff.maxAbs(), "outputMaxAbs", yMulti.maxAbs(), "channels", diff.dim(1)));
        out.put("equivalent", diff.maxAbs() <= 1e-4 * Math.max(1, yMulti.maxAbs()));
        ctx.json(out);
    }

    static Map<String, Object> kernel(String name, String label, KernelBias kb) {
        return kernel(name, label, kb.kernel(), kb.bias());
    }

    /** At most SHOWN x SHOWN (output x input) channels of a kernel travel to the page; "fullShape" says how many there are. */
    static Map<String, Object> kernel(String name, String label, Tensor kernel, Tensor bias) {
        int k = kernel.dim(0), c = kernel.dim(1), kh = kernel.dim(2), kw = kernel.dim(3);
        int ks = Math.min(k, SHOWN), cs = Math.min(c, SHOWN);
        float[] part = new float[ks * cs * kh * kw];
        for (int o = 0; o < ks; o++) {
            for (int i = 0; i < cs; i++) System.arraycopy(kernel.data(), ((o * c) + i) * kh * kw, part, (o * cs + i) * kh * kw, kh * kw);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("label", label);
        m.put("shape", new int[] {ks, cs, kh, kw});
        m.put("fullShape", kernel.shape());
        m.put("data", part);
        if (bias != null) m.put("bias", Arrays.copyOf(bias.data(), ks));
        return m;
    }

    static final int SHOWN = 8;

    Module uploaded(String block) {
        int colon = block.indexOf(':');
        if (colon < 0) throw ApiError.badRequest("block '" + block + "' names an upload but no block in it", "pick a block from /api/reparam/blocks");
        Uploads.Upload u = wb.uploads().get(block.substring(0, colon));
        if (!u.kind().equals("reparam")) {
            throw ApiError.badRequest(u.id() + " (" + u.filename() + ") is a " + u.kind() + " upload", "upload a RepVGG, DBB or ACNet checkpoint");
        }
        return UploadedBlocks.build(u.stateDict().asMap(), block.substring(colon + 1), u.filename());
    }

    static int inChannels(Module m) {
        return switch (m) {
            case RepVGGBlock r -> r.inChannels;
            case DiverseBranchBlock d -> d.inChannels;
            case ACBlock a -> a.inChannels;
            default -> throw new IllegalStateException("not a re-parameterizable block: " + m.getClass());
        };
    }

    public void blocks(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>(List.of(
                Map.of("id", "repvgg", "label", "RepVGG block (Ding et al. 2021), random-initialised"),
                Map.of("id", "dbb", "label", "DBB, Diverse Branch Block (2021), random-initialised"),
                Map.of("id", "acnet", "label", "ACNet, asymmetric convolution (2019), random-initialised")));
        out.addAll(UploadedBlocks.list(wb.uploads()));
        ctx.json(Map.of("blocks", out));
    }

    /** Moves every BN's running statistics: mean += p * N(0, 1), var *= exp(p * N(0, 0.5)). */
    static void perturbBn(Module m, double p, long seed) {
        if (p == 0) return;
        SplittableRandom rng = new SplittableRandom(seed);
        for (Module c : m.namedModules().values()) {
            if (c instanceof BatchNorm2d bn) {
                float[] mean = bn.runningMean.data(), var = bn.runningVar.data();
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += (float) (p * gauss(rng));
                    var[i] *= (float) Math.exp(p * 0.5 * gauss(rng));
                }
            }
        }
    }

    private static double gauss(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    public void timing(Context ctx) {
        String block = block(ctx);
        boolean up = block.startsWith("upload-");
        int probe = up ? inChannels(uploaded(block)) : inChannels(make(block, 4, 1));   // validates the name before caching
        ctx.json(timings.get(block, () -> {
            int channels = up ? probe : 32, size = channels <= 64 ? 56 : 14;
            Module multi = up ? uploaded(block) : make(block, channels, 5), fused = up ? uploaded(block) : make(block, channels, 5);
            ((Reparameterizable) fused).switchToDeploy();
            Tensor x = Tensor.randn(9, 1, inChannels(multi), size, size);
            Kernels k = wb.vectorized();
            double tm = medianMs(() -> multi.call(x, workbench.nn.Context.of(k)));
            double tf = medianMs(() -> fused.call(x, workbench.nn.Context.of(k)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("block", block);
            m.put("input", List.of(1, channels, size, size));
            m.put("impl", k.name());
            m.put("multiBranchMs", tm);
            m.put("fusedMs", tf);
            m.put("speedup", tm / tf);
            return m;
        }));
    }

    static double medianMs(Runnable r) {
        for (int i = 0; i < 2; i++) r.run();
        double[] t = new double[5];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

}
