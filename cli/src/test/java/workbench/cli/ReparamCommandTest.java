/*
 * ./workbench reparam convert, table reparam and bench reparam as a user runs them. Expected
 * weights come from the golden cases made with the official code (deploy_params/,
 * deploy_state_dict/), never from our own fusion.
 */
package workbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import workbench.io.NpzWriter;
import workbench.io.StateDict;
import workbench.tensor.Tensor;

class ReparamCommandTest {
    static final Path DATA = Path.of("../golden-tests/data/reparam");
    static final Path MIXED = Path.of("src/test/resources/reparam/mixed_train.pth");
    /** The golden tolerance of chapter 03 (GoldenTolerances.REPARAM_F32): fused weights vs the official ones. */
    static final double ATOL = 2e-5;

    static void assertSameTensors(Map<String, Tensor> official, Map<String, Tensor> ours, String prefix) {
        for (Map.Entry<String, Tensor> e : official.entrySet()) {
            Tensor got = ours.get(prefix + e.getKey());
            assertThat(got).as("deploy key " + prefix + e.getKey()).isNotNull();
            assertThat(got.shape()).isEqualTo(e.getValue().shape());
            assertThat((double) got.maxAbsDiff(e.getValue())).as(prefix + e.getKey()).isLessThanOrEqualTo(ATOL);
        }
    }

