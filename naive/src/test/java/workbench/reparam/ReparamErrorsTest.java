/*
 * Impossible configurations are refused with a message that says why; blocks in deploy form say
 * they were fused; and the RepVGG family's parameter counts are the facts of the paper and the
 * official code (A0: 9,108,968 train, 8,309,384 deploy; B3: 110,960,872 deploy).
 */
package workbench.reparam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReparamErrorsTest {
    @Test
    void an_identity_branch_with_in_not_equal_to_out_is_refused_with_the_reason() {
        assertThatThrownBy(() -> new RepVGGBlock(8, 16, 3, 1, 1, 1, false, false, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RepVGGBlock(8 -> 16").hasMessageContaining("identity branch needs in == out and stride 1")
                .hasMessageContaining("in=8, out=16").hasMessageContaining("HINT");
        assertThatThrownBy(() -> new RepVGGBlock(8, 8, 3, 2, 1, 1, false, false, true)).hasMessageContaining("stride=2");
    }

    @Test
    void other_impossible_blocks_say_what_is_wrong() {
        assertThatThrownBy(() -> new RepVGGBlock(8, 8, 5, 1, 2, 1, false, false, true)).hasMessageContaining("3x3 with padding 1");
        assertThatThrownBy(() -> new RepVGGBlock(8, 12, 1, 3, false, false)).hasMessageContaining("divisible by groups");
        assertThatThrownBy(() -> new RepVGGBlock(8, 8, 1, 1, false, true)).hasMessageContaining("at least 16 output channels");
        assertThatThrownBy(() -> new DiverseBranchBlock(8, 8, 3, 1, 0, 1, false)).hasMessageContaining("padding == kernel_size // 2");
        assertThatThrownBy(() -> new DiverseBranchBlock(8, 8, 4, 1, 2, 1, false)).hasMessageContaining("odd kernel");
        assertThatThrownBy(() -> new DiverseBranchBlock(16, 8, 3, 1, 1, 8, false)).hasMessageContaining("needs in == out");
        assertThatThrownBy(() -> new ACBlock(8, 8, 4, 1, 1, 1, false)).hasMessageContaining("odd kernel size");
    }

    @Test
    void a_deployed_block_says_its_branches_were_fused() {
        RepVGGBlock b = new RepVGGBlock(8, 8, 1, 1, true, false);
        assertThat(b.isDeployed()).isTrue();
        assertThatThrownBy(b::denseKernelBias).isInstanceOf(IllegalStateException.class).hasMessageContaining("fused into rbr_reparam");
        b.switchToDeploy();    // a second switch does nothing
        assertThat(b.stateDict().keySet()).containsExactly("rbr_reparam.weight", "rbr_reparam.bias");
        DiverseBranchBlock d = new DiverseBranchBlock(8, 8, 3, 1, 1, 1, true);
        assertThatThrownBy(d::avgKernelBias).hasMessageContaining("dbb_reparam");
    }

    @Test
    void se_refuses_non_square_maps_instead_of_pooling_the_wrong_window() {
        RepVGGBlock b = RepVGGs.randomize(new RepVGGBlock(16, 16, 1, 1, false, true), 1);
        assertThatThrownBy(() -> b.call(workbench.tensor.Tensor.randn(1, 1, 16, 6, 8), EquivalenceTest.CTX))
                .hasMessageContaining("square").hasMessageContaining("(1, 16, 6, 8)");
    }

    @Test
    void repvgg_parameter_counts_are_the_official_facts() {
        RepVGG a0 = RepVGGs.create("A0", false);
        assertThat(a0.parameterCount()).isEqualTo(9_108_968L);
        assertThat(RepVGGs.create("RepVGG-A0", true).parameterCount()).isEqualTo(8_309_384L);
        assertThat(RepVGGs.parameterCount(RepVGGs.config("A0"), false)).isEqualTo(9_108_968L);
        assertThat(RepVGGs.parameterCount(RepVGGs.config("B3"), true)).isEqualTo(110_960_872L);
        a0.convertToDeploy();
        assertThat(a0.parameterCount()).isEqualTo(8_309_384L);
    }

    @Test
    void every_variant_in_the_papers_table_matches_its_figure_cut_to_two_decimals() {
        var rows = RepVGGs.table();
        assertThat(rows).extracting(RepVGGs.Row::name).contains("RepVGG-A0", "RepVGG-A1", "RepVGG-A2", "RepVGG-B0", "RepVGG-B1",
                "RepVGG-B2", "RepVGG-B3", "RepVGG-B1g2", "RepVGG-B1g4", "RepVGG-B2g2", "RepVGG-B2g4", "RepVGG-B3g2", "RepVGG-B3g4");
        for (var r : rows) {
            if (r.paperM() != null) assertThat(r.deployMillionsCut()).as(r.name()).isEqualTo(r.paperM());
        }
        assertThat(RepVGGs.format(rows)).contains("9,108,968").contains("8,309,384").contains("110,960,872").doesNotContain("DIFFERS");
    }

    @Test
    void grouped_variants_group_the_even_layers_of_stages_one_to_four() {
        var specs = RepVGGs.config("B1g4").blocks();
        assertThat(specs.get(0).groups()).isEqualTo(1);
        assertThat(specs.stream().filter(s -> s.groups() == 4).map(RepVGGConfig.BlockSpec::globalIndex).toList())
                .containsExactly(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26);
        assertThatThrownBy(() -> RepVGGs.config("C0")).hasMessageContaining("unknown RepVGG 'C0'").hasMessageContaining("RepVGG-B3g4");
    }
}
