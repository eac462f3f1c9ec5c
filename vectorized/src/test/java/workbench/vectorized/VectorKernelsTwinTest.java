/*
 * Twin tests: every VectorKernels operation against NaiveKernels on seeded random tensors, for
 * every float species width this CPU runs natively (128, 256, 512 bits, up to
 * FloatVector.SPECIES_PREFERRED), and for conv2d both lane layouts (VectorConv2d versions 1 and 2).
 * Shapes include sizes that are not multiples of the lane count (tails) and size 1.
 * Tolerances: TwinCheck (EXACT, TWIN_F32 scaled by reduction length, POOL_F32).
 * Run: mvn -pl vectorized test -Dtest=VectorKernelsTwinTest
 */
package workbench.vectorized;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import workbench.kernels.Conv2dSpec;
import workbench.kernels.NaiveKernels;
import workbench.kernels.Pool2dSpec;
import workbench.tensor.Shape;
import workbench.tensor.Tensor;
import workbench.vectorized.VectorKernels.ConvVersion;

class VectorKernelsTwinTest {
    private static final NaiveKernels NAIVE = NaiveKernels.INSTANCE;

    /** Naive results are computed once per case and reused for every species and version. */
    private static final Map<Object, Tensor> REFERENCE = new ConcurrentHashMap<>();

    private static Tensor reference(Object key, Supplier<Tensor> naive) {
        return REFERENCE.computeIfAbsent(key, k -> naive.get());
    }

    /** Species widths this CPU runs as real vectors. */
    static List<Integer> widths() {
        return Stream.of(128, 256, 512).filter(b -> b <= VectorKernels.PREFERRED.vectorBitSize()).toList();
    }

    private static VectorKernels kernels(int bits, ConvVersion v) {
        return new VectorKernels(VectorKernels.forBits(bits).species(), v);
    }

    /** Every case at every width. */
    private static Stream<Arguments> perWidth(List<?> cases) {
        List<Arguments> out = new ArrayList<>();
        for (int bits : widths()) for (Object c : cases) out.add(Arguments.of(bits, c));
        return out.stream();
    }

    /** Every case at every width, for each conv version. */
    private static Stream<Arguments> perWidthAndVersion(List<?> cases, ConvVersion... versions) {
        List<Arguments> out = new ArrayList<>();
        for (int bits : widths())
            for (ConvVersion v : versions)
                for (Object c : cases) out.add(Arguments.of(bits, v, c));
        return out.stream();
    }

    @AfterAll
    static void printWorstDifferences() {
        System.out.println("[twin summary] species widths " + widths() + ", largest differences vs naive:\n" + TwinCheck.summary());
    }

    // ---- conv2d ---------------------------------------------------------------------------------

    record ConvCase(int n, int c, int h, int w, int k, int kh, int kw, Conv2dSpec spec, boolean bias, long seed) {
        Tensor x() { return Tensor.randn(seed, n, c, h, w); }
        Tensor weight() { return Tensor.randn(seed + 1, k, c / spec.groups(), kh, kw); }
        Tensor b() { return bias ? Tensor.randn(seed + 2, k) : null; }
        int reduction() { return c / spec.groups() * kh * kw + (bias ? 1 : 0); }
        long macs() { return (long) n * k * spec.outH(h, kh) * spec.outW(w, kw) * (c / spec.groups()) * kh * kw; }

        @Override public String toString() {
            Conv2dSpec s = spec;
            String g = s.groups() == c && s.groups() == k ? s.groups() + " (depthwise)" : Integer.toString(s.groups());
            return "x" + Shape.str(n, c, h, w) + " w" + Shape.str(k, c / s.groups(), kh, kw)
                    + " stride=(" + s.strideH() + "," + s.strideW() + ") pad=(" + s.padH() + "," + s.padW()
                    + ") dilation=(" + s.dilationH() + "," + s.dilationW() + ") groups=" + g + (bias ? " bias" : " no-bias");
        }
    }

