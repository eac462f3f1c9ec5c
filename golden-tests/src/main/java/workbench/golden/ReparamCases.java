/*
 * Golden cases of chapter 03 (structural re-parameterization), recognised by chapter and
 * provenance.function of the shared sets made with the official code:
 *   repvgg  repvgg.RepVGGBlock(...)            one block: branches, per-branch and total fused kernels, deploy
 *   repvgg  repvgg.RepVGG(**kwargs)            a whole model: stage features, logits before/after conversion
 *   repvgg  repvgg.create_RepVGG_A0(...)       structure only: every state_dict key and shape, both forms
 *   dbb     diversebranchblock.DiverseBranchBlock(...)   branches, tensors inside them, transforms I..VI
 *   dbb     acb.ACBlock(...)                   square / ver / hor branches, fused kernels, deploy
 * Blocks are built from provenance.arguments (any channels, groups, stride, padding and kernel size
 * the official constructors accept), loaded from params/ by state_dict key, and run on the given
 * Kernels. Results are named as in the manifest; the deploy state_dict after switchToDeploy() is
 * compared key by key with deploy_params/ (or deploy_state_dict/) in otherReports.
 */
package workbench.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.nn.StateDictLoader;
import workbench.nn.Trace;
import workbench.reparam.ACBlock;
import workbench.reparam.DiverseBranchBlock;
import workbench.reparam.KernelBias;
import workbench.reparam.RepVGG;
import workbench.reparam.RepVGGBlock;
import workbench.reparam.RepVGGConfig;
import workbench.reparam.RepVGGs;
import workbench.tensor.Tensor;

public final class ReparamCases implements CaseRunner {
    static final String REPVGG_BLOCK = "repvgg.RepVGGBlock(...); forward; get_equivalent_kernel_bias(); switch_to_deploy()";
    static final String REPVGG_MODEL = "repvgg.RepVGG(**kwargs); forward; repvgg.repvgg_model_convert(model, do_copy=True)";
    static final String REPVGG_A0_STRUCTURE = "repvgg.create_RepVGG_A0(deploy=False); repvgg.repvgg_model_convert";
    static final String DBB = "diversebranchblock.DiverseBranchBlock(...); forward; get_equivalent_kernel_bias(); switch_to_deploy();"
            + " dbb_transforms.transI..transVI for the per-branch diagnostics";
    static final String ACB = "acb.ACBlock(...); forward; get_equivalent_kernel_bias(); switch_to_deploy()";

    /** Prefix under which run() returns the state_dict after conversion (not a manifest name). */
    static final String DEPLOYED = "deployed:";

    private final String chapter;

    public ReparamCases(String chapter) {
        if (!chapter.equals("repvgg") && !chapter.equals("dbb")) {
            throw new IllegalArgumentException("ReparamCases: chapter is repvgg or dbb, got " + chapter);
        }
        this.chapter = chapter;
    }

    @Override
    public String chapter() { return chapter; }

    @Override
    public Set<String> functions() {
        return chapter.equals("repvgg") ? Set.of(REPVGG_BLOCK, REPVGG_MODEL, REPVGG_A0_STRUCTURE) : Set.of(DBB, ACB);
    }

    @Override
    public Tol defaultTolerance(Tol fallback) { return GoldenTolerances.REPARAM_F32; }

