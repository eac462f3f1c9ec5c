/*
 * UploadedBlocks: the re-parameterizable blocks inside a user's checkpoint, for the /reparam page.
 * Finds them by their official keys (RepVGG `rbr_dense.conv.weight`, DBB `dbb_origin.conv.weight`,
 * ACNet `square_conv.weight`), rebuilds each block from its tensor shapes and loads its weights.
 * Shapes do not say a block's stride or, without an identity branch, its groups: the rebuilt block
 * uses stride 1 (stride 2 where that is what leaves the identity out) and groups 1 (depthwise when the
 * kernel has one input channel), which draws the same kernels and keeps the fusion exact.
 * Not here: whole-model conversion (`./workbench reparam convert`).
 */
package workbench.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import workbench.nn.LoadReport;
import workbench.nn.Module;
import workbench.nn.StateDictLoader;
import workbench.reparam.ACBlock;
import workbench.reparam.DiverseBranchBlock;
import workbench.reparam.RepVGGBlock;
import workbench.tensor.Tensor;

final class UploadedBlocks {
    private UploadedBlocks() {}

    static final String REPVGG = "rbr_dense.conv.weight", DBB = "dbb_origin.conv.weight", ACNET = "square_conv.weight";

    /** Block prefixes ("stage1.0.") with their kind, in checkpoint order. */
    static Map<String, String> find(Map<String, Tensor> sd) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : sd.keySet()) {
            for (String[] kind : new String[][] {{REPVGG, "RepVGG"}, {DBB, "DBB"}, {ACNET, "ACNet"}}) {
                if (k.endsWith(kind[0]) && (k.length() == kind[0].length() || k.charAt(k.length() - kind[0].length() - 1) == '.')) {
                    out.put(k.substring(0, k.length() - kind[0].length()), kind[1]);
                }
            }
        }
        return out;
    }

    /** The block under {@code prefix}, rebuilt and loaded (training form). */
    static Module build(Map<String, Tensor> sd, String prefix, String source) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : sd.entrySet()) {
            if (e.getKey().startsWith(prefix)) own.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        Module block;
        if (own.containsKey(REPVGG)) {
            Tensor w = own.get(REPVGG);
            int k = w.dim(0), cg = w.dim(1);
            boolean identity = own.containsKey("rbr_identity.weight");
            int groups = identity ? k / cg : 1, in = cg * groups;
            int stride = !identity && in == k ? 2 : 1;             // only stride 2 (or in != out) leaves the identity out
            block = new RepVGGBlock(in, k, stride, groups, false, own.containsKey("se.down.weight"));
        } else if (own.containsKey(DBB)) {
            Tensor w = own.get(DBB);
            int k = w.dim(0), cg = w.dim(1), ks = w.dim(2);
            int groups = cg == 1 && k > 1 ? k : 1, in = cg * groups;
            Tensor c1 = own.get("dbb_1x1_kxk.conv1.weight");
            Integer internal = c1 != null ? c1.dim(0) : own.containsKey("dbb_1x1_kxk.idconv1.weight") ? in : null;
            block = new DiverseBranchBlock(in, k, ks, 1, ks / 2, groups, internal, false);
        } else if (own.containsKey(ACNET)) {
            Tensor w = own.get(ACNET);
            int k = w.dim(0), cg = w.dim(1), ks = w.dim(2);
            int groups = cg == 1 && k > 1 ? k : 1;
            block = new ACBlock(cg * groups, k, ks, 1, ks / 2, groups, false);
        } else {
            throw ApiError.notFound("no re-parameterizable block at '" + prefix + "' in " + source,
                    "pick a block from /api/reparam/blocks");
        }
        LoadReport report = StateDictLoader.check(block, own);
        if (!report.ok()) {
            throw ApiError.unprocessable(source + ": the block at '" + prefix + "' does not fit its rebuilt form" + report.describe(4),
                    "the block may use options this page does not rebuild (strides, groups without an identity branch); "
                            + "./workbench reparam convert handles whole models");
        }
        StateDictLoader.loadSubset(block, own, source);
        return block;
    }

    static List<Map<String, Object>> list(Uploads uploads) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Uploads.Upload u : uploads.all()) {
            if (!u.kind().equals("reparam")) continue;
            int n = 0;
            for (Map.Entry<String, String> e : find(u.stateDict().asMap()).entrySet()) {
                if (n++ == 64) break;
                String name = e.getKey().isEmpty() ? "(root)" : e.getKey().substring(0, e.getKey().length() - 1);
                out.add(Map.of("id", u.id() + ":" + e.getKey(), "label", name + " · " + e.getValue() + " block of " + u.filename()));
            }
        }
        return out;
    }
}