    private static ConvCase conv(int n, int c, int h, int w, int k, int kh, int kw, Conv2dSpec s, boolean bias) {
        return new ConvCase(n, c, h, w, k, kh, kw, s, bias, 1000L + 31L * (n + 7L * c + 13L * h + 17L * w + 19L * k + kh + kw));
    }

    /** Named shapes: network layers and the corners of the contract. */
    static List<ConvCase> namedConvCases() {
        return List.of(
                conv(1, 3, 20, 20, 16, 7, 7, Conv2dSpec.of(2, 3), true),                 // ResNet stem, scaled down
                conv(1, 16, 15, 15, 16, 3, 3, Conv2dSpec.of(1, 1), false),               // basic block 3x3
                conv(3, 17, 7, 17, 33, 3, 3, Conv2dSpec.of(1, 1), false),                // batch 3, odd channels
                conv(1, 64, 7, 7, 64, 1, 1, Conv2dSpec.of(1, 0), true),                  // bottleneck 1x1
                conv(1, 64, 8, 8, 64, 1, 1, Conv2dSpec.of(2, 0), false),                 // downsample 1x1 stride 2
                conv(1, 33, 16, 16, 17, 3, 3, Conv2dSpec.of(2, 1), true),
                conv(1, 64, 20, 20, 64, 3, 3, Conv2dSpec.of(1, 1), true),                // largest: 14.7M MACs
                conv(1, 5, 20, 20, 5, 3, 3, Conv2dSpec.of(1, 2, 2, 1), true),            // dilation 2
                conv(1, 16, 20, 20, 16, 3, 3, Conv2dSpec.of(1, 6, 6, 1), false),         // atrous rate 6 (DeepLab)
                conv(1, 16, 13, 13, 8, 3, 3, Conv2dSpec.of(1, 0, 6, 1), true),           // dilation 6, 1x1 output
                conv(2, 16, 9, 9, 16, 3, 3, Conv2dSpec.of(1, 1, 1, 2), true),            // groups 2
                conv(1, 16, 9, 9, 32, 3, 3, Conv2dSpec.of(2, 1, 1, 4), false),           // groups 4, stride 2
                conv(1, 17, 15, 15, 17, 3, 3, Conv2dSpec.of(1, 1, 1, 17), false),        // depthwise
                conv(3, 33, 16, 16, 33, 3, 3, Conv2dSpec.of(2, 1, 1, 33), true),         // depthwise stride 2, batch 3
                conv(3, 64, 7, 7, 64, 3, 3, Conv2dSpec.of(1, 1, 1, 64), true),           // depthwise 64, batch 3
                conv(1, 16, 7, 7, 32, 5, 5, Conv2dSpec.of(1, 2, 1, 16), true),           // depth multiplier 2
                conv(1, 5, 17, 31, 3, 1, 3, new Conv2dSpec(1, 1, 0, 1, 1, 1, 1), true),  // 1x3, width 31
                conv(1, 5, 17, 15, 3, 3, 1, new Conv2dSpec(1, 1, 1, 0, 1, 1, 1), false), // 3x1
                conv(1, 1, 1, 1, 1, 1, 1, Conv2dSpec.of(1, 0), false),                   // everything 1
                conv(1, 1, 1, 7, 4, 1, 3, new Conv2dSpec(1, 1, 0, 1, 1, 1, 1), true),
                conv(1, 16, 1, 1, 16, 3, 3, Conv2dSpec.of(1, 1), true),                  // 1x1 input, all taps but one in padding
                conv(1, 3, 7, 16, 17, 5, 5, Conv2dSpec.of(3, 3), true),                  // stride 3, pad 3
                conv(3, 4, 16, 16, 8, 7, 7, Conv2dSpec.of(1, 3, 1, 2), false),           // 7x7, groups 2, batch 3
                conv(1, 3, 20, 31, 5, 7, 7, Conv2dSpec.of(2, 3), true),                  // 7x7 stride 2, width 31
                conv(1, 17, 11, 15, 16, 3, 3, new Conv2dSpec(2, 1, 1, 0, 1, 2, 1), true), // anisotropic stride/pad/dilation
                conv(3, 33, 9, 16, 33, 1, 1, Conv2dSpec.of(3, 0), true));                // 1x1 stride 3, width 16
    }

