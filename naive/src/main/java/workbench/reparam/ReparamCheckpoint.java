/*
 * Converts a training-time checkpoint to its deploy form, as the official convert.py scripts of
 * DingXiaoH/RepVGG and DingXiaoH/DiverseBranchBlock do (load, switch_to_deploy() on every block,
 * save), for state_dicts read from .pth, .npz or safetensors (workbench.io.StateDict).
 *
 * What is recognised, by key names alone (any prefix, so "module.", "backbone." work too):
 *   a whole RepVGG              stage0.rbr_dense.* ... stageN.M.* and linear.*   -> RepVGG, checked end to end
 *   a RepVGG block at prefix P  P.rbr_dense.*, P.rbr_1x1.*, [P.rbr_identity.*], [P.se.*]
 *   a DBB at prefix P           P.dbb_origin.*, [P.dbb_1x1.*], P.dbb_avg.*, P.dbb_1x1_kxk.*
 *   an ACBlock at prefix P      P.square_conv.*, P.square_bn.*, P.ver_*, P.hor_*
 * Every other key is copied unchanged. Each block is rebuilt from its weights' shapes, loaded
 * strictly (a missing or mis-shaped key is reported by name, all blocks at once), run on a seeded
 * random input before and after switchToDeploy(), and the two outputs must agree within
 * CONVERSION_TOLERANCE x max(1, max|train output|) before anything is returned.
 * What the shapes cannot tell and the weights do not depend on: a lone block's stride (checked at 1)
 * and, for blocks without an identity branch, the groups (checked as one group on C/groups input
 * channels - the fused kernel is the same tensor either way); an ACBlock's padding (checked at K/2).
 * Not here: writing (the CLI writes safetensors / npz), blocks with dilation.
 */
package workbench.reparam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import workbench.kernels.Kernels;
import workbench.nn.Context;
import workbench.nn.LoadReport;
import workbench.nn.Module;
import workbench.nn.StateDictLoader;
import workbench.tensor.Tensor;

public final class ReparamCheckpoint {
    private ReparamCheckpoint() {}

    /** |deploy - train| <= 1e-5 x max(1, max|train|): float32 fusion error is ~1e-6 on outputs of size 1..10. */
    public static final double CONVERSION_TOLERANCE = 1e-5;

    public enum Kind {
        REPVGG_MODEL("RepVGG", List.of()),
        REPVGG_BLOCK("RepVGGBlock", List.of("rbr_dense.", "rbr_1x1.", "rbr_identity.")),
        DBB("DiverseBranchBlock", List.of("dbb_origin.", "dbb_1x1.", "dbb_avg.", "dbb_1x1_kxk.")),
        ACB("ACBlock", List.of("square_conv.", "square_bn.", "ver_conv.", "ver_bn.", "hor_conv.", "hor_bn."));

        public final String label;
        final List<String> fragments;

        Kind(String label, List<String> fragments) {
            this.label = label;
            this.fragments = fragments;
        }
    }

    /** Keys that mark a block already in deploy form. */
    static final List<String> DEPLOY_FRAGMENTS = List.of("rbr_reparam.", "dbb_reparam.", "fused_conv.");

    /** One converted unit: where it sits in the checkpoint, what it is, and how well the check went. */
    public record Converted(String prefix, Kind kind, String description, double maxAbsDiff, double bound) {}

    public record Result(LinkedHashMap<String, Tensor> deploy, List<Converted> converted, boolean alreadyDeployed,
                         List<String> deployedPrefixes) {
        public double worstRatio() {
            return converted.stream().mapToDouble(c -> c.maxAbsDiff() / c.bound()).max().orElse(0);
        }
    }

    /** A checkpoint whose keys are not one of the recognised forms, or whose blocks miss keys. */
    public static final class NotConvertibleException extends IllegalArgumentException {
        public NotConvertibleException(String message) { super(message); }
    }

    private record Unit(String prefix, Kind kind, Module module, Set<String> keys) {}

