/*
 * The named RepVGG models (RepVGG Sec. 3.4; DingXiaoH/RepVGG repvgg.py:
 * create_RepVGG_A0 ... create_RepVGG_B3g4, optional_groupwise_layers, g2_map, g4_map), their
 * parameter counts in both forms, and the paper's parameter figures to hold them against.
 * Counts are computed from the block list (RepVGGConfig.blocks), the same list the model is built
 * from, so B3 (123M training parameters) can be counted without allocating it.
 */
package workbench.reparam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import workbench.nn.Init;
import workbench.nn.Module;

public final class RepVGGs {
    private RepVGGs() {}

    private static final int[] A = {2, 4, 14, 1}, B = {4, 6, 16, 1};

    /** Layers 2, 4, ..., 26 (global block indices) are the ones the g2/g4 variants group. */
    public static final List<Integer> OPTIONAL_GROUPWISE_LAYERS = List.of(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26);

    private static Map<Integer, Integer> groups(int g) {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        for (int l : OPTIONAL_GROUPWISE_LAYERS) m.put(l, g);
        return m;
    }

    /** The official create_RepVGG_* functions, by the names of func_dict ("RepVGG-A0" ...). */
    public static final Map<String, RepVGGConfig> MODELS = new LinkedHashMap<>();
    static {
        put("RepVGG-A0", A, new double[] {0.75, 0.75, 0.75, 2.5}, Map.of());
        put("RepVGG-A1", A, new double[] {1, 1, 1, 2.5}, Map.of());
        put("RepVGG-A2", A, new double[] {1.5, 1.5, 1.5, 2.75}, Map.of());
        put("RepVGG-B0", B, new double[] {1, 1, 1, 2.5}, Map.of());
        put("RepVGG-B1", B, new double[] {2, 2, 2, 4}, Map.of());
        put("RepVGG-B1g2", B, new double[] {2, 2, 2, 4}, groups(2));
        put("RepVGG-B1g4", B, new double[] {2, 2, 2, 4}, groups(4));
        put("RepVGG-B2", B, new double[] {2.5, 2.5, 2.5, 5}, Map.of());
        put("RepVGG-B2g2", B, new double[] {2.5, 2.5, 2.5, 5}, groups(2));
        put("RepVGG-B2g4", B, new double[] {2.5, 2.5, 2.5, 5}, groups(4));
        put("RepVGG-B3", B, new double[] {3, 3, 3, 5}, Map.of());
        put("RepVGG-B3g2", B, new double[] {3, 3, 3, 5}, groups(2));
        put("RepVGG-B3g4", B, new double[] {3, 3, 3, 5}, groups(4));
    }

    private static void put(String name, int[] blocks, double[] width, Map<Integer, Integer> groups) {
        MODELS.put(name, new RepVGGConfig(name, blocks, width, groups, 1000, false));
    }

    /**
     * Parameters (millions) of the inference-time models as the RepVGG paper's ImageNet results print them. They are
     * our deploy counts cut, not rounded, to two decimals (A0: 8,309,384 -> "8.30"). Variants the
     * table does not list are absent.
     */
    public static final Map<String, String> PAPER_PARAMS_M = Map.ofEntries(
            Map.entry("RepVGG-A0", "8.30"), Map.entry("RepVGG-A1", "12.78"), Map.entry("RepVGG-A2", "25.49"),
            Map.entry("RepVGG-B0", "14.33"), Map.entry("RepVGG-B1", "51.82"), Map.entry("RepVGG-B1g2", "41.36"),
            Map.entry("RepVGG-B1g4", "36.12"), Map.entry("RepVGG-B2", "80.31"), Map.entry("RepVGG-B2g4", "55.77"),
            Map.entry("RepVGG-B3", "110.96"), Map.entry("RepVGG-B3g4", "75.62"));

    public static RepVGGConfig config(String name) {
        String key = name.startsWith("RepVGG-") ? name : "RepVGG-" + name.replaceFirst("(?i)^repvgg[-_]?", "").toUpperCase(Locale.ROOT).replace("G", "g");
        RepVGGConfig c = MODELS.get(key);
        if (c == null) {
            throw new IllegalArgumentException("unknown RepVGG '" + name + "'; known: " + String.join(", ", MODELS.keySet()));
        }
        return c;
    }

