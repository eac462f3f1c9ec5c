/*
 * Chapter 03 against the official code (DingXiaoH/RepVGG, DingXiaoH/DiverseBranchBlock): every
 * committed case in data/reparam - RepVGG blocks (identity, stride 2, groups, SE), a whole RepVGG
 * before and after conversion, RepVGG-A0's key list, DBB (groups, stride 2, depthwise) and ACNet
 * (stride 2, cropping) - on both twins, every tensor by name within GoldenTolerances.REPARAM_F32.
 * The meta-tests show the comparison fails when a reference tensor or a fusion step is wrong.
 */
package workbench.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import workbench.io.NpyReader;
import workbench.io.NpyWriter;
import workbench.kernels.Kernels;
import workbench.kernels.NaiveKernels;
import workbench.reparam.ReparamCheckpoint;
import workbench.tensor.Tensor;

class ReparamGoldenTest {
    static final Path DATA = Path.of("data/reparam");

    static final List<String> SHARED_CASES = List.of("a0_structure", "acb_c8_c16_k3_p1_s2", "acb_c8_c8_k3_p0_s1_crop",
            "acb_c8_c8_k3_p1_s1", "block_c16_c16_s1_g2", "block_c16_c16_s1_se", "block_c8_c16_s2", "block_c8_c8_s1",
            "dbb_c8_c16_k3_s2", "dbb_c8_c8_k3_s1", "dbb_c8_c8_k3_s1_g2", "dbb_c8_c8_k3_s1_g8_depthwise", "model_tiny_c10");

    @Test
    void every_shared_case_is_committed_so_the_suite_cannot_pass_by_skipping() {
        assertThat(GoldenCases.under(DATA).stream().map(p -> p.getFileName().toString()).toList())
                .as("cases in " + DATA.toAbsolutePath()).containsAll(SHARED_CASES);
    }