    @Override
    public Map<String, Tensor> run(GoldenCase c, Kernels kernels) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (c.function()) {
            case REPVGG_BLOCK -> repvggBlock(c, kernels, out);
            case REPVGG_MODEL -> repvggModel(c, kernels, out);
            case REPVGG_A0_STRUCTURE -> { }              // no tensors: see otherReports
            case DBB -> dbb(c, kernels, out);
            case ACB -> acb(c, kernels, out);
            default -> throw new IllegalArgumentException(c.dir() + ": chapter " + chapter + " has no function '" + c.function() + "'");
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------

    private static void repvggBlock(GoldenCase c, Kernels kernels, Map<String, Tensor> out) {
        JsonNode a = args(c, "RepVGGBlock");
        int in = a.path("in_channels").asInt(), o = a.path("out_channels").asInt(), stride = a.path("stride").asInt(1);
        RepVGGBlock block = new RepVGGBlock(in, o, a.path("kernel_size").asInt(3), stride, a.path("padding").asInt(1),
                a.path("groups").asInt(1), false, a.path("use_se").asBoolean(false), in == o && stride == 1);
        StateDictLoader.load(block, c.params(), c.dir().toString(), "RepVGGBlock", null);
        Tensor x = c.tensor("input");
        Trace trace = Trace.all();
        out.put("output", block.call(x, new Context(kernels, trace)));
        putTrace(trace, "rbr_dense", "branch_rbr_dense", out);
        putTrace(trace, "rbr_1x1", "branch_rbr_1x1", out);
        putTrace(trace, "rbr_identity", "branch_rbr_identity", out);
        putTrace(trace, "pre_activation", "pre_activation", out);
        putTrace(trace, "se", "se_output", out);
        put(out, "fused_rbr_dense", block.denseKernelBias());
        put(out, "fused_rbr_1x1", block.oneByOneKernelBias());
        if (block.hasIdentity()) {
            out.put("identity_kernel", block.identityKernel());
            put(out, "fused_rbr_identity", block.identityKernelBias());
        }
        put(out, "fused", block.equivalentKernelBias());
        block.switchToDeploy();
        out.put("output_deploy", block.call(x, Context.of(kernels)));
        block.stateDict().forEach((k, v) -> out.put(DEPLOYED + k, v));
    }

    private static void repvggModel(GoldenCase c, Kernels kernels, Map<String, Tensor> out) {
        JsonNode a = args(c, "RepVGG");
        Map<Integer, Integer> groups = new LinkedHashMap<>();
        a.path("override_groups_map").properties().forEach(e -> groups.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
        double[] width = new double[4];
        for (int i = 0; i < 4; i++) width[i] = a.path("width_multiplier").get(i).asDouble();
        RepVGGConfig cfg = new RepVGGConfig(c.name(), c.intArray(a.path("num_blocks")), width, groups,
                a.path("num_classes").asInt(1000), a.path("use_se").asBoolean(false));
        RepVGG model = new RepVGG(cfg, false);
        StateDictLoader.load(model, c.prefixed("state_dict/"), c.dir().toString(), "RepVGG", null);
        Tensor x = c.tensor("input");
        Trace trace = Trace.all();
        out.put("logits", model.call(x, new Context(kernels, trace)));
        for (String s : List.of("stage0", "stage1", "stage2", "stage3", "stage4", "gap")) putTrace(trace, s, "feature_" + s, out);
        prepared(kernels, model, x, "logits", out);
        model.convertToDeploy();
        out.put("logits_deploy", model.call(x, Context.of(kernels)));
        prepared(kernels, model, x, "logits_deploy", out);
        model.stateDict().forEach((k, v) -> out.put(DEPLOYED + k, v));
    }

    private static void dbb(GoldenCase c, Kernels kernels, Map<String, Tensor> out) {
        JsonNode a = args(c, "DiverseBranchBlock");
        JsonNode internal = a.path("internal_channels_1x1_3x3");
        DiverseBranchBlock block = new DiverseBranchBlock(a.path("in_channels").asInt(), a.path("out_channels").asInt(),
                a.path("kernel_size").asInt(), a.path("stride").asInt(1), a.path("padding").asInt(0), a.path("groups").asInt(1),
                internal.isInt() ? internal.asInt() : null, false, relu(c, a));
        StateDictLoader.load(block, c.params(), c.dir().toString(), "DiverseBranchBlock", null);
        Tensor x = c.tensor("input");
        Trace trace = Trace.all();
        out.put("output", block.call(x, new Context(kernels, trace)));
        // every module inside the branches, by the manifest's naming: dbb_avg.bn -> branch_dbb_avg_bn
        trace.tensors().forEach((name, t) -> out.put("branch_" + name.replace('.', '_'), t));
        put(out, "fused_origin", block.originKernelBias());
        if (block.hasOneByOne()) put(out, "fused_1x1", block.oneByOneKernelBias());
        put(out, "fused_1x1_kxk", block.oneByOneKxkKernelBias());
        out.put("avg_kernel", block.avgKernel());
        put(out, "fused_avg", block.avgKernelBias());
        if (block.usesIdentityBasedConv()) {
            out.put("idconv1_id_tensor", block.idconv1().idTensor());
            out.put("idconv1_actual_kernel", block.idconv1().actualKernel());
        }
        put(out, "fused", block.equivalentKernelBias());
        block.switchToDeploy();
        out.put("output_deploy", block.call(x, Context.of(kernels)));
        block.stateDict().forEach((k, v) -> out.put(DEPLOYED + k, v));
    }

    private static void acb(GoldenCase c, Kernels kernels, Map<String, Tensor> out) {
        JsonNode a = args(c, "ACBlock");
        ACBlock block = new ACBlock(a.path("in_channels").asInt(), a.path("out_channels").asInt(), a.path("kernel_size").asInt(),
                a.path("stride").asInt(1), a.path("padding").asInt(0), a.path("groups").asInt(1), false, relu(c, a));
        if (!a.path("use_affine").asBoolean(true)) {
            throw new IllegalArgumentException(c.dir().resolve("manifest.json") + ": ACBlock with use_affine=False is not implemented"
                    + "\n  ---> HINT: the BNs here are affine (gamma, beta), as in the official default.");
        }
        StateDictLoader.load(block, c.params(), c.dir().toString(), "ACBlock", null);
        Tensor x = c.tensor("input");
        Trace trace = Trace.all();
        out.put("output", block.call(x, new Context(kernels, trace)));
        putTrace(trace, "square_bn", "branch_square", out);
        putTrace(trace, "ver_bn", "branch_ver", out);
        putTrace(trace, "hor_bn", "branch_hor", out);
        put(out, "fused_square", block.squareKernelBias());
        put(out, "fused_ver", block.verKernelBias());
        put(out, "fused_hor", block.horKernelBias());
        put(out, "fused", block.equivalentKernelBias());
        block.switchToDeploy();
        out.put("output_deploy", block.call(x, Context.of(kernels)));
        block.stateDict().forEach((k, v) -> out.put(DEPLOYED + k, v));
    }

    // ---------------------------------------------------------------------------------------------
    // Checks that are not one manifest .npy each.

    @Override
    public List<TensorReport> otherReports(GoldenCase c, Map<String, Tensor> ours, Tol tol) {
        if (c.function().equals(REPVGG_A0_STRUCTURE)) return structureReports(c);
        String folder = c.function().equals(REPVGG_MODEL) ? "deploy_state_dict/" : "deploy_params/";
        Map<String, Tensor> golden = c.prefixed(folder);
        Map<String, Tensor> deployed = new LinkedHashMap<>();
        ours.forEach((k, v) -> { if (k.startsWith(DEPLOYED)) deployed.put(k.substring(DEPLOYED.length()), v); });
        List<TensorReport> reports = new ArrayList<>();
        List<String> gotKeys = new ArrayList<>(deployed.keySet()), wantKeys = new ArrayList<>(golden.keySet());
        boolean same = gotKeys.equals(wantKeys);
        reports.add(verdict(folder + " keys", same, "  " + folder + " keys (state_dict after switch_to_deploy)\n  "
                + (same ? "TENSOR OK  the same " + wantKeys.size() + " keys in the same order"
                : "TENSOR NOT OK  official " + wantKeys + "\n                 ours     " + gotKeys)));
        for (Map.Entry<String, Tensor> e : golden.entrySet()) {
            Tensor got = deployed.get(e.getKey());
            if (got != null) reports.add(TensorReport.compare(folder + e.getKey(), e.getValue(), got, tol));
        }
        return reports;
    }

    /** a0_structure: our RepVGG-A0 in both forms against the official key/shape lists and counts. */
    private static List<TensorReport> structureReports(GoldenCase c) {
        JsonNode s;
        try {
            s = new ObjectMapper().readTree(c.path("structure.json").toFile());
        } catch (IOException e) {
            throw GoldenCase.io(c.path("structure.json"), e);
        }
        List<TensorReport> reports = new ArrayList<>();
        for (boolean deploy : new boolean[] {false, true}) {
            String form = deploy ? "deploy" : "train";
            Module model = RepVGGs.create("RepVGG-A0", deploy);
            List<String> want = new ArrayList<>(), got = new ArrayList<>();
            for (JsonNode e : s.path(form)) want.add(e.path("key").asText() + " " + Arrays.toString(c.intArray(e.path("shape"))));
            model.stateDict().forEach((k, v) -> got.add(k + " " + Arrays.toString(v.shape())));
            boolean same = want.equals(got);
            String firstDiff = "";
            for (int i = 0; !same && i < Math.max(want.size(), got.size()); i++) {
                String w = i < want.size() ? want.get(i) : "(none)", g = i < got.size() ? got.get(i) : "(none)";
                if (!w.equals(g)) { firstDiff = "\n  first difference at #" + i + ": official " + w + ", ours " + g; break; }
            }
            reports.add(verdict("structure." + form, same, "  structure." + form + " (" + want.size() + " official keys)\n  "
                    + (same ? "TENSOR OK  every key and shape equal, in state_dict order" : "TENSOR NOT OK  " + got.size() + " keys" + firstDiff)));
            long count = model.parameterCount(), wantCount = s.path("num_params_" + form).asLong();
            long formula = RepVGGs.parameterCount(RepVGGs.config("RepVGG-A0"), deploy);
            boolean ok = count == wantCount && formula == wantCount;
            reports.add(verdict("num_params_" + form, ok, String.format(java.util.Locale.ROOT,
                    "  num_params_%s\n  TENSOR %s  official %,d, ours %,d (model) and %,d (formula)", form, ok ? "OK" : "NOT OK",
                    wantCount, count, formula)));
        }
        return reports;
    }

    // ---------------------------------------------------------------------------------------------

    private static TensorReport verdict(String name, boolean ok, String text) {
        return new TensorReport(name, "()", ok, ok ? 0 : Double.POSITIVE_INFINITY, ok ? 0 : Double.POSITIVE_INFINITY, new int[0],
                ok ? 0 : 1, 1, new int[0], GoldenTolerances.REPARAM_F32, text);
    }

    /**
     * The implementation's prepared form of the model (Kernels.prepare; the vectorized twin may fold,
     * pack and fuse), when it has one: its output is compared with the same reference as "name@prepared".
     */
    private static void prepared(Kernels kernels, Module model, Tensor x, String name, Map<String, Tensor> out) {
        Module fast = kernels.prepare(model);
        if (fast != model) out.put(name + "@prepared", fast.call(x, Context.of(kernels)));
    }

    /** The official `nonlinear` argument as the manifest names it: absent, null or "Identity", or "ReLU". */
    private static boolean relu(GoldenCase c, JsonNode a) {
        JsonNode n = a.path("nonlinear");
        if (n.isMissingNode() || n.isNull()) return false;
        String s = n.asText().replace("nn.", "").replace("()", "");
        if (s.equals("Identity") || s.equals("None")) return false;
        if (s.equals("ReLU")) return true;
        throw new IllegalArgumentException(c.dir().resolve("manifest.json") + ": nonlinear '" + n.asText() + "' is not implemented"
                + "\n  ---> HINT: DBB and ACBlock here take nonlinear = Identity (the default) or ReLU.");
    }

    private static JsonNode args(GoldenCase c, String constructor) {
        JsonNode a = c.arguments().path(constructor);
        if (a.isMissingNode()) {
            throw new IllegalArgumentException(c.dir().resolve("manifest.json") + ": provenance.arguments." + constructor + " missing"
                    + "\n  ---> HINT: the case's constructor arguments are read from there (in_channels, out_channels, ...).");
        }
        return a;
    }

    private static void putTrace(Trace trace, String traced, String name, Map<String, Tensor> out) {
        if (trace.has(traced)) out.put(name, trace.get(traced));
    }

    private static void put(Map<String, Tensor> out, String stem, KernelBias kb) {
        if (kb == null) return;
        out.put(stem + "_kernel", kb.kernel());
        out.put(stem + "_bias", kb.bias());
    }
}