    private static final int[] CHANNELS = {1, 3, 5, 16, 17, 33, 64};
    private static final int[] WIDTHS = {1, 7, 15, 16, 17, 31};
    private static final int[] HEIGHTS = {1, 5, 7, 12, 20};
    private static final int[][] KERNELS = {{1, 1}, {3, 3}, {5, 5}, {7, 7}, {1, 3}, {3, 1}};
    private static final int[] STRIDES = {1, 2, 3}, PADS = {0, 1, 3}, DILATIONS = {1, 2, 6};

    /** Seeded random shapes drawn from the value sets above; invalid or too-large draws are redrawn. */
    static List<ConvCase> randomConvCases() {
        SplittableRandom rng = new SplittableRandom(20240601L);
        List<ConvCase> cases = new ArrayList<>();
        while (cases.size() < 40) {
            int c = pick(rng, CHANNELS), k = pick(rng, CHANNELS);
            int g = switch (rng.nextInt(5)) {
                case 0 -> 2;
                case 1 -> 4;
                case 2 -> c;          // depthwise: groups = C = K
                default -> 1;
            };
            if (g == c) k = c;
            if (c % g != 0 || k % g != 0) g = 1;
            int[] kern = KERNELS[rng.nextInt(KERNELS.length)];
            int stride = pick(rng, STRIDES), pad = pick(rng, PADS), dil = pick(rng, DILATIONS);
            int h = pick(rng, HEIGHTS), w = pick(rng, WIDTHS), n = rng.nextInt(3) == 0 ? 3 : 1;
            Conv2dSpec s = Conv2dSpec.of(stride, pad, dil, g);
            if (s.outH(h, kern[0]) < 1 || s.outW(w, kern[1]) < 1) continue;
            ConvCase cc = new ConvCase(n, c, h, w, k, kern[0], kern[1], s, rng.nextBoolean(), rng.nextLong());
            if (cc.macs() > 2_000_000) continue;                   // keeps the naive side fast
            cases.add(cc);
        }
        return cases;
    }

    private static int pick(SplittableRandom rng, int[] values) { return values[rng.nextInt(values.length)]; }

    static Stream<Arguments> convCases() {
        List<ConvCase> all = new ArrayList<>(namedConvCases());
        all.addAll(randomConvCases());
        return perWidthAndVersion(all, ConvVersion.OUTPUT_COLUMNS, ConvVersion.OUTPUT_CHANNELS);
    }

    @ParameterizedTest(name = "{0}-bit v{1}: {2}")
    @MethodSource("convCases")
    void panama_conv_matches_naive_for_every_species(int bits, ConvVersion version, ConvCase cc) {
        Tensor x = cc.x(), w = cc.weight(), b = cc.b();
        Tensor ref = reference(cc, () -> NAIVE.conv2d(x, w, b, cc.spec()));
        Tensor got = kernels(bits, version).conv2d(x, w, b, cc.spec());
        TwinCheck.assertTwin("conv2d", cc + " species=" + bits + "-bit version=" + version,
                ref, got, TwinCheck.TWIN_F32.forReduction(cc.reduction()));
    }

