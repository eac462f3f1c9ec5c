/*
 * The identities the papers claim, on random configurations with randomised BN statistics (eval
 * mode): every training-time block equals its fused conv - RepVGG blocks (identity or not, groups,
 * stride 2, SE), DBB (kernel 3 and 5, groups, depthwise, stride 2, custom internal width) and
 * ACBlock (kernel 3 and 5, padding above, at and below K/2, i.e. cropping, stride 2, groups).
 * Also each transform on its own: BN folding, the padded 1x1, the grouped identity kernel,
 * average pooling as a conv, and the 1x1-then-KxK merge, each against running the layers.
 */
package workbench.reparam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.NaiveKernels;
import workbench.kernels.Pool2dSpec;
import workbench.nn.BatchNorm2d;
import workbench.nn.Context;
import workbench.nn.Module;
import workbench.tensor.Tensor;

class EquivalenceTest {
    /** |fused - branches| <= 1e-5 x max(1, max|branches|): float32 folds, outputs of size 1..10. */
    static final double FUSED_VS_BRANCHES = 1e-5;

    static final Context CTX = Context.of(NaiveKernels.INSTANCE);

    static void assertFusedEqualsBranches(Module block, int in, int h, int w, long seed) {
        RepVGGs.randomize(block, seed);
        Tensor x = Tensor.randn(seed + 1, 2, in, h, w);
        Tensor train = block.call(x, CTX);
        ((Reparameterizable) block).switchToDeploy();
        assertThat(((Reparameterizable) block).isDeployed()).isTrue();
        Tensor deploy = block.call(x, CTX);
        assertThat(deploy.shape()).isEqualTo(train.shape());
        double bound = FUSED_VS_BRANCHES * Math.max(1, train.maxAbs());
        assertThat((double) train.maxAbsDiff(deploy)).as(block.describe() + " on " + x.shapeString()).isLessThanOrEqualTo(bound);
        assertThat(train.maxAbs()).as("a block whose output is ~0 would prove nothing").isGreaterThan(0.1f);
    }

    static Stream<Arguments> repvggBlocks() {
        // in, out, stride, groups, se, h, w
        return Stream.of(
                Arguments.of(8, 8, 1, 1, false, 9, 9), Arguments.of(8, 16, 2, 1, false, 9, 9), Arguments.of(16, 16, 1, 2, false, 7, 10),
                Arguments.of(16, 16, 1, 4, false, 5, 5), Arguments.of(12, 24, 2, 3, false, 8, 7), Arguments.of(16, 16, 1, 16, false, 6, 6),
                Arguments.of(16, 32, 1, 1, false, 6, 6), Arguments.of(32, 32, 1, 2, true, 6, 6), Arguments.of(16, 32, 2, 1, true, 7, 7));
    }

    @ParameterizedTest(name = "RepVGGBlock {0}->{1} stride {2} groups {3} se {4} on {5}x{6}")
    @MethodSource("repvggBlocks")
    void fused_repvgg_block_equals_three_branches_in_eval_mode(int in, int out, int stride, int groups, boolean se, int h, int w) {
        RepVGGBlock b = new RepVGGBlock(in, out, stride, groups, false, se);
        assertThat(b.hasIdentity()).isEqualTo(in == out && stride == 1);
        assertFusedEqualsBranches(b, in, h, w, 11L * in + out + stride + groups);
        assertThat(b.stateDict().keySet()).contains("rbr_reparam.weight", "rbr_reparam.bias").noneMatch(k -> k.startsWith("rbr_dense"));
    }

    static Stream<Arguments> dbbBlocks() {
        // in, out, k, stride, groups, internal (null = default), h, w
        List<Arguments> a = new ArrayList<>();
        for (int k : new int[] {3, 5}) {
            a.add(Arguments.of(8, 8, k, 1, 1, null, 9, 9));
            a.add(Arguments.of(8, 16, k, 2, 1, null, 9, 8));
            a.add(Arguments.of(8, 8, k, 1, 2, null, 7, 9));
            a.add(Arguments.of(8, 8, k, 2, 8, null, 9, 9));          // depthwise: no dbb_1x1, avg pool only
            a.add(Arguments.of(6, 12, k, 1, 3, 9, 8, 8));           // plain conv1 of a custom width, groups 3
            a.add(Arguments.of(8, 8, k, 1, 8, 8, 6, 6));            // depthwise with an IdentityBasedConv1x1
        }
        return a.stream();
    }