    @Test
    void a_whole_repvgg_converts_to_the_official_deploy_state_dict(@TempDir Path tmp) {
        Path out = tmp.resolve("deploy.safetensors");
        CliRunner r = CliRunner.run("reparam", "convert", DATA.resolve("model_tiny_c10/state_dict").toString(), out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("RepVGG(num_blocks [2, 2, 2, 1]").contains("max|train - deploy|").contains("wrote");
        StateDict ours = StateDict.load(out), official = StateDict.load(DATA.resolve("model_tiny_c10/deploy_state_dict"));
        assertThat(ours.keys()).containsExactlyInAnyOrderElementsOf(official.keys());
        assertSameTensors(official.asMap(), ours.asMap(), "");
    }

    @Test
    void a_pth_with_three_kinds_of_blocks_under_prefixes_converts_each_and_keeps_the_rest(@TempDir Path tmp) {
        Path out = tmp.resolve("deploy.npz");
        CliRunner r = CliRunner.run("reparam", "convert", MIXED.toString(), out.toString(), "--impl", "naive");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("backbone.0").contains("backbone.1").contains("head.acb").contains("converted 3 units");
        StateDict ours = StateDict.load(out);
        assertThat(ours.keys()).containsExactly("backbone.0.rbr_reparam.weight", "backbone.0.rbr_reparam.bias",
                "backbone.1.dbb_reparam.weight", "backbone.1.dbb_reparam.bias", "head.acb.fused_conv.weight", "head.acb.fused_conv.bias",
                "head.fc.weight");
        assertSameTensors(StateDict.load(DATA.resolve("block_c16_c16_s1_g2/deploy_params")).asMap(), ours.asMap(), "backbone.0.");
        assertSameTensors(StateDict.load(DATA.resolve("dbb_c8_c8_k3_s1_g2/deploy_params")).asMap(), ours.asMap(), "backbone.1.");
        assertSameTensors(StateDict.load(DATA.resolve("acb_c8_c8_k3_p1_s1/deploy_params")).asMap(), ours.asMap(), "head.acb.");
        assertThat(ours.get("head.fc.weight").data()[11]).isEqualTo(11f);
    }

    @Test
    void an_already_deployed_checkpoint_is_reported_and_nothing_is_written(@TempDir Path tmp) {
        Path out = tmp.resolve("again.safetensors");
        CliRunner r = CliRunner.run("reparam", "convert", DATA.resolve("model_tiny_c10/deploy_state_dict").toString(), out.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("already in deploy form").contains("8 fused blocks").contains("nothing to convert");
        assertThat(out).doesNotExist();
    }

    @Test
    void a_checkpoint_missing_branch_keys_gets_an_error_listing_them(@TempDir Path tmp) throws IOException {
        Map<String, Tensor> sd = new LinkedHashMap<>(StateDict.load(DATA.resolve("model_tiny_c10/state_dict")).asMap());
        sd.remove("stage1.1.rbr_1x1.bn.running_var");
        sd.remove("stage2.1.rbr_identity.weight");
        Path in = tmp.resolve("broken.npz"), out = tmp.resolve("out.npz");
        NpzWriter.write(in, sd);
        CliRunner r = CliRunner.run("reparam", "convert", in.toString(), out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("broken.npz").contains("missing (2)")
                .contains("stage1.1.rbr_1x1.bn.running_var").contains("stage2.1.rbr_identity.weight").contains("HINT")
                .doesNotContain("at workbench.");
        assertThat(out).doesNotExist();

        Map<String, Tensor> dbb = new LinkedHashMap<>(StateDict.load(DATA.resolve("dbb_c8_c8_k3_s1/params")).asMap());
        dbb.remove("dbb_1x1_kxk.conv2.weight");
        Path in2 = tmp.resolve("dbb.npz");
        NpzWriter.write(in2, dbb);
        CliRunner r2 = CliRunner.run("reparam", "convert", in2.toString(), out.toString());
        assertThat(r2.exit()).isEqualTo(1);
        assertThat(r2.err()).contains("DiverseBranchBlock").contains("missing").contains("dbb_1x1_kxk.conv2.weight");
    }

    @Test
    void a_checkpoint_of_something_else_is_refused_with_what_was_looked_for(@TempDir Path tmp) throws IOException {
        Path in = tmp.resolve("resnet_like.npz");
        NpzWriter.write(in, Map.of("conv1.weight", Tensor.zeros(4, 3, 3, 3), "fc.weight", Tensor.zeros(2, 4)));
        CliRunner r = CliRunner.run("reparam", "convert", in.toString(), tmp.resolve("o.npz").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no RepVGG, DBB or ACNet block").contains("rbr_dense.conv.weight")
                .contains("dbb_origin.conv.weight").contains("square_conv.weight").contains("HINT");
        CliRunner bad = CliRunner.run("reparam", "convert", MIXED.toString(), tmp.resolve("o.pth").toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("write .safetensors or .npz");
        assertThat(Files.exists(tmp.resolve("o.pth"))).isFalse();
    }

    @Test
    void table_reparam_prints_the_facts() {
        CliRunner r = CliRunner.run("table", "reparam");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("9,108,968").contains("8,309,384").contains("110,960,872").contains("RepVGG-B3g4")
                .doesNotContain("DIFFERS");
    }

    @Test
    void the_bench_suite_validates_both_forms_and_reports_a_ratio_per_block_and_twin() {
        java.io.StringWriter sw = new java.io.StringWriter();
        var rows = new ReparamBench(8, 12, 1, 32, Impl.both.kernels(), Impl.vectorized.kernels()).run(new java.io.PrintWriter(sw));
        assertThat(rows).hasSize(7);
        assertThat(rows).extracting(ReparamBench.Row::what).contains("RepVGGBlock 8->8", "DBB 8->8 k3", "ACBlock 8->8 k3", "RepVGG-A0");
        assertThat(rows).allSatisfy(r -> assertThat(r.ratio()).isPositive().isFinite());
        assertThat(sw.toString()).contains("train ms").contains("fused ms").contains("ratio").contains("naive").contains("vectorized");
    }

    @Test
    void a_whole_model_saved_from_data_parallel_keeps_its_module_prefix(@TempDir Path tmp) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        StateDict.load(DATA.resolve("model_tiny_c10/state_dict")).asMap().forEach((k, v) -> sd.put("module." + k, v));
        Path in = tmp.resolve("dp.npz"), out = tmp.resolve("dp_deploy.safetensors");
        NpzWriter.write(in, sd);
        CliRunner r = CliRunner.run("reparam", "convert", in.toString(), out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("module ").contains("RepVGG(num_blocks [2, 2, 2, 1]");
        assertSameTensors(StateDict.load(DATA.resolve("model_tiny_c10/deploy_state_dict")).asMap(), StateDict.load(out).asMap(), "module.");
    }

    @Test
    void golden_check_runs_a_chapter_03_case_on_both_twins() {
        CliRunner r = CliRunner.run("golden", "check", DATA.resolve("dbb_c8_c8_k3_s1_g8_depthwise").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("naive vs DingXiaoH/DiverseBranchBlock").contains("vectorized").contains("fused_avg_kernel")
                .contains("deploy_params/dbb_reparam.weight").contains("tol=2e-05").doesNotContain("NOT OK");
    }
}