    @TestFactory
    List<DynamicTest> every_case_matches_the_official_code_on_both_twins() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : GoldenCases.under(DATA)) {
            for (Kernels k : Implementations.both()) {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " on " + k.name(), () -> {
                    GoldenChecker.Result r = GoldenChecker.check(GoldenCase.open(dir), k, GoldenTolerances.CONV_F32, null);
                    if (!r.ok()) fail(r.text());
                    assertThat(r.reports()).allSatisfy(t -> assertThat(t.tol()).isEqualTo(GoldenTolerances.REPARAM_F32));
                }));
            }
        }
        return tests;
    }

    @Test
    void every_result_tensor_of_a_manifest_is_compared_not_skipped() {
        for (Path dir : GoldenCases.under(DATA)) {
            GoldenCase c = GoldenCase.open(dir);
            GoldenChecker.Result r = GoldenChecker.check(c, NaiveKernels.INSTANCE, GoldenTolerances.CONV_F32, null);
            long results = c.files().stream().filter(f -> f.isNpy() && !f.isParameter() && !f.name().equals("input")).count();
            List<String> compared = r.reports().stream().map(TensorReport::name).toList();
            for (GoldenCase.FileEntry f : c.files()) {
                if (f.isNpy() && !f.isParameter() && !f.name().equals("input")) assertThat(compared).as(c + " compares").contains(f.name());
            }
            assertThat(compared.size()).as(c + ": results + deploy state_dict checks").isGreaterThanOrEqualTo((int) results);
        }
    }

    @Test
    void the_a0_structure_case_checks_every_key_and_the_parameter_counts() {
        GoldenChecker.Result r = GoldenChecker.check(GoldenCase.open(DATA.resolve("a0_structure")), NaiveKernels.INSTANCE,
                GoldenTolerances.CONV_F32, null);
        assertThat(r.ok()).as(r.text()).isTrue();
        assertThat(r.text()).contains("official 9,108,968").contains("official 8,309,384").contains("351 official keys")
                .contains("46 official keys");
    }

    /**
     * The checkpoint converter (what `reparam convert` runs) on every case's training-time parameters,
     * rebuilding each block from the weights' shapes alone: its output must be the official
     * deploy state_dict, key for key, within REPARAM_F32.
     */
    @TestFactory
    List<DynamicTest> the_checkpoint_converter_reproduces_every_official_deploy_state_dict() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : GoldenCases.under(DATA)) {
            GoldenCase c = GoldenCase.open(dir);
            boolean model = !c.prefixed("state_dict/").isEmpty();
            Map<String, Tensor> train = model ? c.prefixed("state_dict/") : c.params();
            Map<String, Tensor> official = model ? c.prefixed("deploy_state_dict/") : c.prefixed("deploy_params/");
            if (train.isEmpty()) continue;                       // a0_structure: no weights
            tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                ReparamCheckpoint.Result r = ReparamCheckpoint.convert(train, dir.toString(), NaiveKernels.INSTANCE, 3);
                assertThat(r.alreadyDeployed()).isFalse();
                assertThat(r.deploy().keySet()).containsExactlyElementsOf(official.keySet());
                for (Map.Entry<String, Tensor> e : official.entrySet()) {
                    TensorReport t = TensorReport.compare(e.getKey(), e.getValue(), r.deploy().get(e.getKey()), GoldenTolerances.REPARAM_F32);
                    assertThat(t.ok()).as(t.text()).isTrue();
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(12);
        return tests;
    }

    /** Copies a case and perturbs one reference tensor: the check must fail on exactly that tensor. */
    @Test
    void a_fused_kernel_off_by_3e_5_in_one_element_is_reported(@TempDir Path tmp) throws IOException {
        Path copy = copyCase("dbb_c8_c8_k3_s1_g2", tmp);
        Tensor k = NpyReader.readTensor(copy.resolve("fused_kernel.npy"));
        k.data()[17] += 3e-5f;
        NpyWriter.write(copy.resolve("fused_kernel.npy"), k);
        GoldenChecker.Result r = GoldenChecker.check(GoldenCase.open(copy), NaiveKernels.INSTANCE, GoldenTolerances.CONV_F32, null);
        assertThat(r.ok()).isFalse();
        assertThat(r.reports().stream().filter(t -> !t.ok()).map(TensorReport::name).toList()).containsExactly("fused_kernel");
        assertThat(r.text()).contains("TENSOR NOT OK").contains("bad=1/");
    }

    /** Zero-padding instead of BN(0)-padding in BNAndPadLayer changes only the border: it must be caught. */
    @Test
    void a_bn_and_pad_layer_that_pads_with_zeros_is_caught_at_the_border(@TempDir Path tmp) throws IOException {
        Path copy = copyCase("dbb_c8_c8_k3_s1", tmp);
        // what a zero-padding implementation would produce for dbb_avg.bn: the reference with a zero border
        Tensor ref = NpyReader.readTensor(copy.resolve("branch_dbb_avg_bn.npy"));
        Tensor zeroBorder = ref.copy();
        int H = ref.dim(2), W = ref.dim(3);
        for (int nc = 0; nc < ref.dim(0) * ref.dim(1); nc++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) if (y == 0 || x == 0 || y == H - 1 || x == W - 1) zeroBorder.data()[(nc * H + y) * W + x] = 0;
        NpyWriter.write(copy.resolve("branch_dbb_avg_bn.npy"), zeroBorder);
        GoldenChecker.Result r = GoldenChecker.check(GoldenCase.open(copy), NaiveKernels.INSTANCE, GoldenTolerances.CONV_F32, null);
        assertThat(r.reports().stream().filter(t -> !t.ok()).map(TensorReport::name).toList()).containsExactly("branch_dbb_avg_bn");
    }

    @Test
    void a_manifest_with_unknown_constructor_arguments_says_where_to_look(@TempDir Path tmp) throws IOException {
        Path copy = copyCase("block_c8_c8_s1", tmp);
        Path m = copy.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("\"RepVGGBlock\": {", "\"SomethingElse\": {"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                GoldenChecker.check(GoldenCase.open(copy), NaiveKernels.INSTANCE, GoldenTolerances.CONV_F32, null)))
                .hasMessageContaining("provenance.arguments.RepVGGBlock missing").hasMessageContaining("HINT");
    }

    private static Path copyCase(String name, Path tmp) throws IOException {
        Path src = DATA.resolve(name), dst = tmp.resolve(name);
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return dst;
    }

}