    @ParameterizedTest(name = "DBB {0}->{1} k{2} stride {3} groups {4} internal {5} on {6}x{7}")
    @MethodSource("dbbBlocks")
    void fused_dbb_equals_its_four_branches(int in, int out, int k, int stride, int groups, Integer internal, int h, int w) {
        DiverseBranchBlock b = new DiverseBranchBlock(in, out, k, stride, k / 2, groups, internal, false);
        assertThat(b.hasOneByOne()).isEqualTo(groups < out);
        assertFusedEqualsBranches(b, in, h, w, 31L * k + in + out + groups);
        assertThat(b.stateDict().keySet()).containsExactly("dbb_reparam.weight", "dbb_reparam.bias");
    }

    static Stream<Arguments> acBlocks() {
        // in, out, k, stride, padding, groups, h, w
        return Stream.of(Arguments.of(8, 8, 3, 1, 1, 1, 9, 9), Arguments.of(8, 16, 3, 2, 1, 1, 9, 8), Arguments.of(8, 8, 3, 1, 0, 1, 9, 9),
                Arguments.of(8, 8, 5, 1, 2, 1, 9, 9), Arguments.of(8, 8, 5, 1, 1, 2, 9, 10), Arguments.of(8, 8, 5, 2, 0, 1, 11, 9),
                Arguments.of(8, 8, 3, 1, 2, 1, 7, 7), Arguments.of(6, 12, 3, 2, 0, 3, 10, 9));
    }

    @ParameterizedTest(name = "ACBlock {0}->{1} k{2} stride {3} padding {4} groups {5} on {6}x{7}")
    @MethodSource("acBlocks")
    void fused_acblock_equals_square_plus_cross(int in, int out, int k, int stride, int padding, int groups, int h, int w) {
        ACBlock b = new ACBlock(in, out, k, stride, padding, groups, false);
        assertThat(b.crop).isEqualTo(Math.max(0, k / 2 - padding));
        assertFusedEqualsBranches(b, in, h, w, 7L * k + padding + stride);
    }

    @Test
    void a_whole_repvgg_converted_block_by_block_gives_the_same_logits() {
        RepVGGConfig tiny = new RepVGGConfig("tiny", new int[] {2, 2, 2, 1}, new double[] {0.25, 0.25, 0.25, 0.5},
                java.util.Map.of(2, 2, 4, 2, 6, 2), 10, false);
        RepVGG model = RepVGGs.randomize(new RepVGG(tiny, false), 5);
        Tensor x = Tensor.randn(6, 1, 3, 32, 32);
        Tensor before = model.call(x, CTX);
        assertThat(model.parameterCount()).isEqualTo(RepVGGs.parameterCount(tiny, false)).isEqualTo(224_138);
        model.convertToDeploy();
        assertThat(model.isDeployed()).isTrue();
        assertThat(model.parameterCount()).isEqualTo(RepVGGs.parameterCount(tiny, true)).isEqualTo(200_490);
        assertThat((double) before.maxAbsDiff(model.call(x, CTX))).isLessThanOrEqualTo(FUSED_VS_BRANCHES * Math.max(1, before.maxAbs()));
    }

    // ---------------------------------------------------------------------------------------------
    // The transforms one by one.

    @Test
    void bn_folded_into_the_conv_equals_conv_then_bn() {
        ConvBn cb = RepVGGs.randomize(new ConvBn(6, 10, 3, 3, Conv2dSpec.of(2, 1, 1, 2)), 3);
        Tensor x = Tensor.randn(4, 2, 6, 9, 9);
        KernelBias f = cb.fused();
        Tensor folded = NaiveKernels.INSTANCE.conv2d(x, f.kernel(), f.bias(), cb.conv.spec);
        assertThat((double) cb.call(x, CTX).maxAbsDiff(folded)).isLessThan(1e-5);
    }

    @Test
    void a_1x1_kernel_padded_into_the_centre_of_a_3x3_computes_the_same_with_padding_1() {
        Tensor k1 = Tensor.randn(1, 5, 4, 1, 1), x = Tensor.randn(2, 1, 4, 7, 8);
        Tensor k3 = Transforms.padToKernel(k1, 3, 3);
        for (int o = 0; o < 5; o++) for (int c = 0; c < 4; c++) {
            assertThat(k3.get(o, c, 1, 1)).isEqualTo(k1.get(o, c, 0, 0));
            assertThat(k3.get(o, c, 0, 0)).isZero();
        }
        for (int s : new int[] {1, 2}) {
            Tensor a = NaiveKernels.INSTANCE.conv2d(x, k1, null, Conv2dSpec.of(s, 0));
            Tensor b = NaiveKernels.INSTANCE.conv2d(x, k3, null, Conv2dSpec.of(s, 1));
            assertThat((double) a.maxAbsDiff(b)).isLessThan(1e-6);
        }
    }

