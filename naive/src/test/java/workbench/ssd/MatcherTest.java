/*
 * The two matchers side by side (Sec. 2.2 "Matching strategy"): torchvision's Matcher thresholds and low-quality
 * matches, SSDMatcher's forced best match, and the cases where caffe's bipartite-then-per-prediction rule and
 * torchvision's SSDMatcher disagree.
 */
package workbench.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatcherTest {
    @Test
    void matcher_marks_below_low_and_between_thresholds() {
        float[][] q = {{0.9f, 0.45f, 0.2f}, {0.1f, 0.5f, 0.35f}};
        assertThat(new Matcher(0.7f, 0.3f, false).match(q)).containsExactly(0, Matcher.BETWEEN_THRESHOLDS, Matcher.BETWEEN_THRESHOLDS);
        assertThat(new Matcher(0.5f, 0.5f, false).match(q)).containsExactly(0, 1, Matcher.BELOW_LOW_THRESHOLD);
    }

    @Test
    void low_quality_matches_give_a_weak_ground_truth_its_best_boxes_ties_included() {
        float[][] q = {{0.9f, 0.1f, 0.1f}, {0.0f, 0.3f, 0.3f}};
        assertThat(new Matcher(0.5f, 0.4f, false).match(q)).containsExactly(0, -1, -1);
        assertThat(new Matcher(0.5f, 0.4f, true).match(q)).containsExactly(0, 1, 1);
    }

    @Test
    void two_ground_truths_wanting_the_same_default_box_differ_between_caffe_and_torchvision() {
        // gt 0 and gt 1 both overlap box 0 best; nothing reaches 0.5 elsewhere
        float[][] q = {{0.45f, 0.40f, 0.0f}, {0.48f, 0.0f, 0.30f}};
        // torchvision: gt 0 forced onto box 0, then gt 1 overwrites it; gt 0 ends with no default box at all
        assertThat(Matcher.ssdMatch(q, 0.5f)).containsExactly(1, -1, -1);
        // caffe: bipartite takes the largest overlap first (gt 1 -> box 0), then gt 0 gets its next best (box 1)
        assertThat(Matcher.caffeMatch(q, 0.5f)).containsExactly(1, 0, -1);
    }

    @Test
    void a_ground_truth_touching_no_default_box_is_forced_onto_box_0_by_torchvision_and_left_out_by_caffe() {
        float[][] q = {{0.7f, 0.2f, 0.0f}, {0.0f, 0.0f, 0.0f}};
        assertThat(Matcher.ssdMatch(q, 0.5f)).containsExactly(1, -1, -1);
        assertThat(Matcher.caffeMatch(q, 0.5f)).containsExactly(0, -1, -1);
    }

    @Test
    void both_matchers_agree_when_every_ground_truth_has_its_own_best_box() {
        float[][] q = {{0.8f, 0.55f, 0.1f, 0.0f}, {0.0f, 0.2f, 0.6f, 0.52f}};
        assertThat(Matcher.ssdMatch(q, 0.5f)).containsExactly(Matcher.caffeMatch(q, 0.5f)).containsExactly(0, 0, 1, 1);
    }

    @Test
    void an_empty_quality_matrix_is_refused_with_a_hint() {
        assertThatThrownBy(() -> new Matcher(0.5f, 0.5f, false).match(new float[0][0]))
                .hasMessageContaining("no ground-truth boxes").hasMessageContaining("HINT");
    }
}