    public static Result convert(Map<String, Tensor> sd, String source, Kernels kernels, long seed) {
        // 1. Where do blocks sit? prefix -> kind, for every key that carries a branch name.
        LinkedHashMap<String, Kind> prefixes = new LinkedHashMap<>();
        Set<String> deployed = new LinkedHashSet<>();
        for (String key : sd.keySet()) {
            for (Kind kind : Kind.values()) {
                for (String f : kind.fragments) {
                    String p = prefixOf(key, f);
                    if (p != null) prefixes.putIfAbsent(p, kind);
                }
            }
            for (String f : DEPLOY_FRAGMENTS) {
                String p = prefixOf(key, f);
                if (p != null) deployed.add(p);
            }
        }
        if (prefixes.isEmpty()) {
            if (!deployed.isEmpty()) {
                return new Result(new LinkedHashMap<>(sd), List.of(), true, List.copyOf(deployed));
            }
            throw new NotConvertibleException(source + ": no RepVGG, DBB or ACNet block found among " + sd.size() + " keys (first: "
                    + sd.keySet().stream().limit(6).toList() + ")"
                    + "\n  looked for keys ending in rbr_dense.conv.weight (RepVGG), dbb_origin.conv.weight (DBB)"
                    + " or square_conv.weight (ACNet), and for the deploy forms rbr_reparam.*, dbb_reparam.*, fused_conv.*"
                    + "\n  ---> HINT: pass a training-time state_dict of one of these models (strip any wrapper such as"
                    + " {'model': ...} before saving).");
        }

        // 2. Build a module per unit (a whole RepVGG where the keys form one), check keys strictly.
        List<Unit> units = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> inModel = new LinkedHashSet<>();
        for (String p : prefixes.keySet()) {
            if (prefixes.get(p) == Kind.REPVGG_BLOCK && p.endsWith("stage0.")) {
                String root = p.substring(0, p.length() - "stage0.".length());
                RepVGGConfig cfg = inferRepVGG(sd, root);
                if (cfg != null) {
                    RepVGG model = new RepVGG(cfg, false);
                    Set<String> keys = new LinkedHashSet<>();
                    for (String k : sd.keySet()) {
                        if (k.startsWith(root) && k.substring(root.length()).matches("(stage\\d+|linear)\\..*")) keys.add(k);
                    }
                    check(model, root, keys, sd, problems);
                    units.add(new Unit(root, Kind.REPVGG_MODEL, model, keys));
                    for (String q : prefixes.keySet()) if (q.startsWith(root + "stage")) inModel.add(q);
                }
            }
        }
        for (Map.Entry<String, Kind> e : prefixes.entrySet()) {
            String p = e.getKey();
            if (inModel.contains(p)) continue;
            List<String> missingAnchor = new ArrayList<>();
            Module block = buildBlock(e.getValue(), p, sd, missingAnchor);
            if (block == null) {
                problems.add("  " + label(p) + " (" + e.getValue().label + "): missing " + missingAnchor);
                continue;
            }
            Set<String> keys = new LinkedHashSet<>();
            for (String k : sd.keySet()) {
                if (!k.startsWith(p)) continue;
                String rest = k.substring(p.length());
                boolean mine = e.getValue().fragments.stream().anyMatch(rest::startsWith)
                        || (e.getValue() == Kind.REPVGG_BLOCK && rest.startsWith("se."));
                if (mine) keys.add(k);
            }
            check(block, p, keys, sd, problems);
            units.add(new Unit(p, e.getValue(), block, keys));
        }
        if (!problems.isEmpty()) {
            throw new NotConvertibleException(source + ": the checkpoint does not hold complete training-time blocks\n"
                    + String.join("\n", problems)
                    + "\n  ---> HINT: every branch needs its conv weight and its BN's weight, bias, running_mean and running_var;"
                    + " save the whole state_dict of the training-time model.");
        }

        // 3. Convert each unit and check it on a random input before and after.
        List<Converted> converted = new ArrayList<>();
        Map<String, Unit> unitOfKey = new LinkedHashMap<>();
        Context ctx = Context.of(kernels);
        for (Unit u : units) {
            Map<String, Tensor> own = new LinkedHashMap<>();
            for (String k : u.keys) own.put(k.substring(u.prefix.length()), sd.get(k));
            StateDictLoader.load(u.module, own, source, u.kind.label, null);
            Tensor x = Tensor.randn(seed, inputShape(u.module));
            Tensor before = u.module.call(x, ctx);
            deploy(u.module);
            Tensor after = u.module.call(x, ctx);
            double d = before.maxAbsDiff(after), bound = CONVERSION_TOLERANCE * Math.max(1, before.maxAbs());
            if (!(d <= bound)) {
                throw new IllegalStateException(source + ": " + label(u.prefix) + " (" + u.kind.label + "): deploy output differs"
                        + " from the training-time output by " + String.format(Locale.ROOT, "%.2e", d) + " (allowed "
                        + String.format(Locale.ROOT, "%.2e", bound) + "); nothing written"
                        + "\n  ---> HINT: check the BN running statistics in the file (NaN or negative running_var?).");
            }
            converted.add(new Converted(u.prefix, u.kind, u.module.describe(), d, bound));
            for (String k : u.keys) unitOfKey.put(k, u);
        }

        // 4. The deploy state_dict, in the file's order: a unit's new keys where its first key was.
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Unit> emitted = new LinkedHashSet<>();
        for (Map.Entry<String, Tensor> e : sd.entrySet()) {
            Unit u = unitOfKey.get(e.getKey());
            if (u == null) {
                out.put(e.getKey(), e.getValue());
            } else if (emitted.add(u)) {
                Set<String> optional = u.module.optionalKeys();
                u.module.stateDict().forEach((k, v) -> { if (!optional.contains(k)) out.put(u.prefix + k, v); });
            }
        }
        return new Result(out, converted, false, List.copyOf(deployed));
    }