    @Test
    void the_grouped_identity_kernel_copies_every_channel_and_the_naive_one_would_not() {
        Tensor x = Tensor.randn(8, 2, 12, 5, 5);
        for (int g : new int[] {1, 2, 3, 4, 12}) {
            Tensor id = Transforms.identityKernel(12, g, 3);
            assertThat(id.shape()).containsExactly(12, 12 / g, 3, 3);
            Tensor y = NaiveKernels.INSTANCE.conv2d(x, id, null, Conv2dSpec.of(1, 1, 1, g));
            assertThat(y.maxAbsDiff(x)).as("groups " + g).isZero();
        }
        // the mistake of writing k[i, i] (only possible while i < C/g): with 2 groups it misses channels 6..11
        Tensor wrong = Tensor.zeros(12, 6, 3, 3);
        for (int i = 0; i < 6; i++) wrong.set(1f, i, i, 1, 1);
        assertThat(NaiveKernels.INSTANCE.conv2d(x, wrong, null, Conv2dSpec.of(1, 1, 1, 2)).maxAbsDiff(x)).isGreaterThan(0.5f);
    }

    @Test
    void average_pooling_is_a_conv_with_the_avg_kernel_when_padding_is_counted() {
        Tensor x = Tensor.randn(9, 2, 6, 9, 8);
        for (int k : new int[] {3, 5}) {
            for (int g : new int[] {1, 2, 6}) {
                Tensor pooled = NaiveKernels.INSTANCE.avgPool2d(x, Pool2dSpec.of(k, 2, k / 2, false));   // count_include_pad
                Tensor conv = NaiveKernels.INSTANCE.conv2d(x, Transforms.avgKernel(6, k, g), null, Conv2dSpec.of(2, k / 2, 1, g));
                assertThat((double) pooled.maxAbsDiff(conv)).as("k " + k + " groups " + g).isLessThan(1e-6);
            }
            Tensor excl = NaiveKernels.INSTANCE.avgPool2d(x, Pool2dSpec.of(k, 2, k / 2, false).withCountIncludePad(false));
            Tensor conv = NaiveKernels.INSTANCE.conv2d(x, Transforms.avgKernel(6, k, 1), null, Conv2dSpec.of(2, k / 2));
            assertThat(excl.maxAbsDiff(conv)).as("count_include_pad=False differs at the border").isGreaterThan(1e-3f);
        }
    }