    @Test
    void auto_conv_version_follows_output_channels_per_group() {
        VectorKernels vk = new VectorKernels(VectorKernels.PREFERRED, ConvVersion.AUTO);
        int L = vk.species().length();
        assertThat(VectorConv2d.resolve(ConvVersion.AUTO, L, vk.species())).isEqualTo(ConvVersion.OUTPUT_CHANNELS);
        assertThat(VectorConv2d.resolve(ConvVersion.AUTO, L - 1, vk.species())).isEqualTo(ConvVersion.OUTPUT_COLUMNS);
        assertThat(VectorConv2d.resolve(ConvVersion.OUTPUT_COLUMNS, 4 * L, vk.species())).isEqualTo(ConvVersion.OUTPUT_COLUMNS);
        for (ConvCase cc : List.of(namedConvCases().get(2), namedConvCases().get(12))) {   // one per version
            Tensor x = cc.x(), w = cc.weight(), b = cc.b();
            Tensor ref = reference(cc, () -> NAIVE.conv2d(x, w, b, cc.spec()));
            TwinCheck.assertTwin("conv2d", cc + " default species, AUTO", ref, vk.conv2d(x, w, b, cc.spec()),
                    TwinCheck.TWIN_F32.forReduction(cc.reduction()));
        }
    }

    @Test
    void conv_leaves_its_inputs_unchanged() {
        ConvCase cc = namedConvCases().get(5);
        for (ConvVersion v : List.of(ConvVersion.OUTPUT_COLUMNS, ConvVersion.OUTPUT_CHANNELS)) {
            Tensor x = cc.x(), w = cc.weight(), b = cc.b();
            new VectorKernels(VectorKernels.PREFERRED, v).conv2d(x, w, b, cc.spec());
            assertThat(x.data()).as("x after " + v).containsExactly(cc.x().data());
            assertThat(w.data()).as("w after " + v).containsExactly(cc.weight().data());
            assertThat(b.data()).as("bias after " + v).containsExactly(cc.b().data());
        }
    }

    // ---- pooling --------------------------------------------------------------------------------

    record PoolCase(int n, int c, int h, int w, Pool2dSpec spec) {
        Tensor x() {
            long seed = 7L * n + 11L * c + 13L * h + 17L * w + 100L * spec.kh() + 1000L * spec.strideH() + 10_000L * spec.padH();
            return Tensor.randn(seed, n, c, h, w);
        }

        @Override public String toString() {
            return "x" + Shape.str(n, c, h, w) + " kernel=" + spec.kh() + " stride=" + spec.strideH() + " pad=" + spec.padH()
                    + " ceil_mode=" + spec.ceilMode() + " count_include_pad=" + spec.countIncludePad();
        }
    }

    private static final int[][] POOL_SIZES = {{2, 3, 7, 9}, {1, 5, 8, 13}, {3, 2, 5, 5}, {1, 17, 15, 17}, {1, 1, 1, 1}, {1, 4, 2, 31}};

    static List<PoolCase> poolCases() {
        List<PoolCase> cases = new ArrayList<>();
        int next = 0;
        for (int k : new int[] {2, 3})
            for (int stride : new int[] {1, 2})
                for (int pad : new int[] {0, 1})
                    for (boolean ceil : new boolean[] {false, true})
                        for (boolean cip : new boolean[] {true, false}) {
                            Pool2dSpec s = Pool2dSpec.of(k, stride, pad, ceil).withCountIncludePad(cip);
                            for (int taken = 0; taken < 2; next++) {      // two sizes per spec, cycling the list
                                int[] d = POOL_SIZES[next % POOL_SIZES.length];
                                if (s.outH(d[2]) < 1 || s.outW(d[3]) < 1) continue;
                                cases.add(new PoolCase(d[0], d[1], d[2], d[3], s));
                                taken++;
                            }
                        }
        return cases;
    }

    static Stream<Arguments> poolArguments() { return perWidth(poolCases()); }

