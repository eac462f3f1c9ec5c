/*
 * Golden cases of the Kernels contract itself, against torch.nn.functional (chapter "kernels"):
 * conv2d, max_pool2d, avg_pool2d, adaptive_avg_pool2d, linear. Arguments as torch names them.
 */
package workbench.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.Kernels;
import workbench.kernels.Pool2dSpec;
import workbench.tensor.Tensor;

public final class KernelCases implements CaseRunner {
    @Override
    public String chapter() { return "kernels"; }

    @Override
    public Set<String> functions() { return Set.of("conv2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "linear"); }

    @Override
    public Set<String> inputs(GoldenCase c) { return Set.of("input", "weight", "bias"); }

    @Override
    public Map<String, Tensor> run(GoldenCase c, Kernels k) {
        Tensor x = c.tensor("input");
        JsonNode a = c.arguments();
        Tensor y = switch (c.function()) {
            case "conv2d" -> {
                int[] s = c.intArray(a.path("stride")), p = c.intArray(a.path("padding")), d = c.intArray(a.path("dilation"));
                Conv2dSpec spec = new Conv2dSpec(s[0], s[1], p[0], p[1], d[0], d[1], a.path("groups").asInt(1));
                yield k.conv2d(x, c.tensor("weight"), c.has("bias") ? c.tensor("bias") : null, spec);
            }
            case "max_pool2d", "avg_pool2d" -> {
                int[] ks = c.intArray(a.path("kernel_size")), s = c.intArray(a.path("stride")), p = c.intArray(a.path("padding"));
                Pool2dSpec spec = new Pool2dSpec(ks[0], ks[1], s[0], s[1], p[0], p[1], a.path("ceil_mode").asBoolean(false),
                        a.path("count_include_pad").asBoolean(true));
                yield c.function().equals("max_pool2d") ? k.maxPool2d(x, spec) : k.avgPool2d(x, spec);
            }
            case "adaptive_avg_pool2d" -> {
                int[] o = c.intArray(a.path("output_size"));
                yield k.adaptiveAvgPool2d(x, o[0], o[1]);
            }
            case "linear" -> k.linear(x, c.tensor("weight"), c.has("bias") ? c.tensor("bias") : null);
            default -> throw new IllegalArgumentException(c.dir() + ": chapter kernels has no function '" + c.function() + "'");
        };
        return Map.of("output", y);
    }
}