    @Test
    void a_1x1_conv_then_a_kxk_conv_merge_into_one_kxk_conv_when_the_border_holds_b1() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int g : new int[] {1, 2, 4}) {
            int C = 8, M = 12, O = 8, k = 3;
            KernelBias first = new KernelBias(Tensor.randn(rng.nextLong(), M, C / g, 1, 1), Tensor.randn(rng.nextLong(), M));
            KernelBias second = new KernelBias(Tensor.randn(rng.nextLong(), O, M / g, k, k), Tensor.randn(rng.nextLong(), O));
            Tensor x = Tensor.randn(rng.nextLong(), 2, C, 7, 7);
            // the two layers, with the 1x1 output padded by its bias (what BNAndPadLayer does)
            Tensor mid = NaiveKernels.INSTANCE.conv2d(x, first.kernel(), first.bias(), Conv2dSpec.of(1, 0, 1, g));
            mid = ReparamOps.padWithChannelValues(mid, 1, first.bias().data());
            Tensor twoLayers = NaiveKernels.INSTANCE.conv2d(mid, second.kernel(), second.bias(), Conv2dSpec.of(1, 0, 1, g));
            KernelBias merged = Transforms.sequential1x1Kxk(first, second, g);
            assertThat(merged.kernel().shape()).containsExactly(O, C / g, k, k);
            Tensor oneLayer = NaiveKernels.INSTANCE.conv2d(x, merged.kernel(), merged.bias(), Conv2dSpec.of(1, 1, 1, g));
            assertThat((double) twoLayers.maxAbsDiff(oneLayer)).as("groups " + g).isLessThan(1e-4);
        }
    }

    @Test
    void bn_and_pad_fills_the_border_with_bn_of_zero_not_zero() {
        BNAndPadLayer layer = RepVGGs.randomize(new BNAndPadLayer(2, 3), 8);
        Tensor y = layer.call(Tensor.randn(1, 1, 3, 4, 4), CTX);
        assertThat(y.shape()).containsExactly(1, 3, 8, 8);
        BatchNorm2d bn = layer.bn;
        Tensor zero = NaiveKernels.INSTANCE.batchNorm(Tensor.zeros(1, 3, 1, 1), bn.weight, bn.bias, bn.runningMean, bn.runningVar, bn.eps);
        // the official pad value, beta - mean * gamma / std, and the BN kernel's scale-and-shift round differently (1 ulp)
        for (int c = 0; c < 3; c++) {
            assertThat(y.get(0, c, 0, 0)).isCloseTo(zero.get(0, c, 0, 0), org.assertj.core.data.Offset.offset(1e-6f)).isNotZero();
            assertThat(y.get(0, c, 7, 3)).isEqualTo(y.get(0, c, 0, 0));
            assertThat(Math.abs(y.get(0, c, 0, 0))).isGreaterThan(1e-3f);
        }
    }

    /** Forty seeded random configurations across the three blocks, beyond the hand-picked ones above. */
    @Test
    void random_configurations_of_all_three_blocks_fuse_exactly() {
        SplittableRandom rng = new SplittableRandom(2026);
        for (int t = 0; t < 40; t++) {
            int groups = new int[] {1, 1, 2, 4}[rng.nextInt(4)], in = groups * (1 + rng.nextInt(4)), out = groups * (1 + rng.nextInt(4));
            int stride = 1 + rng.nextInt(2), k = rng.nextBoolean() ? 3 : 5, h = k + rng.nextInt(6), w = k + rng.nextInt(6);
            Module block = switch (t % 3) {
                case 0 -> new RepVGGBlock(in, out, stride, groups, false, false);
                case 1 -> new DiverseBranchBlock(groups >= out ? out : in, out, k, stride, k / 2, groups, false);
                default -> new ACBlock(in, out, k, stride, rng.nextInt(k / 2 + 2), groups, false);
            };
            int channels = block instanceof DiverseBranchBlock d ? d.inChannels : in;   // depthwise DBB needs in == out
            assertFusedEqualsBranches(block, channels, h, w, rng.nextLong());
        }
    }

    @Test
    void switch_all_to_deploy_converts_every_block_of_a_tree_once() {
        workbench.nn.Sequential net = new workbench.nn.Sequential(new RepVGGBlock(4, 8, 2, 1, false, false),
                new DiverseBranchBlock(8, 8, 3, 1, 1, 2, false), new ACBlock(8, 8, 3, 1, 1, 1, false));
        RepVGGs.randomize(net, 9);
        Tensor x = Tensor.randn(10, 1, 4, 9, 9);
        Tensor before = net.call(x, CTX);
        assertThat(Reparameterizable.switchAllToDeploy(net)).isEqualTo(3);
        assertThat(Reparameterizable.switchAllToDeploy(net)).isZero();
        assertThat(net.stateDict().keySet()).containsExactly("0.rbr_reparam.weight", "0.rbr_reparam.bias", "1.dbb_reparam.weight",
                "1.dbb_reparam.bias", "2.fused_conv.weight", "2.fused_conv.bias");
        assertThat((double) before.maxAbsDiff(net.call(x, CTX))).isLessThanOrEqualTo(FUSED_VS_BRANCHES * Math.max(1, before.maxAbs()));
    }

    @Test
    void a_relu_nonlinearity_stays_after_the_fused_conv() {
        DiverseBranchBlock dbb = new DiverseBranchBlock(8, 8, 3, 1, 1, 2, null, false, true);
        ACBlock acb = new ACBlock(8, 8, 3, 1, 1, 1, false, true);
        assertFusedEqualsBranches(dbb, 8, 7, 7, 3);
        assertFusedEqualsBranches(acb, 8, 7, 7, 4);
        Tensor y = acb.call(Tensor.randn(1, 1, 8, 7, 7), CTX);
        assertThat(y.min()).as("ReLU output").isGreaterThanOrEqualTo(0f);
        assertThat(dbb.stateDict().keySet()).containsExactly("dbb_reparam.weight", "dbb_reparam.bias");
    }
}
