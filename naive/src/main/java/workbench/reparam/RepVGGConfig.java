/*
 * The architectural specification of a RepVGG (RepVGG Sec. 3.4; DingXiaoH/RepVGG
 * repvgg.py: RepVGG.__init__ and the create_RepVGG_* functions).
 *   numBlocks        blocks in stages 1..4 (stage 0 is always one block): A [2, 4, 14, 1], B [4, 6, 16, 1]
 *   widthMultiplier  a, a, a, b: stage widths int(64a), int(128a), int(256a), int(512b); stage 0 has min(64, int(64a))
 *   groupsMap        groups of a block by its global index (stage1's first block is 1; stage 0 never grouped):
 *                    the g2/g4 variants put 2 or 4 groups on the even layers 2, 4, ..., 26
 */
package workbench.reparam;

import java.util.Arrays;
import java.util.Map;

public record RepVGGConfig(String name, int[] numBlocks, double[] widthMultiplier, Map<Integer, Integer> groupsMap,
                           int numClasses, boolean useSe) {
    public RepVGGConfig {
        if (numBlocks.length != 4 || widthMultiplier.length != 4) {
            throw new IllegalArgumentException(name + ": RepVGG has four stages after stage0; got num_blocks "
                    + Arrays.toString(numBlocks) + " and width_multiplier " + Arrays.toString(widthMultiplier));
        }
        if (groupsMap.containsKey(0)) {
            throw new IllegalArgumentException(name + ": override_groups_map must not group layer 0 (stage0 takes 3 RGB channels)");
        }
        numBlocks = numBlocks.clone();
        widthMultiplier = widthMultiplier.clone();
        groupsMap = Map.copyOf(groupsMap);
    }

    /** Output channels of stage i (0..4), with Python's int() truncation as in the official code. */
    public int width(int stage) {
        return switch (stage) {
            case 0 -> Math.min(64, (int) (64 * widthMultiplier[0]));
            case 1 -> (int) (64 * widthMultiplier[0]);
            case 2 -> (int) (128 * widthMultiplier[1]);
            case 3 -> (int) (256 * widthMultiplier[2]);
            case 4 -> (int) (512 * widthMultiplier[3]);
            default -> throw new IllegalArgumentException("RepVGG has stages 0..4, not " + stage);
        };
    }

    /** One block of the network: where it is, its channels, stride and groups. */
    public record BlockSpec(String name, int globalIndex, int in, int out, int stride, int groups) {}

    /** Every block in order, as the official _make_stage lays them out. */
    public java.util.List<BlockSpec> blocks() {
        java.util.List<BlockSpec> out = new java.util.ArrayList<>();
        int inPlanes = width(0);
        out.add(new BlockSpec("stage0", 0, 3, inPlanes, 2, 1));
        int layer = 1;
        for (int s = 1; s <= 4; s++) {
            int planes = width(s);
            for (int b = 0; b < numBlocks[s - 1]; b++) {
                out.add(new BlockSpec("stage" + s + "." + b, layer, inPlanes, planes, b == 0 ? 2 : 1, groupsMap.getOrDefault(layer, 1)));
                inPlanes = planes;
                layer++;
            }
        }
        return out;
    }

    public RepVGGConfig withNumClasses(int n) { return new RepVGGConfig(name, numBlocks, widthMultiplier, groupsMap, n, useSe); }
}