    public static RepVGG create(String name, boolean deploy) {
        return new RepVGG(config(name), deploy);
    }

    // ---------------------------------------------------------------------------------------------
    // Parameter counts (torch: sum(p.numel() for p in model.parameters()); BN running statistics are
    // buffers, not parameters).

    public static long parameterCount(RepVGGConfig c, boolean deploy) {
        long n = 0;
        for (RepVGGConfig.BlockSpec b : c.blocks()) {
            long convPerOut = (long) b.in() / b.groups();
            if (deploy) {
                n += b.out() * convPerOut * 9 + b.out();                            // rbr_reparam weight + bias
            } else {
                n += b.out() * convPerOut * 9 + 2L * b.out();                       // rbr_dense conv + BN (gamma, beta)
                n += b.out() * convPerOut + 2L * b.out();                           // rbr_1x1 conv + BN
                if (b.in() == b.out() && b.stride() == 1) n += 2L * b.in();          // rbr_identity BN
            }
            if (c.useSe()) {
                int internal = b.out() / 16;
                n += (long) b.out() * internal + internal + (long) internal * b.out() + b.out();
            }
        }
        return n + (long) c.width(4) * c.numClasses() + c.numClasses();             // linear
    }

    public record Row(String name, long trainParams, long deployParams, String paperM) {
        /** Our deploy count cut to two decimals of a million, the way the paper prints it. */
        public String deployMillionsCut() {
            return String.format(Locale.ROOT, "%.2f", Math.floor(deployParams / 1e4) / 100.0);
        }
    }

    public static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        for (RepVGGConfig c : MODELS.values()) {
            rows.add(new Row(c.name(), parameterCount(c, false), parameterCount(c, true), PAPER_PARAMS_M.get(c.name())));
        }
        return rows;
    }

    public static String format(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("RepVGG parameters, training form (3x3 + 1x1 + identity branches, Sec. 3.2) and deploy form (one 3x3 conv\n")
          .append("per block, Sec. 3.3); 1000 classes. Paper: the RepVGG paper's ImageNet results, inference-time models.\n\n");
        sb.append(String.format(Locale.ROOT, "%-12s %14s %14s %9s %8s %s%n", "model", "train params", "deploy params",
                "removed", "paper M", "check"));
        for (Row r : rows) {
            String check = r.paperM() == null ? "(not in the paper's table)"
                    : r.paperM().equals(r.deployMillionsCut()) ? "ok: " + r.deployMillionsCut() + "M" : "DIFFERS: " + r.deployMillionsCut() + "M";
            sb.append(String.format(Locale.ROOT, "%-12s %,14d %,14d %8.1f%% %8s %s%n", r.name(), r.trainParams(), r.deployParams(),
                    100.0 * (r.trainParams() - r.deployParams()) / r.trainParams(), r.paperM() == null ? "-" : r.paperM(), check));
        }
        sb.append("\nThe paper's figures are these deploy counts cut (not rounded) to two decimals of a million.\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Seeded random weights with randomised BN statistics for every module of the chapter (convs,
     * IdentityBasedConv1x1 perturbations, linears, BNs), with the golden generator's distributions:
     * conv/linear weights ~ N(0, 1/fan_in), biases ~ N(0, 0.1), IdentityBasedConv1x1 weight ~ N(0, 0.1),
     * BN gamma ~ U(0.5, 1.5), beta ~ N(0, 0.2), running_mean ~ N(0, 0.3), running_var ~ U(0.4, 2.0).
     * A fusion that skips a BN or a bias cannot pass an equivalence test on such weights.
     */
    public static <M extends Module> M randomize(M model, long seed) {
        return Init.randomize(model, seed, (m, rng) -> {
            if (!(m instanceof IdentityBasedConv1x1 id)) return false;
            Init.normal(id.weight, rng, 0.1);      // zero-initialised upstream; perturbed so the path is tested
            return true;
        });
    }
}