    @ParameterizedTest(name = "{0}-bit: {1}")
    @MethodSource("poolArguments")
    void panama_max_pool_matches_naive_exactly(int bits, PoolCase pc) {
        Tensor x = pc.x();
        Tensor ref = reference(List.of("max", pc), () -> NAIVE.maxPool2d(x, pc.spec()));
        TwinCheck.assertTwin("maxPool2d", pc + " species=" + bits + "-bit", ref,
                kernels(bits, ConvVersion.AUTO).maxPool2d(x, pc.spec()), TwinCheck.EXACT);
    }

    @ParameterizedTest(name = "{0}-bit: {1}")
    @MethodSource("poolArguments")
    void panama_avg_pool_matches_naive(int bits, PoolCase pc) {
        Tensor x = pc.x();
        Tensor ref = reference(List.of("avg", pc), () -> NAIVE.avgPool2d(x, pc.spec()));
        TwinCheck.assertTwin("avgPool2d", pc + " species=" + bits + "-bit", ref,
                kernels(bits, ConvVersion.AUTO).avgPool2d(x, pc.spec()), TwinCheck.POOL_F32);
    }

    static Stream<Arguments> adaptiveArguments() {
        int[][] sizes = {{1, 3, 7, 7}, {2, 5, 9, 13}, {1, 2, 5, 5}, {3, 4, 15, 17}, {1, 1, 1, 1}, {1, 3, 19, 21}};
        int[][] outs = {{1, 1}, {2, 3}, {7, 7}, {3, 1}};
        List<int[]> cases = new ArrayList<>();
        for (int[] s : sizes) for (int[] o : outs) cases.add(new int[] {s[0], s[1], s[2], s[3], o[0], o[1]});
        return perWidth(cases);
    }

    @ParameterizedTest(name = "{0}-bit: {1}")
    @MethodSource("adaptiveArguments")
    void panama_adaptive_avg_pool_matches_naive(int bits, int[] c) {
        Tensor x = Tensor.randn(c[2] * 100L + c[3], c[0], c[1], c[2], c[3]);
        String name = "x" + Shape.str(c[0], c[1], c[2], c[3]) + " -> (" + c[4] + ", " + c[5] + ") species=" + bits + "-bit";
        Tensor ref = NAIVE.adaptiveAvgPool2d(x, c[4], c[5]);
        TwinCheck.assertTwin("adaptiveAvgPool2d", name, ref,
                kernels(bits, ConvVersion.AUTO).adaptiveAvgPool2d(x, c[4], c[5]), TwinCheck.POOL_F32);
    }

    // ---- linear ---------------------------------------------------------------------------------

    static Stream<Arguments> linearArguments() {
        List<int[]> cases = new ArrayList<>();
        int i = 0;
        for (int in : new int[] {1, 15, 16, 17, 2048})
            for (int outF : new int[] {1, 10, 1000}) cases.add(new int[] {i % 2 == 0 ? 2 : 1, in, outF, i++ % 3 == 0 ? 0 : 1});
        return perWidth(cases);
    }

    @ParameterizedTest(name = "{0}-bit: {1}")
    @MethodSource("linearArguments")
    void panama_linear_matches_naive(int bits, int[] c) {
        int n = c[0], in = c[1], outF = c[2];
        boolean hasBias = c[3] == 1;
        Tensor x = Tensor.randn(in * 7L + outF, n, in), w = Tensor.randn(in * 7L + outF + 1, outF, in);
        Tensor b = hasBias ? Tensor.randn(in * 7L + outF + 2, outF) : null;
        String name = "x" + Shape.str(n, in) + " w" + Shape.str(outF, in) + (hasBias ? " bias" : " no-bias") + " species=" + bits + "-bit";
        Tensor ref = reference(List.of("linear", n, in, outF, hasBias), () -> NAIVE.linear(x, w, b));
        TwinCheck.assertTwin("linear", name, ref, kernels(bits, ConvVersion.AUTO).linear(x, w, b),
                TwinCheck.TWIN_F32.forReduction(in + (hasBias ? 1 : 0)));
    }

