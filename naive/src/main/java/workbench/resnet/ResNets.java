/*
 * The named models of chapter 01 and what can be said about a checkpoint's keys.
 *   resnet18/34/50/101/152   torchvision's builders (Table 1 depths, layout V1.5, option B)
 *   plain18/plain34          the plain nets of Sec. 3.3 (same layers, no shortcuts)
 *   resnet20..110_cifar      Sec. 4.2, option A
 * A suffix picks the paper's variants: "-paper" (stride on the first 1x1), "-A" / "-C" (shortcut options).
 */
package workbench.resnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import workbench.nn.Init;
import workbench.nn.Module;
import workbench.resnet.ResNetConfig.BlockType;
import workbench.resnet.ResNetConfig.Shortcut;
import workbench.tensor.Tensor;

public final class ResNets {
    private ResNets() {}

    /** Table 1 depths, torchvision's builders. */
    public static final Map<String, ResNetConfig> TORCHVISION = new LinkedHashMap<>();
    static {
        TORCHVISION.put("resnet18", ResNetConfig.torchvision("resnet18", BlockType.BASIC, 2, 2, 2, 2));
        TORCHVISION.put("resnet34", ResNetConfig.torchvision("resnet34", BlockType.BASIC, 3, 4, 6, 3));
        TORCHVISION.put("resnet50", ResNetConfig.torchvision("resnet50", BlockType.BOTTLENECK, 3, 4, 6, 3));
        TORCHVISION.put("resnet101", ResNetConfig.torchvision("resnet101", BlockType.BOTTLENECK, 3, 4, 23, 3));
        TORCHVISION.put("resnet152", ResNetConfig.torchvision("resnet152", BlockType.BOTTLENECK, 3, 8, 36, 3));
    }

    /** CIFAR depths of Sec. 4.2: depth = 6n + 2. */
    public static final int[] CIFAR_DEPTHS = {20, 32, 44, 56, 110};

    public static List<String> names() {
        List<String> all = new ArrayList<>(TORCHVISION.keySet());
        all.add("plain18");
        all.add("plain34");
        for (int d : CIFAR_DEPTHS) all.add("resnet" + d + "_cifar");
        return all;
    }

    public static ResNetConfig config(String name) {
        String base = name, suffix = "";
        int dash = name.indexOf('-');
        if (dash > 0) {
            base = name.substring(0, dash);
            suffix = name.substring(dash + 1);
        }
        ResNetConfig c;
        if (base.startsWith("plain") && TORCHVISION.containsKey("resnet" + base.substring(5))) {
            ResNetConfig r = TORCHVISION.get("resnet" + base.substring(5));
            c = new ResNetConfig(base, r.block(), r.layers(), r.layout(), Shortcut.NONE, 1000, 1, 64, null);
        } else {
            c = TORCHVISION.get(base);
        }
        if (c == null) {
            throw new IllegalArgumentException("unknown ResNet '" + name + "'; known: " + String.join(", ", names())
                    + " (ImageNet models take the suffixes -paper, -A, -C)");
        }
        for (String s : suffix.isEmpty() ? new String[0] : suffix.split("-")) {
            c = switch (s) {
                case "paper" -> c.withLayout(ResNetConfig.Layout.PAPER);
                case "A" -> c.withShortcut(Shortcut.A);
                case "B" -> c.withShortcut(Shortcut.B);
                case "C" -> c.withShortcut(Shortcut.C);
                default -> throw new IllegalArgumentException("unknown suffix '-" + s + "' in '" + name + "'; use -paper, -A, -B or -C");
            };
        }
        return c;
    }

    /** Any chapter-01 model by name: resnet50, resnet50-paper, plain34, resnet56_cifar, ... */
    public static Module create(String name) {
        Matcher m = Pattern.compile("(resnet|plain)(\\d+)_cifar").matcher(name);
        if (m.matches()) {
            int depth = Integer.parseInt(m.group(2));
            if ((depth - 2) % 6 != 0 || depth < 8) {
                throw new IllegalArgumentException(name + ": CIFAR nets have depth 6n+2 (20, 32, 44, 56, 110, ...), got " + depth);
            }
            return new CifarResNet((depth - 2) / 6, m.group(1).equals("plain") ? Shortcut.NONE : Shortcut.A, 10);
        }
        return new ResNet(config(name));
    }

    /**
     * Seeded random weights with randomised BatchNorm statistics, so a forward pass exercises every
     * parameter (used by demos and twin tests; golden tests load the official code's weights instead).
     * conv/linear weights ~ N(0, 1/fan_in); BN gamma ~ U(0.5, 1.5), beta ~ N(0, 0.2),
     * running_mean ~ N(0, 0.3), running_var ~ U(0.4, 2.0).
     */
    public static <M extends Module> M randomize(M model, long seed) {
        return Init.randomize(model, seed);
    }

    /**
     * Which chapter-01 model a state_dict's keys describe: counts blocks per stage
     * (`layerN.M.`), Bottleneck if `conv3` exists, CIFAR if there is no layer4. Empty when the
     * keys are not a ResNet's at all.
     */
    public static Optional<String> guessArchitecture(Map<String, Tensor> stateDict) {
        Pattern block = Pattern.compile("^layer(\\d)\\.(\\d+)\\.");
        TreeMap<Integer, Integer> blocks = new TreeMap<>();
        boolean bottleneck = false, projections = false;
        for (String k : stateDict.keySet()) {
            Matcher m = block.matcher(k);
            if (m.find()) blocks.merge(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) + 1, Math::max);
            if (k.matches("^layer\\d\\.\\d+\\.conv3\\.weight$")) bottleneck = true;
            if (k.contains(".downsample.")) projections = true;
        }
        if (blocks.isEmpty()) return Optional.empty();
        if (!blocks.containsKey(4) && blocks.size() == 3) {
            int n = blocks.get(1);
            return Optional.of("resnet" + (6 * n + 2) + "_cifar");
        }
        int[] layers = new int[4];
        for (int i = 1; i <= 4; i++) layers[i - 1] = blocks.getOrDefault(i, 0);
        for (ResNetConfig c : TORCHVISION.values()) {
            if (Arrays.equals(c.layers(), layers) && (c.block() == BlockType.BOTTLENECK) == bottleneck) {
                return Optional.of(projections || bottleneck ? c.name() : "plain" + c.name().substring(6));
            }
        }
        return Optional.of("a ResNet with " + (bottleneck ? "Bottleneck" : "BasicBlock") + " stages " + Arrays.toString(layers));
    }
}