    private static void deploy(Module m) {
        if (m instanceof RepVGG r) r.convertToDeploy();
        else ((Reparameterizable) m).switchToDeploy();
    }

    private static int[] inputShape(Module m) {
        return switch (m) {
            case RepVGG r -> new int[] {1, 3, 64, 64};
            case RepVGGBlock b -> new int[] {2, b.inChannels, 11, 11};
            case DiverseBranchBlock b -> new int[] {2, b.inChannels, 11, 11};
            case ACBlock b -> new int[] {2, b.inChannels, 11, 11};
            default -> throw new IllegalStateException("no input shape for " + m.describe());
        };
    }

    private static void check(Module m, String prefix, Set<String> keys, Map<String, Tensor> sd, List<String> problems) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (String k : keys) own.put(k.substring(prefix.length()), sd.get(k));
        LoadReport r = StateDictLoader.check(m, own);
        if (r.ok()) return;
        StringBuilder sb = new StringBuilder("  " + label(prefix) + " (" + m.describe() + "):");
        if (!r.missing().isEmpty()) sb.append("\n    missing (").append(r.missing().size()).append("): ").append(String.join(", ", withPrefix(prefix, r.missing())));
        if (!r.unexpected().isEmpty()) sb.append("\n    unexpected (").append(r.unexpected().size()).append("): ").append(String.join(", ", withPrefix(prefix, r.unexpected())));
        for (LoadReport.Mismatch mm : r.mismatched()) sb.append("\n    shape: ").append(prefix).append(mm);
        problems.add(sb.toString());
    }

    private static List<String> withPrefix(String p, List<String> keys) {
        return keys.stream().map(k -> p + k).toList();
    }

    private static String label(String prefix) {
        return prefix.isEmpty() ? "(root)" : prefix.substring(0, prefix.length() - 1);
    }

    /** The prefix before {@code fragment} when it starts a dotted component of {@code key}, else null. */
    static String prefixOf(String key, String fragment) {
        int from = 0;
        while (true) {
            int i = key.indexOf(fragment, from);
            if (i < 0) return null;
            if (i == 0 || key.charAt(i - 1) == '.') return key.substring(0, i);
            from = i + 1;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Rebuilding a block from the shapes of its weights.

    private static Module buildBlock(Kind kind, String p, Map<String, Tensor> sd, List<String> missing) {
        switch (kind) {
            case REPVGG_BLOCK -> {
                Tensor dense = need(sd, p + "rbr_dense.conv.weight", missing);
                if (dense == null) return null;
                boolean identity = sd.keySet().stream().anyMatch(k -> k.startsWith(p + "rbr_identity."));
                boolean se = sd.keySet().stream().anyMatch(k -> k.startsWith(p + "se."));
                int out = dense.dim(0), inPerGroup = dense.dim(1);
                if (identity && out % inPerGroup == 0) {
                    return new RepVGGBlock(out, out, 3, 1, 1, out / inPerGroup, false, se, true);
                }
                return new RepVGGBlock(inPerGroup, out, 3, 1, 1, 1, false, se, false);
            }
            case DBB -> {
                Tensor origin = need(sd, p + "dbb_origin.conv.weight", missing);
                Tensor id = sd.get(p + "dbb_1x1_kxk.idconv1.weight"), conv1 = sd.get(p + "dbb_1x1_kxk.conv1.weight");
                Tensor conv2 = need(sd, p + "dbb_1x1_kxk.conv2.weight", missing);
                if (id == null && conv1 == null) missing.add(p + "dbb_1x1_kxk.idconv1.weight (or dbb_1x1_kxk.conv1.weight)");
                if (!missing.isEmpty()) return null;
                int out = origin.dim(0), k = origin.dim(2), in, groups, internal;
                if (id != null) {
                    in = id.dim(0);
                    groups = in / id.dim(1);
                    internal = in;
                } else {
                    internal = conv1.dim(0);
                    groups = internal / conv2.dim(1);
                    in = conv1.dim(1) * groups;
                }
                return new DiverseBranchBlock(in, out, k, 1, k / 2, groups, internal, false);
            }
            case ACB -> {
                Tensor square = need(sd, p + "square_conv.weight", missing);
                if (square == null) return null;
                int k = square.dim(2);
                return new ACBlock(square.dim(1), square.dim(0), k, 1, k / 2, 1, false);
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static Tensor need(Map<String, Tensor> sd, String key, List<String> missing) {
        Tensor t = sd.get(key);
        if (t == null) missing.add(key);
        return t;
    }

    /** A RepVGG configuration read off the keys under {@code root}, or null if they do not form a whole RepVGG. */
    static RepVGGConfig inferRepVGG(Map<String, Tensor> sd, String root) {
        Tensor stem = sd.get(root + "stage0.rbr_dense.conv.weight"), linear = sd.get(root + "linear.weight");
        if (stem == null || linear == null || stem.dim(1) != 3) return null;
        int[] numBlocks = new int[4];
        int[] width = new int[5];
        width[0] = stem.dim(0);
        Map<Integer, Integer> groups = new LinkedHashMap<>();
        int in = width[0], layer = 1;
        for (int s = 1; s <= 4; s++) {
            int j = 0;
            while (sd.containsKey(root + "stage" + s + "." + j + ".rbr_dense.conv.weight")) {
                Tensor w = sd.get(root + "stage" + s + "." + j + ".rbr_dense.conv.weight");
                if (w.dim(1) == 0 || in % w.dim(1) != 0) return null;
                int g = in / w.dim(1);
                if (g != 1) groups.put(layer, g);
                in = w.dim(0);
                if (j == 0) width[s] = in;
                j++;
                layer++;
            }
            if (j == 0) return null;
            numBlocks[s - 1] = j;
        }
        double[] mult = {width[1] / 64.0, width[2] / 128.0, width[3] / 256.0, width[4] / 512.0};
        if (width[0] != Math.min(64, width[1]) || linear.dim(1) != width[4]) return null;
        boolean se = sd.containsKey(root + "stage0.se.down.weight");
        return new RepVGGConfig("RepVGG", numBlocks, mult, groups, linear.dim(0), se);
    }

    /** Keys of the training-time blocks found, for messages: "stage0 (RepVGGBlock)". */
    static Set<String> describePrefixes(Map<String, Kind> prefixes) {
        Set<String> s = new TreeSet<>();
        prefixes.forEach((p, k) -> s.add(label(p) + " (" + k.label + ")"));
        return s;
    }
}
