/*
 * The clean-up's definitions on small hand-drawn masks (Sec. 2.2): which regions count as holes,
 * which component is kept, what the image border does to erosion and dilation, and the empty and
 * full masks (clear answers, no exceptions). The OpenCV agreement itself is the goldens' job.
 */
package workbench.portrait.matte;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import workbench.portrait.image.Image8;
import workbench.portrait.image.Matte;

class MaskCleanupTest {
    /** '#' = 255, '.' = 0. */
    static Image8 mask(String... rows) {
        Image8 m = new Image8(rows[0].length(), rows.length, 1);
        for (int y = 0; y < rows.length; y++) for (int x = 0; x < rows[y].length(); x++) m.set(x, y, 0, rows[y].charAt(x) == '#' ? 255 : 0);
        return m;
    }

    static String[] draw(Image8 m) {
        String[] rows = new String[m.height()];
        for (int y = 0; y < m.height(); y++) {
            StringBuilder sb = new StringBuilder();
            for (int x = 0; x < m.width(); x++) sb.append(m.get(x, y, 0) != 0 ? '#' : '.');
            rows[y] = sb.toString();
        }
        return rows;
    }

    @Test
    void a_hole_is_background_that_no_four_connected_path_joins_to_the_border() {
        Image8 m = mask(
                "#####...",
                "#..##.#.",
                "#####.#.",
                "##.#..#.",
                "#.#...##");
        // (1,1),(2,1): enclosed -> filled. (2,3): enclosed 4-wise (its diagonal neighbours do not count) -> filled.
        // (1,4): touches the border -> stays. The right-hand region is joined to the border -> stays.
        assertThat(draw(MaskComponents.fillHoles(m))).containsExactly(
                "#####...",
                "#####.#.",
                "#####.#.",
                "####..#.",
                "#.#...##");
    }

    @Test
    void the_largest_eight_connected_component_is_kept_and_diagonals_connect() {
        Image8 m = mask(
                "##....#",
                "..#...#",
                "...#..#",
                ".......");
        // the diagonal chain (4 pixels) beats the column of 3
        assertThat(MaskComponents.count8(m)).isEqualTo(2);
        assertThat(draw(MaskComponents.largestComponent(m))).containsExactly(
                "##.....",
                "..#....",
                "...#...",
                ".......");
        // equal areas: the component whose first pixel comes first in raster order
        assertThat(draw(MaskComponents.largestComponent(mask("#..#", "#..#")))).containsExactly("#...", "#...");
    }

    @Test
    void the_image_border_neither_erodes_nor_dilates() {
        boolean[][] k = Morphology.ellipse(3, 3);
        Image8 full = mask("####", "####", "####");
        assertThat(Morphology.erode(full, k)).isEqualTo(full);
        Image8 dot = mask(".....", ".....", "..#..", ".....");
        assertThat(draw(Morphology.dilate(dot, k))).containsExactly(".....", "..#..", ".###.", "..#..");
        assertThat(draw(Morphology.erode(Morphology.dilate(dot, k), k))).containsExactly(".....", ".....", "..#..", ".....");
    }

    @Test
    void ellipse_kernels_have_opencvs_rounded_rows() {
        assertThat(Morphology.ellipse(5, 5)[0]).containsExactly(false, false, true, false, false);
        assertThat(Morphology.ellipse(5, 5)[1]).containsExactly(true, true, true, true, true);
        assertThat(Morphology.ellipse(1, 1)[0]).containsExactly(true);
    }

    @Test
    void an_empty_probability_gives_empty_stages_and_says_so() {
        MaskCleanup.Stages st = MaskCleanup.clean(new Matte(7, 5), 0.5f, 5);
        assertThat(st.empty()).isTrue();
        assertThat(st.components()).isZero();
        assertThat(st.output()).isEqualTo(new Image8(7, 5, 1));
    }

    @Test
    void a_full_probability_stays_full() {
        float[] a = new float[35];
        java.util.Arrays.fill(a, 0.9f);
        MaskCleanup.Stages st = MaskCleanup.clean(new Matte(7, 5, a), 0.5f, 5);
        assertThat(st.empty()).isFalse();
        assertThat(draw(st.output())).containsOnly("#######");
    }

    @Test
    void the_threshold_is_strict_like_cv2_thresh_binary() {
        Matte p = new Matte(3, 1, new float[] {0.49f, 0.5f, 0.51f});
        assertThat(draw(MaskCleanup.threshold(p, 0.5f))).containsExactly("..#");
    }
}
