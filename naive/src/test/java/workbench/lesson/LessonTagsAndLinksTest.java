/*
 * Keeps lessons and code pointing at each other (STYLE.md: "a lesson section links to the code that
 * implements it; a test keeps those links alive").
 *   - every "Sec. x.y" tag in a chapter package (naive/ and vectorized/, workbench/<slug>/) names a
 *     heading "x.y ..." of chapters/NN-slug/README.md;
 *   - every relative link in chapters/**.md and the root README.md resolves, #fragments included;
 *   - every lesson links to at least one Java source file.
 * The checks live in LessonChecker; the nested CheckerCanFail tests run it on small fake repositories
 * to show that each check does report what it is meant to catch (so a green run is not vacuous).
 */
package workbench.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonTagsAndLinksTest {

    /** The real repository, found from the working directory (surefire runs in naive/). */
    private static LessonChecker repository() {
        return new LessonChecker(LessonChecker.findRepositoryRoot(Path.of("")));
    }

    @Test
    void every_paper_tag_in_chapter_code_names_a_heading_of_its_lesson() {
        List<String> problems = repository().badPaperTags();
        assertThat(problems)
                .withFailMessage("%s", report("paper tags without a matching lesson heading", problems))
                .isEmpty();
    }

    @Test
    void every_relative_link_in_the_lessons_resolves() {
        List<String> problems = repository().brokenLinks();
        assertThat(problems)
                .withFailMessage("%s", report("broken links", problems))
                .isEmpty();
    }

    @Test
    void every_lesson_links_to_java_source() {
        LessonChecker checker = repository();
        assertThat(checker.lessons()).as("lessons under chapters/").isNotEmpty();
        List<String> problems = checker.lessonsWithoutJavaLinks();
        assertThat(problems)
                .withFailMessage("%s", report("lessons that link to no code", problems))
                .isEmpty();
    }

    private static String report(String what, List<String> problems) {
        return problems.size() + " " + what + ":\n  " + String.join("\n  ", problems);
    }

    /** Meta-tests: the checker, fed a fake repository, reports each kind of mistake by file and line. */
    @Nested
    class CheckerCanFail {

        @TempDir
        Path repo;

        private static final String GOOD_LESSON = """
                # 01 — Fake: a lesson

                Run it with `./workbench run fake`.

                ## 3.1 Residual learning

                See [Block](../../naive/src/main/java/workbench/resnet/Block.java) and
                [the numbers](#reading-the-numbers-parameters-and-multiply-adds).

                ## 3.2 Identity mapping by shortcuts

                ```python
                # 9.9 not a heading: inside a code fence
                [not a link](missing-inside-fence.md)
                ```

                Inline code is not a link either: `[x](missing-inside-code.md)`.

                ### The v1.5 deviation: stride on the 3x3

                ## Reading the numbers: parameters and multiply-adds

                Back to [the deviation](README.md#the-v15-deviation-stride-on-the-3x3),
                [the folder](../../naive/), [a site](https://example.org/nowhere.md).
                """;

        private static final String GOOD_CODE = """
                package workbench.resnet;
                // Block (Sec. 3.1); shortcut per Sec. 3.2, Eq. (1).
                final class Block {}
                """;

        private void write(String path, String text) throws IOException {
            Path file = repo.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }

        private LessonChecker consistentRepository() throws IOException {
            write("pom.xml", "<project/>\n");
            write("chapters/01-resnet/README.md", GOOD_LESSON);
            write("naive/src/main/java/workbench/resnet/Block.java", GOOD_CODE);
            return new LessonChecker(repo);
        }

        @Test
        void passes_a_consistent_chapter() throws IOException {
            LessonChecker checker = consistentRepository();
            assertThat(checker.badPaperTags()).isEmpty();
            assertThat(checker.brokenLinks()).isEmpty();
            assertThat(checker.lessonsWithoutJavaLinks()).isEmpty();
        }

        @Test
        void reports_a_tag_whose_section_has_no_heading() throws IOException {
            LessonChecker checker = consistentRepository();
            write("vectorized/src/main/java/workbench/resnet/PanamaBlock.java", """
                    package workbench.resnet;
                    // fine: Sec. 3.2
                    // wrong: Sec. 4.1 and Sec. 3 (no heading starts with "3 ")
                    final class PanamaBlock {}
                    """);

            List<String> problems = checker.badPaperTags();

            assertThat(problems).hasSize(2);
            assertThat(problems.get(0)).startsWith(
                    "vectorized/src/main/java/workbench/resnet/PanamaBlock.java:3: Sec. 4.1 — no heading \"4.1 ...\""
                            + " in chapters/01-resnet/README.md (headings: \"3.1 Residual learning\", "
                            + "\"3.2 Identity mapping by shortcuts\")");
            assertThat(problems.get(1)).startsWith(
                    "vectorized/src/main/java/workbench/resnet/PanamaBlock.java:3: Sec. 3 — no heading \"3 ...\"");
        }

        @Test
        void reports_a_tag_in_a_chapter_package_without_a_lesson() throws IOException {
            LessonChecker checker = consistentRepository();
            write("naive/src/main/java/workbench/vggish/LogMel.java", "// log-mel, Sec. 2\n");
            write("vectorized/src/main/java/workbench/vectorized/ssd/PanamaNms.java", "\n// NMS, Sec. 2.2\n");
            write("naive/src/main/java/workbench/kernels/Shared.java", "// shared code, Sec. 7: not checked\n");

            assertThat(checker.badPaperTags()).containsExactly(
                    "naive/src/main/java/workbench/vggish/LogMel.java:1: Sec. 2 — no lesson"
                            + " chapters/02-vggish/README.md for package workbench.vggish"
                            + "\n  ---> HINT: write the lesson, or drop the tag.",
                    "vectorized/src/main/java/workbench/vectorized/ssd/PanamaNms.java:2: Sec. 2.2 — no lesson"
                            + " chapters/05-ssd/README.md for package workbench.ssd"
                            + "\n  ---> HINT: write the lesson, or drop the tag.");
        }

        @Test
        void reports_a_link_to_a_missing_file() throws IOException {
            LessonChecker checker = consistentRepository();
            write("chapters/01-resnet/notes.md", """
                    # Notes

                    The [missing block](../../naive/src/main/java/workbench/resnet/Missing.java) and
                    ![a figure](img/fig1.png) and [up and out](../../../elsewhere.md).

                    [ref]: ../../golden-tests/data/resnet/
                    """);
            write("README.md", "[chapter one](chapters/01-resnet/READ_ME.md)\n");

            assertThat(checker.brokenLinks()).containsExactly(
                    "README.md:1: link \"chapters/01-resnet/READ_ME.md\" — no such file or folder"
                            + " chapters/01-resnet/READ_ME.md",
                    "chapters/01-resnet/notes.md:3: link \"../../naive/src/main/java/workbench/resnet/Missing.java\""
                            + " — no such file or folder naive/src/main/java/workbench/resnet/Missing.java",
                    "chapters/01-resnet/notes.md:4: link \"img/fig1.png\" — no such file or folder"
                            + " chapters/01-resnet/img/fig1.png",
                    "chapters/01-resnet/notes.md:4: link \"../../../elsewhere.md\" — points outside the repository ("
                            + repo.toAbsolutePath().normalize().getParent().resolve("elsewhere.md") + ")",
                    "chapters/01-resnet/notes.md:6: link \"../../golden-tests/data/resnet/\" — no such file or folder"
                            + " golden-tests/data/resnet");
        }

        @Test
        void reports_a_fragment_that_matches_no_heading() throws IOException {
            LessonChecker checker = consistentRepository();
            write("chapters/02-vggish/README.md", """
                    # 02 — Fake two

                    Code: [Block](../../naive/src/main/java/workbench/resnet/Block.java).
                    Wrong anchors: [3.2](../01-resnet/README.md#3.2-identity-mapping-by-shortcuts),
                    [here](#no-such-section), [right](../01-resnet/README.md#32-identity-mapping-by-shortcuts).
                    """);

            List<String> problems = checker.brokenLinks();

            assertThat(problems).hasSize(2);
            assertThat(problems.get(0)).startsWith(
                    "chapters/02-vggish/README.md:4: link \"../01-resnet/README.md#3.2-identity-mapping-by-shortcuts\""
                            + " — no heading with anchor \"#3.2-identity-mapping-by-shortcuts\" in chapters/01-resnet/README.md"
                            + " (anchors: 01--fake-a-lesson, 31-residual-learning, 32-identity-mapping-by-shortcuts,");
            assertThat(problems.get(1)).startsWith(
                    "chapters/02-vggish/README.md:5: link \"#no-such-section\" — no heading with anchor"
                            + " \"#no-such-section\" in chapters/02-vggish/README.md (anchors: 02--fake-two)");
        }

        @Test
        void reports_a_lesson_that_links_to_no_java_source() throws IOException {
            LessonChecker checker = consistentRepository();
            write("chapters/05-ssd/README.md", """
                    # 05 — SSD

                    Only prose and [a sibling lesson](../01-resnet/README.md); the code is mentioned
                    as `naive/src/main/java/workbench/ssd/PriorBox.java`, which is not a link.
                    """);

            List<String> problems = checker.lessonsWithoutJavaLinks();

            assertThat(problems).hasSize(1);
            assertThat(problems.getFirst()).startsWith("chapters/05-ssd/README.md: links to no Java source file");
        }

        @Test
        void finds_the_repository_root_from_a_module_folder() throws IOException {
            consistentRepository();
            Path module = Files.createDirectories(repo.resolve("naive/src/test"));

            assertThat(LessonChecker.findRepositoryRoot(module)).isEqualTo(repo.toAbsolutePath().normalize());
        }
    }

    @Test
    void anchors_follow_github_rules() {
        assertThat(LessonChecker.githubSlug("3.2 Identity mapping by shortcuts")).isEqualTo("32-identity-mapping-by-shortcuts");
        assertThat(LessonChecker.githubSlug("01 — ResNet: deep residual learning")).isEqualTo("01--resnet-deep-residual-learning");
        assertThat(LessonChecker.githubSlug("torchvision's resnet.py, walked through")).isEqualTo("torchvisions-resnetpy-walked-through");
        assertThat(LessonChecker.githubSlug("_make_layer")).isEqualTo("_make_layer");
        assertThat(LessonChecker.githubSlug(LessonChecker.visibleText("Weight names and `state_dict` keys")))
                .isEqualTo("weight-names-and-state_dict-keys");

        List<LessonChecker.Heading> headings = LessonChecker.headings(List.of(
                "# Title", "", "## Notes", "text", "## Notes", "", "Setext two", "----------", "```", "# code", "```"));
        assertThat(headings).extracting(LessonChecker.Heading::anchor)
                .containsExactly("title", "notes", "notes-1", "setext-two");
        assertThat(headings).extracting(LessonChecker.Heading::line).containsExactly(1, 3, 5, 7);
    }
}
