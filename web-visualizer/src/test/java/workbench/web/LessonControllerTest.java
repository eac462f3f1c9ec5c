/*
 * The lesson renderer behind /lesson/NN-slug: GitHub's heading anchors (so a fragment works here and on
 * a Git host), inline Markdown, links that span lines, and the section links the /vggish panels use.
 * Not here: the page itself over HTTP (VggishApiTest).
 */
package workbench.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LessonControllerTest {
    @Test
    void anchors_follow_githubs_rule() {
        assertThat(LessonController.anchor("3.1 Training: the input features")).isEqualTo("31-training-the-input-features");
        assertThat(LessonController.anchor("vggish_postprocess.py")).isEqualTo("vggish_postprocesspy");
        assertThat(LessonController.anchor("Periodic vs symmetric Hann")).isEqualTo("periodic-vs-symmetric-hann");
        assertThat(LessonController.anchor("02 — VGGish: log-mel patches")).isEqualTo("02--vggish-log-mel-patches");
    }

    @Test
    void inline_markdown_is_escaped_and_source_links_become_their_text() {
        assertThat(LessonController.inline("`a < b` and **bold** and *periodic* Hann, 2 * 3 * 4"))
                .isEqualTo("<code>a &lt; b</code> and <b>bold</b> and <i>periodic</i> Hann, 2 * 3 * 4");
        assertThat(LessonController.inline("see [Resampler](../../naive/Resampler.java) and [Sec. 4.4](#44-embeddings)"))
                .isEqualTo("see <span title=\"../../naive/Resampler.java\">Resampler</span> and <a href=\"#44-embeddings\">Sec. 4.4</a>");
    }

    @Test
    void a_section_link_is_found_by_the_start_of_its_heading_and_a_missing_one_says_so() {
        Workbench wb = new Workbench(TestServer.defaults());
        try {
            assertThat(wb.options().chaptersDir()).isEqualTo(Path.of("..").toAbsolutePath().normalize().resolve("chapters"));
            var found = LessonController.link(wb, "02-vggish", "4.4");
            assertThat(found.get("found")).isEqualTo(true);
            assertThat(found.get("href")).isEqualTo("/lesson/02-vggish#44-embeddings-for-audioset");
            var missing = LessonController.link(wb, "02-vggish", "9.9");
            assertThat(missing.get("found")).isEqualTo(false);
            assertThat(missing.get("href")).isEqualTo("/lesson/02-vggish");
        } finally {
            wb.close();
        }
    }
}