    // ---- element-wise ---------------------------------------------------------------------------

    static Stream<Arguments> elementwiseShapes() {
        List<int[]> shapes = List.of(new int[] {1}, new int[] {7}, new int[] {15}, new int[] {16}, new int[] {17},
                new int[] {2, 31}, new int[] {1, 3, 5, 7}, new int[] {2, 17, 4, 4}, new int[] {3, 5, 1, 1},
                new int[] {2, 33}, new int[] {1, 64, 7, 7}, new int[] {1, 16, 20, 20});
        return perWidth(shapes);
    }

    @ParameterizedTest(name = "{0}-bit: {1}")
    @MethodSource("elementwiseShapes")
    void panama_relu_and_add_are_bit_identical_to_naive(int bits, int[] shape) {
        Tensor a = Tensor.randn(shape.length * 31L + shape[0], shape), b = Tensor.randn(shape.length * 31L + 5, shape);
        VectorKernels vk = kernels(bits, ConvVersion.AUTO);
        String name = "x" + Shape.str(shape) + " species=" + bits + "-bit";
        TwinCheck.assertTwin("relu", name, NAIVE.relu(a), vk.relu(a), TwinCheck.EXACT);
        TwinCheck.assertTwin("add", name, NAIVE.add(a, b), vk.add(a, b), TwinCheck.EXACT);
    }

    @ParameterizedTest(name = "{0}-bit: {1}")
    @MethodSource("elementwiseShapes")
    void panama_batch_norm_is_bit_identical_to_naive(int bits, int[] shape) {
        if (shape.length < 2) return;                          // batch_norm needs (N, C, ...)
        int C = shape[1];
        Tensor x = Tensor.randn(C * 3L + shape.length, shape);
        Tensor gamma = Tensor.randn(C + 1L, C), beta = Tensor.randn(C + 2L, C), mean = Tensor.randn(C + 3L, C);
        Tensor var = Tensor.uniform(C + 4L, 0.05f, 3f, C);
        String name = "x" + Shape.str(shape) + " eps=1e-5 species=" + bits + "-bit";
        TwinCheck.assertTwin("batchNorm", name, NAIVE.batchNorm(x, gamma, beta, mean, var, 1e-5f),
                kernels(bits, ConvVersion.AUTO).batchNorm(x, gamma, beta, mean, var, 1e-5f), TwinCheck.EXACT);
    }

    @ParameterizedTest(name = "{0}-bit")
    @MethodSource("widths")
    void panama_relu_and_add_keep_special_values_like_naive(int bits) {
        float[] special = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.MIN_VALUE,
                -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 3.5f, -2.25f, Float.MIN_NORMAL, -7f, 0.5f, Float.NaN};
        Tensor a = Tensor.of(special.clone(), special.length);
        float[] rev = new float[special.length];
        for (int i = 0; i < rev.length; i++) rev[i] = special[rev.length - 1 - i];
        Tensor b = Tensor.of(rev, rev.length);
        VectorKernels vk = kernels(bits, ConvVersion.AUTO);
        TwinCheck.assertTwin("relu", "special values species=" + bits + "-bit", NAIVE.relu(a), vk.relu(a), TwinCheck.EXACT);
        TwinCheck.assertTwin("add", "special values species=" + bits + "-bit", NAIVE.add(a, b), vk.add(a, b), TwinCheck.EXACT);
    }

    @ParameterizedTest(name = "{0}-bit")
    @MethodSource("widths")
    void flatten_is_the_shared_default(int bits) {
        Tensor x = Tensor.randn(3, 2, 3, 4, 5);
        Tensor got = kernels(bits, ConvVersion.AUTO).flatten(x, 1);
        TwinCheck.assertTwin("flatten", "x(2, 3, 4, 5) start_dim=1 species=" + bits + "-bit", NAIVE.flatten(x, 1), got, TwinCheck.EXACT);
    }
}
